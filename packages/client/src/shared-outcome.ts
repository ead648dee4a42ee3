/** One outcome many callers wait for (`connect()` called while an attempt is under way). */
export class SharedOutcome {
  private promise: Promise<boolean> | undefined;
  private waiters: ((ok: boolean) => void)[] = [];

  /** The pending outcome, or undefined when nothing waits. */
  get pending(): Promise<boolean> | undefined {
    return this.promise;
  }

  wait(): Promise<boolean> {
    this.promise ??= new Promise((resolve) => this.waiters.push(resolve));
    return this.promise;
  }

  settle(ok: boolean): void {
    const waiters = this.waiters;
    this.waiters = [];
    this.promise = undefined;
    for (const w of waiters) w(ok);
  }
}
