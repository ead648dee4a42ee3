import { systemClock, type Clock, type TimerHandle } from '@tickmux/core';

/** The system clock, until `crash()`: then every timer is cleared and new ones never run. */
export function crashableClock(): Clock & { crash(): void } {
  const timers = new Set<TimerHandle>();
  let crashed = false;
  const track = (fn: () => void, ms: number, every: boolean): TimerHandle => {
    if (crashed) return {};
    const handle = every
      ? systemClock.setInterval(fn, ms)
      : systemClock.setTimeout(() => {
          timers.delete(handle);
          fn();
        }, ms);
    timers.add(handle);
    return handle;
  };
  const clear = (h: TimerHandle) => {
    timers.delete(h);
    systemClock.clearTimeout(h);
  };
  return {
    now: () => systemClock.now(),
    monotonic: () => systemClock.monotonic(),
    setTimeout: (fn, ms) => track(fn, ms, false),
    clearTimeout: clear,
    setInterval: (fn, ms) => track(fn, ms, true),
    clearInterval: clear,
    crash() {
      crashed = true;
      for (const h of timers) systemClock.clearTimeout(h);
      timers.clear();
    },
  };
}
