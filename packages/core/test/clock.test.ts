import { afterEach, describe, expect, it, vi } from 'vitest';
import { createManualClock, systemClock } from '../src/index.js';

describe('createManualClock', () => {
  it('runs due timers in time order as time advances', () => {
    const clock = createManualClock(1_000);
    const seen: string[] = [];
    clock.setTimeout(() => seen.push(`b@${clock.monotonic()}`), 20);
    clock.setTimeout(() => seen.push(`a@${clock.monotonic()}`), 10);
    clock.advance(15);
    expect(seen).toEqual(['a@10']);
    expect(clock.now()).toBe(1_015);
    clock.advance(5);
    expect(seen).toEqual(['a@10', 'b@20']);
  });

  it('repeats intervals and stops them when cleared', () => {
    const clock = createManualClock();
    let n = 0;
    const h = clock.setInterval(() => n++, 10);
    clock.advance(35);
    expect(n).toBe(3);
    clock.clearInterval(h);
    clock.advance(100);
    expect(n).toBe(3);
    expect(clock.pending()).toBe(0);
  });

  it('runs timers scheduled by timers within the same advance', () => {
    const clock = createManualClock();
    const seen: number[] = [];
    clock.setTimeout(() => {
      seen.push(clock.monotonic());
      clock.setTimeout(() => seen.push(clock.monotonic()), 5);
    }, 5);
    clock.advance(10);
    expect(seen).toEqual([5, 10]);
  });
});

describe('systemClock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('follows fake timers installed after it was captured', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    systemClock.setTimeout(fn, 1_000);
    vi.advanceTimersByTime(999);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledOnce();
  });
});
