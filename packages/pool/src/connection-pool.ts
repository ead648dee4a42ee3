import { InvalidArgumentError, type TimerHandle } from '@tickmux/core';
import {
  resolveConnectionPoolOptions,
  type ConnectionPoolOptions,
  type ResolvedConnectionPoolOptions,
} from './connection-pool-options.js';
import {
  AcquireAbortedError,
  AcquireTimeoutError,
  PoolClosedError,
  PoolCreateError,
} from './errors.js';

/** Counts of a {@link ConnectionPool}; `size` = `idle` + `in_use` + `pending`, never above `max`. */
export interface ConnectionPoolStats {
  max: number;
  size: number;
  idle: number;
  in_use: number;
  /** Being created, checked before being handed out, or destroyed. */
  pending: number;
  /** `acquire()` calls waiting. */
  waiting: number;
  created: number;
  destroyed: number;
  /** Stale connections found by a health check and replaced. */
  replaced: number;
  timeouts: number;
}

interface Waiter<T> {
  resolve(connection: T): void;
  reject(err: Error): void;
  timer: TimerHandle | undefined;
  detach: (() => void) | undefined;
}

/**
 * A bounded pool of reusable connections (the test guide's `ConnectionPool`): `acquire()` hands
 * out an idle healthy connection or creates one while fewer than `max` exist, else waits in FIFO
 * order up to `acquireTimeoutMs`; `release()` returns one for reuse; `destroy()` drops a broken
 * one; a periodic health check replaces stale idle connections; `closeAll()` ends everything.
 */
export class ConnectionPool<T extends object> {
  private readonly o: ResolvedConnectionPoolOptions<T>;
  /** Idle connections; the most recently released is reused first. */
  private readonly idle: T[] = [];
  private readonly inUse = new Set<T>();
  private pending = 0;
  /** Being destroyed by `destroy()`. */
  private ending = 0;
  private readonly waiters: Waiter<T>[] = [];
  private healthTimer: TimerHandle | undefined;
  private closing: Promise<void> | undefined;
  /** Preparations, health checks and destructions under way: `closeAll()` waits for them. */
  private readonly busy = new Set<Promise<unknown>>();
  private readonly counts = { created: 0, destroyed: 0, replaced: 0, timeouts: 0 };

  constructor(options: ConnectionPoolOptions<T>) {
    this.o = resolveConnectionPoolOptions(options);
    if (this.o.healthCheckIntervalMs > 0) {
      this.healthTimer = this.o.clock.setInterval(() => {
        this.track(this.checkHealth());
      }, this.o.healthCheckIntervalMs);
    }
  }

  /** A connection for exclusive use until `release()` or `destroy()`. */
  acquire(signal?: AbortSignal): Promise<T> {
    if (this.closing !== undefined) return Promise.reject(new PoolClosedError());
    if (signal?.aborted) return Promise.reject(new AcquireAbortedError(signal.reason));
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = { resolve, reject, timer: undefined, detach: undefined };
      const leave = (err: Error) => {
        const at = this.waiters.indexOf(waiter);
        if (at === -1) return;
        this.waiters.splice(at, 1);
        this.settle(waiter);
        reject(err);
      };
      if (this.o.acquireTimeoutMs > 0) {
        waiter.timer = this.o.clock.setTimeout(() => {
          this.counts.timeouts++;
          leave(new AcquireTimeoutError(this.o.acquireTimeoutMs));
        }, this.o.acquireTimeoutMs);
      }
      if (signal !== undefined) {
        const onAbort = () => leave(new AcquireAbortedError(signal.reason));
        signal.addEventListener('abort', onAbort, { once: true });
        waiter.detach = () => signal.removeEventListener('abort', onAbort);
      }
      this.waiters.push(waiter);
      this.dispatch();
    });
  }

  /** Returns a connection for reuse. After `closeAll()` it is ignored (already destroyed). */
  release(connection: T): void {
    if (!this.takeBack(connection)) return;
    this.idle.push(connection);
    this.dispatch();
  }

  /** Drops a broken connection (the factory destroys it); its place is free for a new one. */
  async destroy(connection: T): Promise<void> {
    if (!this.takeBack(connection)) return;
    // Its place stays taken until the factory has destroyed it: never more than `max` alive.
    this.ending++;
    await this.discard(connection);
    this.ending--;
    this.dispatch();
  }

  /** Checks every idle connection; stale ones are destroyed and replaced. */
  async checkHealth(): Promise<void> {
    const batch = this.idle.splice(0);
    this.pending += batch.length;
    await Promise.all(
      batch.map(async (connection) => {
        let ready: T | undefined = connection;
        if (!(await this.healthy(connection))) {
          this.counts.replaced++;
          await this.discard(connection);
          ready = await this.create().catch((err: unknown) => {
            this.o.logger.warn({ err }, 'could not replace a stale connection');
            return undefined;
          });
        }
        this.pending--;
        if (ready !== undefined) this.deliver(ready);
      }),
    );
    this.dispatch();
  }

  stats(): ConnectionPoolStats {
    return {
      max: this.o.max,
      size: this.total,
      idle: this.idle.length,
      in_use: this.inUse.size,
      pending: this.pending + this.ending,
      waiting: this.waiters.length,
      ...this.counts,
    };
  }

  /** Rejects waiters with `POOL_CLOSED`, destroys every connection, stops the health check. Idempotent. */
  closeAll(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    if (this.healthTimer !== undefined) this.o.clock.clearInterval(this.healthTimer);
    this.healthTimer = undefined;
    for (const waiter of this.waiters.splice(0)) {
      this.settle(waiter);
      waiter.reject(new PoolClosedError());
    }
    const all = [...this.idle.splice(0), ...this.inUse];
    this.inUse.clear();
    await Promise.all(all.map((c) => this.discard(c)));
    // What was under way finishes into `deliver`, which destroys it now that the pool is closed.
    while (this.busy.size > 0) await Promise.all([...this.busy]);
  }

  private track(work: Promise<unknown>): void {
    this.busy.add(work);
    void work.finally(() => this.busy.delete(work));
  }

  /** Starts preparing a connection for each waiter not yet covered, within `max`. */
  private dispatch(): void {
    if (this.closing !== undefined) return;
    while (
      this.waiters.length > this.pending &&
      (this.idle.length > 0 || this.total < this.o.max)
    ) {
      this.pending++;
      this.track(this.prepare(this.idle.pop()));
    }
  }

  /** A healthy connection (the idle one given, if healthy, else a new one) for the head waiter. */
  private async prepare(candidate: T | undefined): Promise<void> {
    let ready: T | undefined = candidate;
    if (ready !== undefined && !(await this.healthy(ready))) {
      await this.discard(ready);
      ready = undefined;
    }
    if (ready === undefined && this.closing !== undefined) {
      this.pending--;
      return;
    }
    try {
      ready ??= await this.create();
    } catch (err) {
      this.pending--;
      const waiter = this.waiters.shift();
      if (waiter === undefined) {
        this.o.logger.warn({ err }, 'could not create a connection');
      } else {
        this.settle(waiter);
        waiter.reject(err as Error);
      }
      this.dispatch();
      return;
    }
    this.pending--;
    this.deliver(ready);
  }

  /** Hands a ready connection to the head waiter, or keeps it idle. */
  private deliver(connection: T): void {
    if (this.closing !== undefined) {
      this.track(this.discard(connection));
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter === undefined) {
      this.idle.push(connection);
      return;
    }
    this.settle(waiter);
    this.inUse.add(connection);
    waiter.resolve(connection);
  }

  private async create(): Promise<T> {
    let connection: T;
    try {
      connection = await this.o.factory.create();
    } catch (err) {
      throw new PoolCreateError(err);
    }
    this.counts.created++;
    return connection;
  }

  private async healthy(connection: T): Promise<boolean> {
    try {
      return (await this.o.factory.isHealthy(connection)) === true;
    } catch (err) {
      this.o.logger.warn({ err }, 'health check threw; the connection counts as stale');
      return false;
    }
  }

  private async discard(connection: T): Promise<void> {
    this.counts.destroyed++;
    try {
      await this.o.factory.destroy(connection);
    } catch (err) {
      this.o.logger.warn({ err }, 'destroying a connection threw');
    }
  }

  /** Connections alive or on their way: idle, in use, being prepared or destroyed. */
  private get total(): number {
    return this.idle.length + this.inUse.size + this.pending + this.ending;
  }

  /** Takes a connection out of use: true if it was in use, false after `closeAll()`. */
  private takeBack(connection: T): boolean {
    if (this.inUse.delete(connection)) return true;
    if (this.closing !== undefined) return false;
    throw new InvalidArgumentError('connection', connection, 'is not in use from this pool');
  }

  private settle(waiter: Waiter<T>): void {
    if (waiter.timer !== undefined) this.o.clock.clearTimeout(waiter.timer);
    waiter.detach?.();
  }
}
