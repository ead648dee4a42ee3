import { createManualClock, type AggregateEvent } from '@tickmux/core';
import { useSim, waitUntil } from '@tickmux/test-utils';
import { describe, expect, it, onTestFinished } from 'vitest';
import { MultiConnectionManager } from '../src/index.js';
import { duplicates, flowing, simIdOf, sleep, type Delivered } from './pool-helpers.js';

const TICKERS = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'META', 'TSLA'];

describe("against the simulator's defaults (kick-oldest, 30 s zombies)", () => {
  it('stall 1 of 3: back to 3 connected, the account never over 3, no socket kicked', async () => {
    const clock = createManualClock(Date.now());
    const sim = await useSim({ wallClock: clock, rate: 5_000, tickers: TICKERS });
    const delivered: Delivered[] = [];
    // Default options throughout (heartbeat 25 s / 30 s, budget grace 30 s), on the manual clock.
    const pool = new MultiConnectionManager({
      apiKey: 'demo',
      url: sim.url,
      channels: ['T', 'Q'],
      clock,
      onEvent: (event, info) => void delivered.push({ event, info }),
    });
    onTestFinished(() => pool.disconnect());
    // The simulator's loop runs on the manual clock: pump it while waiting for data.
    let pump = setInterval(() => clock.advance(20), 5);
    onTestFinished(() => clearInterval(pump));
    expect(await pool.connect()).toBe(true);
    expect(await pool.subscribe(TICKERS)).toBe(true);
    await flowing(delivered, TICKERS, 'every ticker');
    clearInterval(pump);
    sim.control.resetHighWater();
    const victim = 'connection_2';
    const survivors = ['connection_1', 'connection_3'];
    // Longer than a ping interval plus its timeout, so the socket is seen dead (not merely slow).
    sim.control.stall(simIdOf(sim, pool, victim), 60_000);
    let highWater = 0;
    const recovered = () => {
      const h = pool.getHealthStatus();
      return h.connected === 3 && h.connections[victim]!.reconnects === 1;
    };
    for (let s = 0; s < 150 && !recovered(); s++) {
      clock.advance(1_000);
      await sleep(8);
      highWater = Math.max(highWater, sim.control.account('demo').highWater);
    }
    expect(recovered()).toBe(true);
    pump = setInterval(() => clock.advance(20), 5);
    await flowing(delivered, TICKERS, 'every ticker after the recovery');
    clearInterval(pump);
    const h = pool.getHealthStatus();
    expect(survivors.map((c) => h.connections[c]!.reconnects)).toEqual([0, 0]);
    expect(highWater).toBeLessThanOrEqual(3);
    expect(sim.control.account('demo')).toMatchObject({ kicked: 0 });
    expect(sim.control.account('demo').highWater).toBeLessThanOrEqual(3);
    expect(duplicates(delivered)).toEqual([]);
  });

  it('emits a corrected AM bar once, marked as a correction, and drops the identical copy from the other connection', async () => {
    const sim = await useSim({
      clock: 'virtual',
      rate: 100,
      tickers: ['AAPL', 'MSFT'],
      lateTradeRatio: 0.01,
      lateTradeMaxDelayMs: 5_000, // corrections arrive within the test's 10 minutes
    });
    const delivered: Delivered[] = [];
    const pool = new MultiConnectionManager({
      apiKey: 'demo',
      url: sim.url,
      channels: ['AM'],
      maxConnections: 2,
      replication: { symbols: ['AAPL'], factor: 2 },
      onEvent: (event, info) => void delivered.push({ event, info }),
    });
    onTestFinished(() => pool.disconnect());
    await pool.connect();
    expect(await pool.subscribe(['AAPL'])).toBe(true);
    expect(pool.getConnectionsForTicker('AAPL')).toEqual(['connection_1', 'connection_2']);
    for (let m = 0; m < 60; m++) await sim.control.advance(10_000);
    const truth = sim.control.groundTruth({ channel: 'AM', ticker: 'AAPL' })[0]!;
    const perSocket = Object.values(truth.bySocket).map((s) => s.sent);
    expect(perSocket).toHaveLength(2);
    expect(perSocket[0]).toBe(perSocket[1]);
    const received = () =>
      Object.values(pool.getHealthStatus().connections).reduce((n, c) => n + c.messages, 0);
    await waitUntil(() => received() === truth.sent, 10_000, 'every bar sent');
    // Each version once: what one socket was sent, the other socket's copies dropped.
    expect(delivered).toHaveLength(perSocket[0]!);
    const byWindow = new Map<number, Delivered[]>();
    for (const d of delivered) {
      const s = (d.event as AggregateEvent).s;
      byWindow.set(s, [...(byWindow.get(s) ?? []), d]);
    }
    let corrections = 0;
    for (const versions of byWindow.values()) {
      expect(versions.map((v) => v.info.correction)).toEqual(versions.map((_, i) => i > 0));
      const contents = versions.map((v) => JSON.stringify(v.event));
      expect(new Set(contents).size).toBe(contents.length);
      corrections += versions.length - 1;
    }
    expect(corrections).toBeGreaterThan(0);
    expect(pool.stats.dedup.corrections).toBe(corrections);
    expect(pool.getHealthStatus()).toMatchObject({
      corrections,
      duplicates_dropped: perSocket[0],
    });
  });
});
