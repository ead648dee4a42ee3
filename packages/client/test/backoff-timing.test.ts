import { describe, expect, it } from 'vitest';
import { flushMicrotasks } from './fake-vendor.js';
import { manualClient } from './manual.js';

/** Default options on a manual clock, against a vendor that refuses every socket. */
function failingClient(
  opts: {
    random?: () => number;
    maxRetries?: number;
    failureThreshold?: number;
    baseDelayMs?: number;
  } = {},
) {
  const { clock, client, log, vendor } = manualClient({
    vendor: { refuse: () => true },
    maxRetries: opts.maxRetries ?? 20,
    circuitBreaker: { failureThreshold: opts.failureThreshold ?? 100 },
    ...(opts.random === undefined ? {} : { random: opts.random }),
    ...(opts.baseDelayMs === undefined ? {} : { backoff: { baseDelayMs: opts.baseDelayMs } }),
  });
  return { clock, client, delays: log.delays, created: () => vendor.conns.length };
}

describe('reconnect timing (manual clock)', () => {
  it('waits 1, 2, 4, 8 s between attempts, and not a millisecond less', async () => {
    const { clock, created, client, delays } = failingClient();
    void client.connect();
    await flushMicrotasks();
    for (const [i, wait] of [1_000, 2_000, 4_000, 8_000].entries()) {
      expect(created()).toBe(i + 1);
      clock.advance(wait - 1);
      await flushMicrotasks();
      expect(created()).toBe(i + 1);
      clock.advance(1);
      await flushMicrotasks();
    }
    expect(delays().slice(0, 4)).toEqual([1_000, 2_000, 4_000, 8_000]);
    await client.disconnect();
  });

  it('draws jitter per attempt within +-20 %', async () => {
    const draws = [0, 0.999, 0.25, 0.75];
    const { clock, client, delays } = failingClient({ random: () => draws.shift() ?? 0.5 });
    void client.connect();
    await flushMicrotasks();
    for (const wait of [800, 2_400, 4_000, 8_000]) {
      clock.advance(wait);
      await flushMicrotasks();
    }
    expect(delays().slice(0, 4)).toEqual([800, 2_399, 3_600, 8_800]);
    await client.disconnect();
  });

  it('gives up after maxRetries and resolves connect() false', async () => {
    const { clock, created, client } = failingClient({ maxRetries: 3 });
    const result = client.connect();
    for (let i = 0; i < 10; i++) {
      await flushMicrotasks();
      clock.advance(60_000);
    }
    expect(await result).toBe(false);
    expect(created()).toBe(4);
    expect(client.state).toBe('failed');
  });

  it('opens the circuit after 5 failures and holds attempts for exactly 10 s', async () => {
    // A 500 ms base makes the 5th backoff 8 s, shorter than the breaker's 10 s: what holds the
    // 6th attempt back is the open circuit, so its 10 s is what this test observes.
    const { clock, created, client, delays } = failingClient({
      failureThreshold: 5,
      baseDelayMs: 500,
    });
    void client.connect();
    await flushMicrotasks();
    for (const wait of [500, 1_000, 2_000, 4_000]) {
      clock.advance(wait);
      await flushMicrotasks();
    }
    expect(created()).toBe(5);
    expect(client.stats.circuit.state).toBe('open');
    expect(delays()[4]).toBe(10_000);
    clock.advance(9_999);
    await flushMicrotasks();
    expect(created()).toBe(5);
    clock.advance(1);
    await flushMicrotasks();
    expect(created()).toBe(6); // the half-open trial
    await client.disconnect();
  });

  it('opens the circuit after 5 failures, then escalates to 20 s', async () => {
    const { clock, created, client, delays } = failingClient({ failureThreshold: 5 });
    void client.connect();
    await flushMicrotasks();
    for (const wait of [1_000, 2_000, 4_000, 8_000]) {
      clock.advance(wait);
      await flushMicrotasks();
    }
    expect(created()).toBe(5);
    expect(client.stats.circuit.state).toBe('open');
    // The 5th failure's backoff would be 16 s; the open circuit holds attempts for 10 s, so 16 s it is.
    expect(delays()[4]).toBe(16_000);
    clock.advance(16_000);
    await flushMicrotasks();
    expect(created()).toBe(6); // the half-open trial
    expect(client.stats.circuit).toMatchObject({ state: 'open', opens: 2 });
    expect(client.stats.circuit.retryAt! - clock.now()).toBe(20_000);
    await client.disconnect();
  });
});
