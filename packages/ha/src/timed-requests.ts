import type { Clock, TimerHandle } from '@tickmux/core';
import { CoordinatorClosedError, StoreUnavailableError } from './errors.js';

/**
 * Store requests with a deadline: each resolves with the store's answer, or rejects with a
 * `StoreUnavailableError` when the store fails or does not answer within `timeoutMs`. A request
 * the coordinator gave up on may still run in the store later; the lease rules cope with that.
 */
export class TimedRequests {
  private readonly pending = new Set<{ timer: TimerHandle; reject: (e: Error) => void }>();

  constructor(
    private readonly clock: Clock,
    private readonly timeoutMs: number,
  ) {}

  run<T>(what: string, promise: Promise<T>): Promise<T> {
    const { clock, timeoutMs } = this;
    return new Promise<T>((resolve, reject) => {
      const entry = {
        timer: clock.setTimeout(() => {
          this.pending.delete(entry);
          reject(new StoreUnavailableError(`${what}: no answer within ${timeoutMs} ms`));
        }, timeoutMs),
        reject,
      };
      this.pending.add(entry);
      const settle = () => {
        clock.clearTimeout(entry.timer);
        this.pending.delete(entry);
      };
      promise.then(
        (value) => {
          settle();
          resolve(value);
        },
        (err: unknown) => {
          settle();
          reject(
            err instanceof StoreUnavailableError
              ? err
              : new StoreUnavailableError(`${what} failed`, { cause: err }),
          );
        },
      );
    });
  }

  /** Rejects every pending request with `HA_CLOSED` and clears its timer. */
  cancelAll(): void {
    for (const r of this.pending) {
      this.clock.clearTimeout(r.timer);
      r.reject(new CoordinatorClosedError());
    }
    this.pending.clear();
  }
}
