import { ErrorCode, TickmuxError } from '@tickmux/core';

/** Why a slot lease ended. */
export type LeaseLostReason =
  /** The local deadline passed without a successful renewal (Redis unreachable, process paused). */
  | 'expired'
  /** A renewal found the lease held by someone else (it expired in Redis and was taken). */
  | 'taken'
  /** Leader mode: the leader lease was lost, and with it every slot. */
  | 'leader-lost'
  /** Share mode: given up so that another instance can take its share. */
  | 'rebalanced'
  /** `stop()`. */
  | 'stopped';

/** A slot lease ended: whatever it guarded (a socket, a write) must stop at once. */
export class LeaseLostError extends TickmuxError {
  constructor(
    readonly slot: number | 'leader',
    readonly reason: LeaseLostReason,
  ) {
    super(ErrorCode.HA_LEASE_LOST, `lease on ${describeSlot(slot)} lost: ${reason}`);
  }
}

/** A fenced write was refused by Redis: the fencing token is no longer the lease's. */
export class FencedError extends TickmuxError {
  constructor(
    readonly slot: number | 'leader',
    readonly token: number,
  ) {
    super(ErrorCode.HA_FENCED, `stale fencing token ${token} on ${describeSlot(slot)}`);
  }
}

/** The coordinator was stopped: nothing more is acquired. */
export class CoordinatorClosedError extends TickmuxError {
  constructor() {
    super(ErrorCode.HA_CLOSED, 'the lease coordinator is stopped');
  }
}

/** A lease store request failed or did not answer within `requestTimeoutMs`. */
export class StoreUnavailableError extends TickmuxError {
  constructor(what: string, options?: { cause?: unknown }) {
    super(ErrorCode.HA_STORE_UNAVAILABLE, `lease store unavailable: ${what}`, options);
  }
}

function describeSlot(slot: number | 'leader'): string {
  return slot === 'leader' ? 'the leader lease' : `slot ${slot}`;
}
