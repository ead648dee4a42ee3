import { createManualClock } from '@tickmux/core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { freeSlot, MultiConnectionManager, type GapReport } from '../src/index.js';
import { T0 } from './events.js';
import { GatedFakeClient, testSlotGate } from './gated-client.js';
import { flush } from './helpers.js';

const TICKERS = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'META', 'TSLA'];

/** A manager of three connections over gated fake clients, default options otherwise. */
function setup() {
  const clock = createManualClock(T0);
  const fakes: GatedFakeClient[] = [];
  const gate = testSlotGate();
  const gaps: GapReport[] = [];
  const pool = new MultiConnectionManager({
    apiKey: 'k',
    channels: ['T', 'Q'],
    clock,
    createClient: (o) => {
      const f = new GatedFakeClient(o, clock);
      fakes.push(f);
      return f;
    },
    slotGate: gate.gate,
    onGap: (g) => void gaps.push(g),
  });
  onTestFinished(() => pool.disconnect());
  return { clock, fakes, gate, gaps, pool };
}

describe('slotGate (fake clients, manual clock)', () => {
  it('opens connection n’s socket only once slot n is granted', async () => {
    const { fakes, gate, pool } = setup();
    const connected = pool.connect();
    await flush();
    expect(gate.calls).toEqual([1, 2, 3]);
    expect(fakes.map((f) => f.opened)).toEqual([0, 0, 0]);
    expect(pool.stats.budget.open).toBe(3); // the budget's slots are taken before the gate
    gate.grant(2);
    await flush();
    expect(fakes.map((f) => f.opened)).toEqual([0, 1, 0]);
    gate.grant(1);
    gate.grant(3);
    expect(await connected).toBe(true);
    expect(fakes.map((f) => f.state)).toEqual(['connected', 'connected', 'connected']);
  });

  it('a revoked pass closes that socket at once with a close handshake; its tickers’ gaps open, nothing fails over, and it reopens when granted again', async () => {
    const { clock, fakes, gate, gaps, pool } = setup();
    for (const s of [1, 2, 3]) gate.grant(s);
    await pool.connect();
    expect(await pool.subscribe(TICKERS)).toBe(true);
    const routing = TICKERS.map((t) => pool.getConnectionForTicker(t));
    const onSecond = fakes[1]!.tickers.sort();
    expect(onSecond.length).toBeGreaterThan(0);

    clock.advance(1_000);
    gate.revoke(2);
    await flush();
    expect(fakes[1]!.socket).toBe(false);
    expect(gate.closed).toEqual([[2, { wasClean: true, abandoned: false }]]);
    expect(
      pool
        .openGaps()
        .map((g) => g.ticker)
        .sort(),
    ).toEqual(onSecond);
    expect(TICKERS.map((t) => pool.getConnectionForTicker(t))).toEqual(routing);
    expect(pool.assignment.downConnections).toEqual([]);
    expect(fakes[0]!.tickers.some((t) => onSecond.includes(t))).toBe(false);
    expect(fakes[1]!.state).toBe('connecting'); // waiting at the gate again
    expect(gate.waiting(2)).toBe(1);
    expect(gate.calls.filter((s) => s === 2)).toHaveLength(2);

    clock.advance(2_000);
    gate.grant(2);
    await flush(30);
    await pool.settled();
    expect(fakes[1]!.opened).toBe(2);
    expect(fakes[1]!.tickers.sort()).toEqual(onSecond);
    expect(pool.openGaps()).toEqual([]);
    expect(gaps.map((g) => [g.ticker, g.from, g.to]).sort()).toEqual(
      onSecond.map((t) => [t, T0, T0 + 3_000]),
    );
  });

  it('every pass revoked together (leader mode): every socket closes and waits, none fails over', async () => {
    const { fakes, gate, pool } = setup();
    for (const s of [1, 2, 3]) gate.grant(s);
    await pool.connect();
    await pool.subscribe(TICKERS);
    for (const s of [1, 2, 3]) gate.revoke(s);
    await flush();
    expect(fakes.map((f) => f.socket)).toEqual([false, false, false]);
    expect(pool.openGaps()).toHaveLength(TICKERS.length);
    expect(pool.assignment.downConnections).toEqual([]);
    expect([1, 2, 3].map((s) => gate.waiting(s))).toEqual([1, 1, 1]);
  });

  it('disconnect() while waiting at the gate aborts the wait and reopens nothing', async () => {
    const { fakes, gate, pool } = setup();
    const connected = pool.connect();
    await flush();
    await pool.disconnect();
    expect(await connected).toBe(false);
    gate.grant(1);
    await flush();
    expect(fakes.map((f) => f.opened)).toEqual([0, 0, 0]);
    expect(pool.stats.budget.open).toBe(0);
  });

  it('a gate that refuses, or grants a pass already withdrawn, gives the budget’s slot back and opens nothing', async () => {
    const clock = createManualClock(T0);
    const fakes: GatedFakeClient[] = [];
    const withdrawn = new AbortController();
    withdrawn.abort(new Error('lease lost'));
    const closed: unknown[] = [];
    const pool = new MultiConnectionManager({
      apiKey: 'k',
      channels: ['T'],
      clock,
      maxConnections: 2,
      createClient: (o) => {
        const f = new GatedFakeClient(o, clock);
        fakes.push(f);
        return f;
      },
      slotGate: (slot) =>
        slot === 1
          ? Promise.reject(new Error('store unavailable'))
          : Promise.resolve({
              signal: withdrawn.signal,
              socketClosed: (info) => void closed.push(info),
            }),
    });
    onTestFinished(() => pool.disconnect());
    expect(await pool.connect()).toBe(false);
    expect(fakes.map((f) => f.opened)).toEqual([0, 0]);
    expect(pool.stats.budget.open).toBe(0);
    expect(closed).toEqual([{ wasClean: true, abandoned: false }]); // released without a quiet
  });

  it('freeSlot: the lowest slot not taken', () => {
    expect(freeSlot([], 3)).toBe(1);
    expect(freeSlot([1, 3], 3)).toBe(2);
    expect(freeSlot([1, 2, 3], 3)).toBe(4);
  });
});
