import { InvalidArgumentError, type TimerHandle } from '@tickmux/core';
import { AcquireAbortedError, BudgetClosedError } from './errors.js';
import {
  jitteredDelay,
  resolveSocketBudgetOptions,
  slotHoldMs,
  type ResolvedSocketBudgetOptions,
  type SlotRelease,
  type SocketBudgetOptions,
} from './socket-budget-options.js';

/** One of the account's socket slots, held from `acquire()` until `release(info)` (and its grace). */
export interface SocketSlot {
  readonly id: number;
  /** When it was granted (clock time, ms). */
  readonly acquiredAt: number;
  /** Call on the socket's close event, or when giving the socket up. Idempotent. */
  release(info: SlotRelease): void;
  readonly released: boolean;
}

/** Counters of a {@link SocketBudget} (snake_case, as the health object shows them). */
export interface SocketBudgetStats {
  max_sockets: number;
  /** The effective limit: `max_sockets`, lowered while another process holds slots. */
  limit: number;
  /** Slots of sockets open or closing. */
  open: number;
  /** Slots of sockets ended without a close handshake, still in their grace. */
  zombies: number;
  waiting: number;
  backing_off: boolean;
  /** `max_connections` statuses reported. */
  max_connections: number;
  /** Of those, the ones that showed another process holding slots on the account. */
  account_contention: number;
}

interface Waiter {
  resolve(slot: SocketSlot): void;
  reject(err: Error): void;
  detach: (() => void) | undefined;
}

/**
 * The account's N socket slots, counted as the vendor counts them (README: "socket-budget"): a
 * slot is taken from `acquire()` until the socket's close event, and for `zombieGraceMs` more when
 * the socket ended without a close handshake. `max_connections` anywhere stops all granting for a
 * jittered back-off; when it shows another process on the account, the limit is lowered and probed
 * back up one slot per `probeIntervalMs`.
 */
export class SocketBudget {
  private readonly o: ResolvedSocketBudgetOptions;
  private effective: number;
  private open = 0;
  private zombies = 0;
  private readonly graceTimers = new Set<TimerHandle>();
  private readonly waiters: Waiter[] = [];
  private backoffTimer: TimerHandle | undefined;
  private backoffUntil = 0;
  private probeTimer: TimerHandle | undefined;
  /** Until then, `max_connections` at full hold is contention (after a first one, or a probe). */
  private suspectUntil = Number.NEGATIVE_INFINITY;
  private maxConnectionsSeen = 0;
  private contention = 0;
  private nextId = 1;
  private closed = false;

  constructor(options?: SocketBudgetOptions) {
    this.o = resolveSocketBudgetOptions(options);
    this.effective = this.o.maxSockets;
  }

  /** Resolves with a slot once one is free and no back-off runs; waiters are served in order. */
  acquire(signal?: AbortSignal): Promise<SocketSlot> {
    if (this.closed) return Promise.reject(new BudgetClosedError());
    if (signal?.aborted) return Promise.reject(new AcquireAbortedError(signal.reason));
    if (this.waiters.length === 0 && this.grantable()) return Promise.resolve(this.take());
    return new Promise<SocketSlot>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, detach: undefined };
      if (signal !== undefined) {
        const onAbort = () => {
          const at = this.waiters.indexOf(waiter);
          if (at !== -1) this.waiters.splice(at, 1);
          reject(new AcquireAbortedError(signal.reason));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        waiter.detach = () => signal.removeEventListener('abort', onAbort);
      }
      this.waiters.push(waiter);
    });
  }

  /**
   * A `max_connections` status arrived on any socket. Starts (or extends) the back-off. It is
   * account contention when fewer than `maxSockets` slots are taken; at full hold, when it comes
   * within `probeIntervalMs` after an earlier one (past its back-off: our own zombies are gone by
   * then) or after a probe raised the limit. The first one at full hold may be a zombie of ours
   * the server still counts, so it only backs off.
   */
  maxConnections(): void {
    if (this.closed) return;
    this.maxConnectionsSeen++;
    const now = this.o.clock.now();
    const held = this.held;
    let contended = held < this.o.maxSockets;
    if (!contended && this.backoffTimer === undefined) {
      contended = now <= this.suspectUntil;
      this.suspectUntil = now + this.o.probeIntervalMs;
    }
    if (contended) {
      this.contention++;
      this.effective = Math.max(1, Math.min(this.effective, held - 1));
      this.o.logger.warn(
        { held, limit: this.effective, maxSockets: this.o.maxSockets },
        'max_connections with slots to spare: another process holds sockets on this account',
      );
      this.scheduleProbe();
    }
    this.startBackoff(now);
  }

  /** Slots taken: open or closing sockets and zombies in their grace. */
  get held(): number {
    return this.open + this.zombies;
  }

  /** The effective limit (lowered under account contention). */
  get limit(): number {
    return this.effective;
  }

  stats(): SocketBudgetStats {
    return {
      max_sockets: this.o.maxSockets,
      limit: this.effective,
      open: this.open,
      zombies: this.zombies,
      waiting: this.waiters.length,
      backing_off: this.backoffTimer !== undefined,
      max_connections: this.maxConnectionsSeen,
      account_contention: this.contention,
    };
  }

  /** Rejects every waiter with `BUDGET_CLOSED` and stops every timer. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const clock = this.o.clock;
    for (const timer of this.graceTimers) clock.clearTimeout(timer);
    this.graceTimers.clear();
    if (this.backoffTimer !== undefined) clock.clearTimeout(this.backoffTimer);
    if (this.probeTimer !== undefined) clock.clearTimeout(this.probeTimer);
    this.backoffTimer = undefined;
    this.probeTimer = undefined;
    for (const waiter of this.waiters.splice(0)) {
      waiter.detach?.();
      waiter.reject(new BudgetClosedError());
    }
  }

  private grantable(): boolean {
    return !this.closed && this.backoffTimer === undefined && this.held < this.effective;
  }

  private grant(): void {
    while (this.waiters.length > 0 && this.grantable()) {
      const waiter = this.waiters.shift()!;
      waiter.detach?.();
      waiter.resolve(this.take());
    }
  }

  private take(): SocketSlot {
    this.open++;
    let released = false;
    const slot: SocketSlot = {
      id: this.nextId++,
      acquiredAt: this.o.clock.now(),
      release: (info: SlotRelease) => {
        if (info === null || typeof info !== 'object')
          throw new InvalidArgumentError('info', info, 'must be { wasClean, abandoned }');
        if (typeof info.wasClean !== 'boolean')
          throw new InvalidArgumentError('info.wasClean', info.wasClean, 'must be a boolean');
        if (typeof info.abandoned !== 'boolean')
          throw new InvalidArgumentError('info.abandoned', info.abandoned, 'must be a boolean');
        if (released) return;
        released = true;
        this.open--;
        this.hold(slotHoldMs(info, this.o.zombieGraceMs));
      },
      get released() {
        return released;
      },
    };
    return slot;
  }

  /** Keeps a released slot taken for `ms` (a zombie), then frees it. */
  private hold(ms: number): void {
    if (ms === 0 || this.closed) {
      this.grant();
      return;
    }
    this.zombies++;
    const timer = this.o.clock.setTimeout(() => {
      this.graceTimers.delete(timer);
      this.zombies--;
      this.grant();
    }, ms);
    this.graceTimers.add(timer);
  }

  private startBackoff(now: number): void {
    const until = now + jitteredDelay(this.o.maxConnectionsBackoffMs, this.o.jitter, this.o.random);
    if (this.backoffTimer !== undefined) {
      if (until <= this.backoffUntil) return;
      this.o.clock.clearTimeout(this.backoffTimer);
    }
    this.backoffUntil = until;
    this.backoffTimer = this.o.clock.setTimeout(() => {
      this.backoffTimer = undefined;
      this.grant();
    }, until - now);
  }

  private scheduleProbe(): void {
    if (this.probeTimer !== undefined) this.o.clock.clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
    if (this.effective >= this.o.maxSockets) return;
    this.probeTimer = this.o.clock.setTimeout(() => {
      this.probeTimer = undefined;
      this.effective++;
      this.suspectUntil = this.o.clock.now() + this.o.probeIntervalMs;
      this.o.logger.info({ limit: this.effective }, 'probing one more socket slot');
      this.grant();
      this.scheduleProbe();
    }, this.o.probeIntervalMs);
  }
}
