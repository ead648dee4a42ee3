import type { Clock, TimerHandle } from '@tickmux/core';

/** A single cancellable timer: setting it again replaces the previous one. */
export class OneShot {
  private handle: TimerHandle | undefined;

  constructor(private readonly clock: Clock) {}

  set(ms: number, fn: () => void): void {
    this.clear();
    this.handle = this.clock.setTimeout(() => {
      this.handle = undefined;
      fn();
    }, ms);
  }

  clear(): void {
    if (this.handle !== undefined) this.clock.clearTimeout(this.handle);
    this.handle = undefined;
  }
}
