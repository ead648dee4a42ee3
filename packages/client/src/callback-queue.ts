/**
 * Lifecycle callbacks (states, statuses, socket closes, topic states) wait here until the work
 * that caused them is finished, then run in the order they were queued. So a callback always sees
 * a consistent client, and whatever it calls back (`subscribe()`, `disconnect()`) starts from
 * that state; what it causes is queued behind and reported in order, never nested.
 */
export class CallbackQueue {
  private readonly queue: (() => void)[] = [];
  private flushing = false;

  constructor(private readonly failed: (name: string, err: unknown) => void) {}

  push(name: string, fn: () => void): void {
    this.queue.push(() => {
      try {
        fn();
      } catch (err) {
        this.failed(name, err);
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
