import type { Clock, TimerHandle } from '@tickmux/core';
import { LeaseLostError, type LeaseLostReason } from './errors.js';

/** The name (and `slot`) of leader mode's leader lease. */
export const LEADER = 'leader';

/** A lease this instance holds on one of the account's slots (or leader mode's leader lease). */
export interface SlotLease {
  /** The slot, 1..N, or `'leader'`. */
  readonly slot: number | 'leader';
  /** The fencing token: it grows on every acquisition of any slot of the account. */
  readonly token: number;
  /** When it was acquired, `clock.now()`. */
  readonly acquiredAt: number;
  /** When it was last acquired or renewed, `clock.now()`. */
  readonly renewedAt: number;
  /** Aborted, with a `LeaseLostError` as its reason, the moment the lease is lost. */
  readonly signal: AbortSignal;
  /**
   * True while the lease is held and its local deadline has not passed. Check it before every
   * action the lease guards: after a pause (GC, SIGSTOP, a blocked event loop) the timer that
   * aborts `signal` may not have run yet, but this check already says no.
   */
  valid(): boolean;
  /** Throws the `LeaseLostError` unless {@link valid}. */
  assertValid(): void;
}

/** What the coordinator knows of the socket a slot lease guards, to choose the quiet on release. */
export type SocketState = 'unknown' | 'open' | 'clean' | 'unclean';

/** The coordinator's record of a held lease: deadline, expiry timer, abort signal, socket state. */
export class HeldSlot implements SlotLease {
  /** Monotonic ms after which the lease is no longer ours (renewal sent + lease × (1 − drift)). */
  deadline: number;
  renewedAt: number;
  socket: SocketState = 'unknown';
  lostReason: LeaseLostReason | undefined;
  private readonly controller = new AbortController();
  private timer: TimerHandle | undefined;
  private socketWaiters: Array<() => void> = [];

  constructor(
    private readonly clock: Clock,
    readonly name: string,
    readonly slot: number | 'leader',
    readonly token: number,
    readonly value: string,
    deadline: number,
    private readonly onExpire: (held: HeldSlot) => void,
  ) {
    this.deadline = deadline;
    this.renewedAt = clock.now();
    this.acquiredAt = this.renewedAt;
    this.arm();
  }

  readonly acquiredAt: number;

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get ended(): boolean {
    return this.lostReason !== undefined;
  }

  valid(): boolean {
    return this.lostReason === undefined && this.clock.monotonic() < this.deadline;
  }

  assertValid(): void {
    if (!this.valid()) throw new LeaseLostError(this.slot, this.lostReason ?? 'expired');
  }

  /** A renewal sent at monotonic `sentAt` succeeded. */
  extend(deadline: number): void {
    if (this.ended) return;
    this.renewedAt = this.clock.now();
    if (deadline > this.deadline) this.deadline = deadline;
    this.arm();
  }

  /** Ends it: no more valid, `signal` aborted. Idempotent. */
  end(reason: LeaseLostReason): void {
    if (this.ended) return;
    this.lostReason = reason;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.controller.abort(new LeaseLostError(this.slot, reason));
  }

  setSocket(state: SocketState): void {
    this.socket = state;
    if (state !== 'open') for (const w of this.socketWaiters.splice(0)) w();
  }

  /** Resolves once the socket is no longer open, or after `ms`. */
  socketSettled(ms: number): Promise<void> {
    if (this.socket !== 'open' || ms === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = this.clock.setTimeout(done, ms);
      function done() {
        resolve();
      }
      this.socketWaiters.push(() => {
        this.clock.clearTimeout(timer);
        resolve();
      });
    });
  }

  private arm(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    const ms = Math.max(0, Math.ceil(this.deadline - this.clock.monotonic()));
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.onExpire(this);
    }, ms);
  }
}
