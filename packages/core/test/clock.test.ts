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

  it('runs timers due at the same time in the order they were set, and a negative delay at once', () => {
    const clock = createManualClock(500);
    const seen: string[] = [];
    clock.setTimeout(() => seen.push('first'), 10);
    clock.setTimeout(() => seen.push('second'), 10);
    clock.setTimeout(() => seen.push(`negative@${clock.monotonic()}`), -50);
    expect(clock.pending()).toBe(3);
    clock.advance(0);
    expect(seen).toEqual(['negative@0']);
    expect(clock.now()).toBe(500);
    clock.advance(9);
    expect(seen).toEqual(['negative@0']);
    clock.advance(1);
    expect(seen).toEqual(['negative@0', 'first', 'second']);
    expect(clock.pending()).toBe(0);
  });

  it('repeats a zero-length interval every millisecond, not forever at one instant', () => {
    const clock = createManualClock();
    const at: number[] = [];
    const h = clock.setInterval(() => at.push(clock.monotonic()), 0);
    clock.advance(3);
    expect(at).toEqual([0, 1, 2, 3]);
    clock.clearInterval(h);
  });

  it('clears a pending timeout; set() moves the wall clock only', () => {
    const clock = createManualClock(1_000);
    const fn = vi.fn();
    const h = clock.setTimeout(fn, 10);
    clock.clearTimeout(h);
    expect(clock.pending()).toBe(0);
    clock.set(5_000);
    expect([clock.now(), clock.monotonic()]).toEqual([5_000, 0]);
    clock.advance(10);
    expect(fn).not.toHaveBeenCalled();
    expect([clock.now(), clock.monotonic()]).toEqual([5_010, 10]);
  });

  it('keeps the wall clock in step with each timer as it runs', () => {
    const clock = createManualClock(100);
    const walls: number[] = [];
    clock.setTimeout(() => walls.push(clock.now()), 7);
    clock.setTimeout(() => walls.push(clock.now()), 3);
    clock.advance(20);
    expect(walls).toEqual([103, 107]);
    expect(clock.now()).toBe(120);
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

  it('clears timeouts and runs and clears intervals through the global timers', () => {
    vi.useFakeTimers();
    const once = vi.fn();
    const every = vi.fn();
    systemClock.clearTimeout(systemClock.setTimeout(once, 10));
    const h = systemClock.setInterval(every, 10);
    vi.advanceTimersByTime(25);
    expect(once).not.toHaveBeenCalled();
    expect(every).toHaveBeenCalledTimes(2);
    systemClock.clearInterval(h);
    vi.advanceTimersByTime(100);
    expect(every).toHaveBeenCalledTimes(2);
  });

  it('reads the wall clock from Date.now and monotonic time from performance.now', () => {
    vi.useFakeTimers({ now: 1_234_567, toFake: ['Date', 'performance'] });
    expect(systemClock.now()).toBe(1_234_567);
    const before = systemClock.monotonic();
    vi.advanceTimersByTime(250);
    expect(systemClock.now()).toBe(1_234_817);
    expect(systemClock.monotonic() - before).toBe(250);
  });
});
