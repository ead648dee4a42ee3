import { createManualClock } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import { MassiveClient } from '../src/index.js';
import { flushMicrotasks, refusingSocket } from './fake-sockets.js';
import { statusLog } from './helpers.js';

function failingClient(
  opts: { random?: () => number; maxRetries?: number; failureThreshold?: number } = {},
) {
  const clock = createManualClock(1_700_000_000_000);
  const sock = refusingSocket();
  const log = statusLog();
  const client = new MassiveClient({
    apiKey: 'k',
    url: 'ws://127.0.0.1:1/stocks',
    clock,
    WebSocket: sock.Impl,
    random: opts.random ?? (() => 0.5),
    maxRetries: opts.maxRetries ?? 20,
    circuitBreaker: { failureThreshold: opts.failureThreshold ?? 100 },
    onStatus: log.onStatus,
  });
  const delays = () =>
    log.entries.filter((e) => e.status === 'reconnecting').map((e) => e.data['delayMs'] as number);
  return { clock, sock, client, delays };
}

describe('reconnect timing (manual clock)', () => {
  it('waits 1, 2, 4, 8 s between attempts, and not a millisecond less', async () => {
    const { clock, sock, client, delays } = failingClient();
    void client.connect();
    await flushMicrotasks();
    for (const [i, wait] of [1_000, 2_000, 4_000, 8_000].entries()) {
      expect(sock.created()).toBe(i + 1);
      clock.advance(wait - 1);
      await flushMicrotasks();
      expect(sock.created()).toBe(i + 1);
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
    const { clock, sock, client } = failingClient({ maxRetries: 3 });
    const result = client.connect();
    for (let i = 0; i < 10; i++) {
      await flushMicrotasks();
      clock.advance(60_000);
    }
    expect(await result).toBe(false);
    expect(sock.created()).toBe(4);
    expect(client.state).toBe('failed');
  });

  it('opens the circuit after 5 failures, half-opens after 10 s, then escalates to 20 s', async () => {
    const { clock, sock, client, delays } = failingClient({ failureThreshold: 5 });
    void client.connect();
    await flushMicrotasks();
    for (const wait of [1_000, 2_000, 4_000, 8_000]) {
      clock.advance(wait);
      await flushMicrotasks();
    }
    expect(sock.created()).toBe(5);
    expect(client.stats.circuit.state).toBe('open');
    // The 5th failure's backoff would be 16 s; the open circuit holds attempts for 10 s, so 16 s it is.
    expect(delays()[4]).toBe(16_000);
    clock.advance(16_000);
    await flushMicrotasks();
    expect(sock.created()).toBe(6); // the half-open trial
    expect(client.stats.circuit).toMatchObject({ state: 'open', opens: 2 });
    expect(client.stats.circuit.retryAt! - clock.now()).toBe(20_000);
    await client.disconnect();
  });
});
