import { MassiveClient } from '@tickmux/client';
import { useSim, waitUntil } from '@tickmux/test-utils';
import { describe, expect, it } from 'vitest';
import { usEquities, type MassiveEvent } from '@tickmux/core';
import { MultiConnectionManager } from '../src/index.js';
import {
  duplicates,
  flowing,
  observedPool,
  serverSockets,
  SIM_ZOMBIE_MS,
  simIdOf,
} from './pool-helpers.js';

const TICKERS = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'META', 'TSLA', 'GOOGL', 'JPM', 'XOM'];
const TQ = ['T', 'Q'];

describe('the test guide against the simulator', () => {
  it('spreads tickers over 3 connections and delivers each event once', async () => {
    const sim = await useSim({ rate: 5_000, tickers: TICKERS, zombieMs: SIM_ZOMBIE_MS });
    const { pool, delivered } = observedPool(sim, { channels: TQ });
    expect(await pool.connect()).toBe(true);
    expect(await pool.subscribe(TICKERS)).toBe(true);
    await flowing(delivered, TICKERS, 'every ticker');
    const h = pool.getHealthStatus();
    expect(h).toMatchObject({ total_connections: 3, connected: 3, total_tickers: 9 });
    expect(Object.values(h.connections).map((c) => c.tickers)).toEqual([3, 3, 3]);
    expect(duplicates(delivered)).toEqual([]);
    expect(sim.control.connections()).toHaveLength(3);
  });

  it('runs two managers with different tickers independently (one account each)', async () => {
    const sim = await useSim({
      rate: 5_000,
      tickers: TICKERS,
      zombieMs: SIM_ZOMBIE_MS,
      accounts: { a: { keys: ['ka'] }, b: { keys: ['kb'] } },
    });
    const a = observedPool(sim, { apiKey: 'ka', channels: TQ });
    const b = observedPool(sim, { apiKey: 'kb', channels: TQ });
    await Promise.all([a.pool.connect(), b.pool.connect()]);
    await a.pool.subscribe(['AAPL', 'GOOGL']);
    await b.pool.subscribe(['MSFT', 'TSLA']);
    await flowing(a.delivered, ['AAPL', 'GOOGL'], 'manager A');
    await flowing(b.delivered, ['MSFT', 'TSLA'], 'manager B');
    // Every socket of A goes; B does not notice.
    for (const c of sim.control.connections().filter((c) => c.account === 'a'))
      sim.control.kill(c.id);
    await flowing(b.delivered, ['MSFT', 'TSLA'], 'manager B while A is down');
    await flowing(a.delivered, ['AAPL', 'GOOGL'], 'manager A after its recovery');
    const symsOf = (d: typeof a.delivered) =>
      new Set(d.map((x) => (x.event as { sym: string }).sym));
    expect([...symsOf(a.delivered)].sort()).toEqual(['AAPL', 'GOOGL']);
    expect([...symsOf(b.delivered)].sort()).toEqual(['MSFT', 'TSLA']);
    const reconnectsOfB = Object.values(b.pool.getHealthStatus().connections).map(
      (c) => c.reconnects,
    );
    expect(reconnectsOfB).toEqual([0, 0, 0]);
    expect(duplicates(a.delivered)).toEqual([]);
    expect(duplicates(b.delivered)).toEqual([]);
  });

  it('a second consumer subscribing while the first subscription is still in flight waits for it (true, not false at once)', async () => {
    const sim = await useSim({ rate: 5_000, tickers: TICKERS, zombieMs: SIM_ZOMBIE_MS });
    const { pool } = observedPool(sim, { channels: TQ });
    expect(await pool.connect()).toBe(true);
    const first = pool.subscribe(TICKERS); // not awaited: its acks are on their way
    expect(await pool.subscribe(TICKERS)).toBe(true);
    expect(await first).toBe(true);
  });

  it('gives two consumers of one ticker one subscription, both receive it, no duplicates', async () => {
    const sim = await useSim({ rate: 5_000, tickers: TICKERS, zombieMs: SIM_ZOMBIE_MS });
    const { pool } = observedPool(sim, { channels: TQ });
    await pool.connect();
    const first = pool.events();
    const second = pool.events();
    await pool.subscribeTicker('AAPL');
    await pool.subscribeTicker('AAPL');
    const carriers = () =>
      sim.control.connections().filter((c) => c.topics.includes('T.AAPL')).length;
    expect(carriers()).toBe(1);
    const take = async (stream: AsyncIterator<{ event: MassiveEvent }>, n: number) => {
      const ids: string[] = [];
      while (ids.length < n) {
        const { value } = await stream.next();
        const e = value!.event as { ev: string; sym: string; q: number };
        ids.push(`${e.ev}:${e.sym}:${e.q}`);
      }
      return ids;
    };
    const [a, b] = await Promise.all([take(first, 200), take(second, 200)]);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(200);
    await pool.unsubscribeTicker('AAPL');
    expect(carriers()).toBe(1); // the other consumer still holds it
    await pool.unsubscribeTicker('AAPL');
    await waitUntil(() => carriers() === 0, 5_000, 'AAPL unsubscribed');
    expect(pool.getConnectionForTicker('AAPL')).toBeUndefined();
  });

  it('puts 200 tickers with 100 per connection on 2 connections, 100 each', async () => {
    const universe = usEquities()
      .slice(0, 200)
      .map((e) => e.ticker);
    const sim = await useSim({ rate: 2_000, tickers: universe, zombieMs: SIM_ZOMBIE_MS });
    const { pool } = observedPool(sim, {
      channels: ['T'],
      autoScale: true,
      routing: { strategy: 'least-loaded', capacity: 100 },
    });
    await pool.connect();
    expect(await pool.subscribe(universe)).toBe(true);
    const h = pool.getHealthStatus();
    expect(h.total_connections).toBe(2);
    expect(Object.values(h.connections).map((c) => c.tickers)).toEqual([100, 100]);
    expect(sim.control.connections().map((c) => c.topics.length)).toEqual([100, 100]);
  });

  it('3 connections, #2 dropped: #1 and #3 keep flowing, #2 reconnects', async () => {
    const sim = await useSim({ rate: 5_000, tickers: TICKERS, zombieMs: SIM_ZOMBIE_MS });
    const { pool, delivered } = observedPool(sim, { channels: TQ });
    await pool.connect();
    await pool.subscribe(TICKERS);
    await flowing(delivered, TICKERS, 'every ticker');
    const onOthers = [
      ...pool.assignment.tickersOn('connection_1'),
      ...pool.assignment.tickersOn('connection_3'),
    ];
    sim.control.drop(simIdOf(sim, pool, 'connection_2'), 1011);
    await flowing(delivered, onOthers, '#1 and #3 while #2 is down');
    await waitUntil(
      () => pool.getHealthStatus().connections['connection_2']!.reconnects === 1,
      10_000,
      '#2 reconnected',
    );
    await waitUntil(() => pool.assignment.tickersOn('connection_2').length === 3);
    await flowing(delivered, TICKERS, 'every ticker after #2 is back');
    const h = pool.getHealthStatus();
    expect(h.connected).toBe(3);
    expect(h.connections['connection_1']!.reconnects).toBe(0);
    expect(h.connections['connection_3']!.reconnects).toBe(0);
    expect(duplicates(delivered)).toEqual([]);
  });

  it('all connections dropped: all reconnect and re-subscribe, each gap reported', async () => {
    const sim = await useSim({ rate: 5_000, tickers: TICKERS, zombieMs: SIM_ZOMBIE_MS });
    const { pool, delivered, gaps } = observedPool(sim, { channels: TQ });
    await pool.connect();
    await pool.subscribe(TICKERS);
    await flowing(delivered, TICKERS, 'every ticker');
    for (const c of sim.control.connections()) sim.control.drop(c.id, 1012);
    await waitUntil(
      () => Object.values(pool.getHealthStatus().connections).every((c) => c.reconnects === 1),
      10_000,
      'every connection reconnected',
    );
    await flowing(delivered, TICKERS, 'every ticker after the recovery');
    // Each topic on exactly one socket again, once the failed-over copies are unsubscribed.
    const wanted = TICKERS.flatMap((t) => [`Q.${t}`, `T.${t}`]).sort();
    const topics = () =>
      sim.control
        .connections()
        .flatMap((c) => c.topics)
        .sort();
    await waitUntil(
      () => serverSockets(sim) === 3 && JSON.stringify(topics()) === JSON.stringify(wanted),
      10_000,
      'every topic on one socket',
    );
    await waitUntil(() => new Set(gaps.map((g) => g.ticker)).size === TICKERS.length);
    for (const g of gaps) expect(g.to).toBeGreaterThanOrEqual(g.from);
    expect(duplicates(delivered)).toEqual([]);
  });

  it('4 connections, 1 killed: its tickers fail over at once, then move back when it recovers', async () => {
    const sim = await useSim({
      rate: 5_000,
      tickers: TICKERS,
      zombieMs: SIM_ZOMBIE_MS,
      maxConnections: 4,
    });
    const { pool, delivered, gaps } = observedPool(sim, {
      channels: TQ,
      maxConnections: 4,
      healthCheckIntervalMs: 0,
    });
    await pool.connect();
    await pool.subscribe(TICKERS);
    await flowing(delivered, TICKERS, 'every ticker');
    const moved = pool.assignment.tickersOn('connection_2');
    expect(moved.length).toBeGreaterThan(0);
    sim.control.kill(simIdOf(sim, pool, 'connection_2'));
    await waitUntil(
      () => moved.every((t) => pool.getConnectionForTicker(t) !== 'connection_2'),
      5_000,
      'failover',
    );
    await flowing(delivered, moved, 'the moved tickers on survivors');
    await waitUntil(
      () => moved.every((t) => pool.getConnectionForTicker(t) === 'connection_2'),
      10_000,
      'the tickers back on connection_2',
    );
    await flowing(delivered, TICKERS, 'every ticker after the recovery');
    expect(pool.getHealthStatus().connected).toBe(4);
    const movedGaps = gaps.filter((g) => moved.includes(g.ticker));
    expect(new Set(movedGaps.map((g) => g.ticker))).toEqual(new Set(moved));
    expect(movedGaps.every((g) => g.reason === 'connection_lost')).toBe(true);
    expect(duplicates(delivered)).toEqual([]);
  });

  it('4 connections, 2 killed at once: 2 continue, 2 reconnect', async () => {
    const sim = await useSim({
      rate: 5_000,
      tickers: TICKERS,
      zombieMs: SIM_ZOMBIE_MS,
      maxConnections: 4,
    });
    const { pool, delivered } = observedPool(sim, { channels: TQ, maxConnections: 4 });
    await pool.connect();
    await pool.subscribe(TICKERS);
    await flowing(delivered, TICKERS, 'every ticker');
    const victims = [simIdOf(sim, pool, 'connection_1'), simIdOf(sim, pool, 'connection_3')];
    for (const id of victims) sim.control.kill(id);
    await flowing(delivered, TICKERS, 'every ticker on the 2 survivors');
    await waitUntil(
      () => {
        const h = pool.getHealthStatus();
        return h.connected === 4 && h.connections['connection_3']!.reconnects === 1;
      },
      10_000,
      'the killed connections back',
    );
    const h = pool.getHealthStatus();
    expect(Object.values(h.connections).map((c) => c.reconnects)).toEqual([1, 0, 1, 0]);
    await flowing(delivered, TICKERS, 'every ticker after the recovery');
    expect(duplicates(delivered)).toEqual([]);
  });

  it('recovers from a network partition (every socket stalled), never over the account limit', async () => {
    const sim = await useSim({ rate: 5_000, tickers: TICKERS, zombieMs: SIM_ZOMBIE_MS });
    // The server holds a stalled socket for the stall: the budget's grace must cover it.
    const { pool, delivered } = observedPool(sim, {
      channels: TQ,
      budget: { zombieGraceMs: 1_000, maxConnectionsBackoffMs: 300, jitter: 0 },
    });
    await pool.connect();
    await pool.subscribe(TICKERS);
    await flowing(delivered, TICKERS, 'every ticker');
    sim.control.resetHighWater();
    // Longer than a ping interval plus its timeout (100 + 400 ms): every socket is seen dead.
    for (const c of sim.control.connections()) sim.control.stall(c.id, 800);
    await waitUntil(
      () => Object.values(pool.getHealthStatus().connections).every((c) => c.reconnects >= 1),
      10_000,
      'every connection replaced',
    );
    await flowing(delivered, TICKERS, 'every ticker after the partition');
    await waitUntil(() => pool.getHealthStatus().connected === 3);
    expect(sim.control.account('demo').highWater).toBeLessThanOrEqual(3);
    expect(sim.control.account('demo').kicked).toBe(0);
    expect(duplicates(delivered)).toEqual([]);
  });

  it('in single-connection mode delivers exactly what one client delivers', async () => {
    const sim = await useSim({ clock: 'virtual', rate: 5_000, tickers: TICKERS });
    const fromClient: string[] = [];
    const fromPool: string[] = [];
    const clientStates: string[] = [];
    const poolStates: string[] = [];
    const client = new MassiveClient({
      apiKey: 'demo',
      url: sim.url,
      onEvent: (e) => void fromClient.push(JSON.stringify(e)),
      onStateChange: (s) => void clientStates.push(s),
    });
    const pool = new MultiConnectionManager({
      apiKey: 'demo',
      url: sim.url,
      multiConnection: false,
      onEvent: (e) => void fromPool.push(JSON.stringify(e)),
      onStateChange: (s) => void poolStates.push(s),
    });
    try {
      expect(await client.connect()).toBe(true);
      expect(await pool.connect()).toBe(true);
      expect(await client.subscribe(TICKERS)).toBe(true);
      expect(await pool.subscribe(TICKERS)).toBe(true);
      expect(pool.connectionIds).toEqual(['connection_1']);
      for (let i = 0; i < 5; i++) await sim.control.advance(1_000);
      const sent = () => sim.control.connections().map((c) => c.eventsSent);
      await waitUntil(
        () => fromClient.length === sent()[0] && fromPool.length === sent()[1],
        10_000,
        'every event sent',
      );
      expect(fromClient.length).toBeGreaterThan(1_000);
      expect(fromPool).toEqual(fromClient);
      expect(poolStates).toEqual(clientStates);
    } finally {
      await client.disconnect();
      await pool.disconnect();
    }
  });
});
