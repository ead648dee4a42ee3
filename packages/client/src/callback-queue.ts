/**
 * Lifecycle callbacks (states, statuses, socket closes, topic states) wait here until the work
 * that caused them is finished, then run in the order they were queued. So a callback always sees
 * a consistent client, and whatever it calls back (`subscribe()`, `disconnect()`) starts from
 * that state; what it causes is queued behind and reported in order, never nested.
 */
export class CallbackQueue {
  private readonly queue: (() => void)[] = [];
  private flushing = false;
  /** The batch at the end of the queue, while nothing else has been queued after it. */
  private open: { key: object; items: unknown[] } | undefined;

  constructor(private readonly failed: (name: string, err: unknown) => void) {}

  push(name: string, fn: () => void): void {
    this.open = undefined;
    this.queue.push(() => {
      try {
        fn();
      } catch (err) {
        this.failed(name, err);
      }
    });
  }

  /**
   * Queues `fn(item)`. Items queued one after another with the same `key` share one queue entry
   * and run in order, each on its own (one that throws does not stop the rest): a burst of
   * per-topic changes (a failover confirms thousands) costs one entry, in its place in the order.
   */
  pushBatched<T>(name: string, key: object, fn: (item: T) => void, item: T): void {
    if (this.open?.key === key) {
      this.open.items.push(item);
      return;
    }
    const batch = { key, items: [item] as unknown[] };
    this.open = batch;
    this.queue.push(() => {
      // What the items cause is queued behind them, not into this batch.
      if (this.open === batch) this.open = undefined;
      for (const it of batch.items) {
        try {
          fn(it as T);
        } catch (err) {
          this.failed(name, err);
        }
      }
    });
  }

  /** Runs every queued callback, and any they queue; re-entrant calls return at once. */
  flush(): void {
    if (this.flushing || this.queue.length === 0) return;
    this.flushing = true;
    const q = this.queue;
    for (let i = 0; i < q.length; i++) q[i]!();
    q.length = 0;
    this.flushing = false;
  }
}
