import { fc, test } from '@fast-check/vitest';
import { createManualClock } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import { backoffDelay, CircuitBreaker, DEFAULT_CLIENT_OPTIONS } from '../src/index.js';

const policy = DEFAULT_CLIENT_OPTIONS.backoff;

describe('backoff', () => {
  it('grows 1, 2, 4, 8 s without jitter', () => {
    const flat = { ...policy, jitter: 0 };
    expect([0, 1, 2, 3].map((r) => backoffDelay(r, flat, Math.random))).toEqual([
      1_000, 2_000, 4_000, 8_000,
    ]);
  });

  it('stays within +-20 % of 1, 2, 4, 8 s with the default jitter, at both extremes', () => {
    expect([0, 1, 2, 3].map((r) => backoffDelay(r, policy, () => 0))).toEqual([
      800, 1_600, 3_200, 6_400,
    ]);
    expect([0, 1, 2, 3].map((r) => backoffDelay(r, policy, () => 0.999999))).toEqual([
      1_200, 2_400, 4_800, 9_600,
    ]);
  });

  it('caps at the maximum delay', () => {
    expect(backoffDelay(20, { ...policy, jitter: 0 }, Math.random)).toBe(30_000);
  });

  test.prop([fc.nat(40), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })])(
    'is always within the jitter bounds of the capped exponential',
    (retry, u) => {
      const d = backoffDelay(retry, policy, () => u);
      const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
      expect(d).toBeGreaterThanOrEqual(Math.floor(exp * 0.8));
      expect(d).toBeLessThanOrEqual(Math.ceil(exp * 1.2));
    },
  );
});

describe('circuit breaker', () => {
  const make = () => {
    const clock = createManualClock(1_000_000);
    return { clock, cb: new CircuitBreaker(DEFAULT_CLIENT_OPTIONS.circuitBreaker, clock) };
  };

  it('opens after 5 consecutive failures', () => {
    const { cb } = make();
    for (let i = 0; i < 4; i++) cb.recordFailure();
    expect(cb.snapshot().state).toBe('closed');
    cb.recordFailure();
    expect(cb.snapshot()).toMatchObject({ state: 'open', consecutiveFailures: 5 });
    expect(cb.msUntilAllowed()).toBe(10_000);
  });

  it('a success resets the consecutive count', () => {
    const { cb } = make();
    for (let i = 0; i < 4; i++) cb.recordFailure();
    cb.recordSuccess();
    cb.recordFailure();
    expect(cb.snapshot().state).toBe('closed');
  });

  it('half-opens after 10 s', () => {
    const { cb, clock } = make();
    for (let i = 0; i < 5; i++) cb.recordFailure();
    clock.advance(9_999);
    expect(cb.msUntilAllowed()).toBe(1);
    clock.advance(1);
    expect(cb.msUntilAllowed()).toBe(0);
    expect(cb.snapshot().state).toBe('half-open');
  });

  it('times its open period on the monotonic clock: a wall-clock jump changes nothing', () => {
    const { cb, clock } = make();
    for (let i = 0; i < 5; i++) cb.recordFailure();
    clock.set(clock.now() - 3_600_000); // NTP steps the wall clock back an hour
    expect(cb.msUntilAllowed()).toBe(10_000);
    clock.advance(10_000);
    expect(cb.msUntilAllowed()).toBe(0);
  });

  it('escalates 10 → 20 → 40 → 80 s on failures while half-open, and stays at 80 s', () => {
    const { cb, clock } = make();
    for (let i = 0; i < 5; i++) cb.recordFailure();
    const periods: number[] = [];
    for (let k = 0; k < 5; k++) {
      const wait = cb.msUntilAllowed();
      periods.push(wait);
      clock.advance(wait);
      expect(cb.msUntilAllowed()).toBe(0);
      cb.recordFailure();
    }
    expect(periods).toEqual([10_000, 20_000, 40_000, 80_000, 80_000]);
  });

  it('closes after 3 successes while half-open and resets the escalation', () => {
    const { cb, clock } = make();
    for (let i = 0; i < 5; i++) cb.recordFailure();
    clock.advance(10_000);
    cb.msUntilAllowed();
    cb.recordFailure(); // re-opens for 20 s
    clock.advance(20_000);
    cb.msUntilAllowed();
    cb.recordSuccess();
    cb.recordSuccess();
    expect(cb.snapshot().state).toBe('half-open');
    cb.recordSuccess();
    expect(cb.snapshot()).toMatchObject({ state: 'closed', opens: 0 });
    for (let i = 0; i < 5; i++) cb.recordFailure();
    expect(cb.msUntilAllowed()).toBe(10_000);
  });
});
