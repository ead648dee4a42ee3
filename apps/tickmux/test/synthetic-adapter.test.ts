import { loadConfig } from '@tickmux/config';
import { createManualClock, type TickData } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import { SyntheticDataAdapter } from '../src/index.js';

// 10:00 US/Eastern on Thursday 2025-01-02: inside a regular session.
const SESSION = Date.UTC(2025, 0, 2, 15, 0);

function setup(env: Record<string, string> = {}) {
  const clock = createManualClock(SESSION);
  const ticks: TickData[] = [];
  const statuses: string[] = [];
  const adapter = new SyntheticDataAdapter(
    loadConfig(env),
    (t) => ticks.push(t),
    (s) => statuses.push(s),
    { clock, startAt: SESSION, rate: 500, seed: 3 },
  );
  return { clock, ticks, statuses, adapter };
}

describe('SyntheticDataAdapter (ticks generated in-process, no socket)', () => {
  it('generates ticks for the connected tickers on the configured channels as the clock runs', async () => {
    const { clock, ticks, statuses, adapter } = setup({ MASSIVE_CHANNELS: 'T,Q' });
    expect(await adapter.connect(['AAPL', 'MSFT'])).toBe(true);
    expect(ticks).toHaveLength(0);
    clock.advance(2_000);
    expect(ticks.length).toBeGreaterThan(100);
    expect(new Set(ticks.map((t) => t.ticker))).toEqual(new Set(['AAPL', 'MSFT']));
    expect(new Set(ticks.map((t) => t.event_type))).toEqual(new Set(['trade', 'quote']));
    // Market time follows the clock: every tick is stamped within the 2 s that passed.
    for (const t of ticks) {
      expect(t.timestamp * 1000).toBeGreaterThanOrEqual(SESSION);
      expect(t.timestamp * 1000).toBeLessThanOrEqual(SESSION + 2_000);
    }
    const h = adapter.getHealthStatus();
    expect(h).toMatchObject({
      total_connections: 1,
      connected: 1,
      total_tickers: 2,
      total_ticks: ticks.length,
    });
    expect(h.connections['synthetic']!.last_message_at).toBe(SESSION + 2_000);
    expect(adapter.getConnectionTickers('synthetic')).toEqual(['AAPL', 'MSFT']);
    expect(statuses).toEqual(['connected']);
  });

  it('is deterministic for a seed', async () => {
    const a = setup();
    const b = setup();
    await a.adapter.connect(['AAPL', 'MSFT']);
    await b.adapter.connect(['AAPL', 'MSFT']);
    a.clock.advance(1_000);
    b.clock.advance(1_000);
    expect(a.ticks).toEqual(b.ticks);
    expect(a.ticks.length).toBeGreaterThan(0);
  });

  it('stops cleanly: no tick after disconnect(), no timer left, idempotent', async () => {
    const { clock, ticks, statuses, adapter } = setup();
    await adapter.connect(['AAPL']);
    clock.advance(1_000);
    const n = ticks.length;
    expect(n).toBeGreaterThan(0);
    await adapter.disconnect();
    await adapter.disconnect();
    clock.advance(5_000);
    expect(ticks).toHaveLength(n);
    expect(adapter.getHealthStatus()).toMatchObject({
      connected: 0,
      connections: { synthetic: { status: 'closed' } },
    });
    expect(statuses).toEqual(['connected', 'closed']);
    expect(await adapter.connect(['AAPL'])).toBe(false);
  });

  it('rejects bad tickers and options naming them', async () => {
    const { adapter } = setup();
    await expect(adapter.connect(['AAPL', '??'])).rejects.toMatchObject({ field: 'tickers' });
    expect(
      () =>
        new SyntheticDataAdapter(
          loadConfig({}),
          () => {},
          () => {},
          { rate: 0 },
        ),
    ).toThrow(/rate/);
  });
});
