import { ErrorCode, TickmuxError } from '@tickmux/core';
import { CoordinatorClosedError, type LeaseLostReason } from './errors.js';
import type { LeaseCoordinator } from './lease-coordinator.js';
import type { SlotLease } from './slot-lease.js';

/** `acquire(slot, signal)` was aborted through its signal; `cause` = the reason. */
export class GateAbortedError extends TickmuxError {
  constructor(reason: unknown) {
    super(ErrorCode.ACQUIRE_ABORTED, 'slot gate acquire was aborted', { cause: reason });
  }
}

/** What `SlotGate.acquire` grants: the right to open one socket for the slot while `valid()`. */
export interface SlotTicket {
  readonly slot: number;
  /** The lease's fencing token. */
  readonly token: number;
  /** Aborted (reason: a `LeaseLostError`) when the lease is lost: close the socket at once. */
  readonly signal: AbortSignal;
  /** The lease is held and its local deadline not passed: check before acting after any await. */
  valid(): boolean;
  /** Report how the socket ended (its close event), so the slot is released with the right quiet. */
  socketClosed(info: { wasClean: boolean; abandoned: boolean }): void;
}

interface Waiter {
  slot: number;
  resolve(ticket: SlotTicket): void;
  reject(err: Error): void;
  detach: (() => void) | undefined;
}

/**
 * What the pool consults before opening a socket: `await gate.acquire(slot, signal)` resolves once
 * this instance holds the slot's lease (at once if it does), with an AbortSignal that fires when
 * the lease is lost. `socketGate(slot, onLost)` adapts it to MassiveClient's `socketGate` option.
 */
export class SlotGate {
  private readonly waiters = new Set<Waiter>();
  private readonly off: () => void;
  private closed = false;

  constructor(private readonly coordinator: LeaseCoordinator) {
    this.off = coordinator.on('acquired', (slot, lease) => this.granted(slot, lease));
  }

  /**
   * Resolves with a ticket once the slot's lease is held; marks the slot's socket open (so its
   * release waits for the close report). Rejects with `ACQUIRE_ABORTED` when `signal` aborts and
   * `HA_CLOSED` when the gate is closed.
   */
  acquire(slot: number, signal?: AbortSignal): Promise<SlotTicket> {
    if (this.closed) return Promise.reject(new CoordinatorClosedError());
    if (signal?.aborted === true) return Promise.reject(new GateAbortedError(signal.reason));
    const lease = this.coordinator.lease(slot);
    if (lease !== undefined) return Promise.resolve(this.ticket(slot, lease));
    return new Promise<SlotTicket>((resolve, reject) => {
      const waiter: Waiter = { slot, resolve, reject, detach: undefined };
      if (signal !== undefined) {
        const onAbort = () => {
          this.waiters.delete(waiter);
          reject(new GateAbortedError(signal.reason));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        waiter.detach = () => signal.removeEventListener('abort', onAbort);
      }
      this.waiters.add(waiter);
    });
  }

  /**
   * MassiveClient's `socketGate` for one slot: each socket attempt waits for the slot's lease,
   * and `onLost(reason)` is called when the lease of an opened socket is lost (close it:
   * `client.disconnect()`, or a pool's abandon). Wire `onSocketClose` to `ticket.socketClosed`
   * through {@link socketClosed}.
   */
  socketGate(
    slot: number,
    onLost: (reason: LeaseLostReason | 'unknown') => void,
  ): (signal: AbortSignal) => Promise<void> {
    return async (signal) => {
      const ticket = await this.acquire(slot, signal);
      ticket.signal.addEventListener(
        'abort',
        () => {
          const reason = (ticket.signal.reason as { reason?: LeaseLostReason } | undefined)?.reason;
          onLost(reason ?? 'unknown');
        },
        { once: true },
      );
    };
  }

  /** The slot's socket closed (MassiveClient's `onSocketClose` info fits). */
  socketClosed(slot: number, info: { wasClean: boolean; abandoned: boolean }): void {
    this.coordinator.socketClosed(slot, info);
  }

  /** Number of pending `acquire()` calls. */
  get waiting(): number {
    return this.waiters.size;
  }

  /** Rejects every pending acquire with `HA_CLOSED` and stops listening. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.off();
    for (const w of [...this.waiters]) {
      this.waiters.delete(w);
      w.detach?.();
      w.reject(new CoordinatorClosedError());
    }
  }

  private granted(slot: number, lease: SlotLease): void {
    for (const w of [...this.waiters]) {
      if (w.slot !== slot) continue;
      this.waiters.delete(w);
      w.detach?.();
      w.resolve(this.ticket(slot, lease));
    }
  }

  private ticket(slot: number, lease: SlotLease): SlotTicket {
    this.coordinator.socketOpened(slot);
    return {
      slot,
      token: lease.token,
      signal: lease.signal,
      valid: () => lease.valid(),
      socketClosed: (info) => this.coordinator.socketClosed(slot, info),
    };
  }
}
