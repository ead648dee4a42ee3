import { createManualClock, ErrorCode, type MassiveEvent } from '@tickmux/core';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  MultiConnectionManager,
  type GapReport,
  type MultiConnectionManagerOptions,
  type PoolStatus,
  type TickInfo,
} from '../src/index.js';
import { bar, T0, trade } from './events.js';
import { fakeFactory } from './fake-client.js';
import { flush } from './helpers.js';

/** A manager over fake clients on a manual clock, default options otherwise. */
function setup(options: Partial<MultiConnectionManagerOptions> = {}) {
  const clock = createManualClock(T0);
  const { fakes, log, createClient } = fakeFactory(clock);
  const ticks: { event: MassiveEvent; info: TickInfo }[] = [];
  const gaps: GapReport[] = [];
  const statuses: PoolStatus[] = [];
  const states: string[] = [];
  const pool = new MultiConnectionManager({
    apiKey: 'k',
    channels: ['T', 'Q'],
    clock,
    createClient,
    onTick: (_tick, event, info) => void ticks.push({ event, info }),
    onGap: (g) => void gaps.push(g),
    onStatus: (s) => void statuses.push(s),
    onStateChange: (state, _previous, reason) =>
      void states.push(`${reason.connection_id} ${state}`),
    ...options,
  });
  onTestFinished(() => pool.disconnect());
  return { clock, fakes, log, pool, ticks, gaps, statuses, states };
}

const TICKERS = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'META', 'TSLA'];

describe('MultiConnectionManager (fake clients, manual clock)', () => {
  it('opens every connection through the socket budget and spreads tickers by the strategy', async () => {
    const { pool, fakes } = setup();
    expect(await pool.connect()).toBe(true);
    expect(await pool.subscribe(TICKERS)).toBe(true);
    expect(fakes.map((f) => f.tickers.length)).toEqual([2, 2, 2]);
    expect(pool.stats.budget).toMatchObject({ open: 3, max_sockets: 3 });
    for (const [i, f] of fakes.entries())
      for (const t of f.tickers) expect(pool.getConnectionForTicker(t)).toBe(`connection_${i + 1}`);
    expect(pool.getConnectionForTicker('ZZZZ')).toBeUndefined();
    expect(pool.state).toBe('connected');
  });

  it('puts a ticker on the connection named by subscribeTicker', async () => {
    const { pool, fakes } = setup();
    await pool.connect();
    expect(await pool.subscribeTicker('NVDA', 'connection_3')).toBe(true);
    expect(fakes[2]!.held()).toEqual(['Q.NVDA', 'T.NVDA']);
    await expect(pool.subscribeTicker('AAPL', 'connection_9')).rejects.toMatchObject({
      code: ErrorCode.UNKNOWN_CONNECTION,
    });
  });

  it('de-duplicates across connections: one T event delivered once, an identical bar dropped, a changed bar marked as a correction', async () => {
    const { pool, fakes, ticks } = setup({
      channels: ['T', 'AM'],
      replication: { symbols: ['AAPL'], factor: 2 },
    });
    await pool.connect();
    await pool.subscribe(['AAPL']);
    const [a, b] = pool.getConnectionsForTicker('AAPL').map((c) => fakes[Number(c.slice(-1)) - 1]!);
    a!.deliver(trade('AAPL', 1));
    b!.deliver(trade('AAPL', 1));
    b!.deliver(trade('AAPL', 2));
    a!.deliver(bar('AAPL', T0, 1));
    b!.deliver(bar('AAPL', T0, 1));
    b!.deliver(bar('AAPL', T0, 2));
    a!.deliver(bar('AAPL', T0, 2));
    expect(ticks.map((t) => [t.event.ev, t.info.correction])).toEqual([
      ['T', false],
      ['T', false],
      ['AM', false],
      ['AM', true],
    ]);
    expect(pool.getHealthStatus()).toMatchObject({
      total_ticks: 4,
      duplicates_dropped: 3,
      corrections: 1,
    });
  });

  it('fails a dead connection over at once, reports its gap, and moves it back (subscribed before unsubscribed) when it recovers', async () => {
    const { pool, fakes, log, gaps, clock } = setup();
    await pool.connect();
    await pool.subscribe(TICKERS);
    const moved = fakes[0]!.tickers;
    fakes[0]!.deliver(trade(moved[0]!, 1));
    const lastSeen = clock.now();
    clock.advance(2_000);
    fakes[0]!.lose();
    await flush();
    for (const t of moved) expect(pool.getConnectionForTicker(t)).not.toBe('connection_1');
    expect(fakes[0]!.tickers).toEqual([]); // its client will not resubscribe them by itself
    const survivors = [...fakes[1]!.tickers, ...fakes[2]!.tickers];
    expect(survivors).toEqual(expect.arrayContaining(moved));
    expect(gaps.map((g) => [g.ticker, g.from, g.to])).toEqual(
      moved.map((t) => [t, lastSeen, clock.now()]),
    );
    // It comes back once its (unclean) socket's zombie grace is over.
    const back = fakes[0]!.reconnect();
    await flush();
    expect(fakes[0]!.state).toBe('connecting');
    clock.advance(30_000);
    expect(await back).toBe(true);
    await pool.settled();
    for (const t of moved) expect(pool.getConnectionForTicker(t)).toBe('connection_1');
    for (const t of moved) {
      const subscribed = log.indexOf(`c1 +T.${t}`);
      const standIn = log.findIndex((l) => l.endsWith(`-T.${t}`));
      expect(subscribed).toBeGreaterThan(-1);
      expect(standIn).toBeGreaterThan(subscribed);
    }
    expect(pool.getHealthStatus().connections['connection_1']!.reconnects).toBe(1);
  });

  it('puts the survivors first: the dead client forgets what moved once they confirm, or before its next socket, whichever is first', async () => {
    const { pool, fakes, log, clock } = setup({ autoRebalance: false });
    await pool.connect();
    await pool.subscribe(TICKERS);
    const moved = fakes[0]!.tickers;
    fakes[1]!.autoConfirm = false;
    fakes[2]!.autoConfirm = false;
    fakes[0]!.lose();
    await flush();
    // The survivors have not confirmed yet: the dead client's bookkeeping waits.
    expect(fakes[0]!.tickers).toEqual(moved);
    const back = fakes[0]!.reconnect();
    // Its 'connecting' state is reported before the socket opens: it lets go of them first.
    expect(fakes[0]!.tickers).toEqual([]);
    const since = log.length;
    clock.advance(30_000);
    expect(await back).toBe(true);
    await flush();
    expect(log.slice(since).filter((l) => l.startsWith('c1 +'))).toEqual([]);
    for (const t of moved) expect(pool.getConnectionForTicker(t)).not.toBe('connection_1');
    fakes[1]!.confirmAll();
    fakes[2]!.confirmAll();
    await pool.settled();
    expect(fakes[0]!.tickers).toEqual([]);
  });

  it('keeps a replicated ticker without a gap while one replica lives', async () => {
    const { pool, fakes, gaps, clock } = setup({ replication: { symbols: ['AAPL'], factor: 2 } });
    await pool.connect();
    await pool.subscribe(['AAPL', 'MSFT']);
    // The dying carrier was heard from after both confirmations.
    clock.advance(1);
    const [first] = pool.getConnectionsForTicker('AAPL');
    fakes[Number(first!.slice(-1)) - 1]!.deliver(trade('AAPL', 1));
    fakes[Number(first!.slice(-1)) - 1]!.lose();
    await flush();
    expect(gaps.filter((g) => g.ticker === 'AAPL')).toEqual([]);
    expect(pool.getConnectionsForTicker('AAPL')).toHaveLength(2);
  });

  it('with failover off, tickers wait for their own reconnect and the gap covers the wait', async () => {
    const { pool, fakes, gaps, clock } = setup({ failover: false });
    await pool.connect();
    await pool.subscribe(TICKERS);
    const mine = fakes[1]!.tickers;
    fakes[1]!.lose({ wasClean: true });
    await flush();
    for (const t of mine) expect(pool.getConnectionForTicker(t)).toBe('connection_2');
    const lostAt = clock.now();
    clock.advance(1_000);
    await fakes[1]!.reconnect();
    expect(gaps.map((g) => [g.ticker, g.from, g.to])).toEqual(
      mine.map((t) => [t, lostAt, lostAt + 1_000]),
    );
  });

  it('backs the whole pool off after max_connections on any socket (no reconnect storm)', async () => {
    const { pool, fakes, clock } = setup();
    await pool.connect();
    fakes[0]!.status('max_connections');
    fakes[0]!.lose({ wasClean: true, code: 1008 });
    fakes[1]!.lose({ wasClean: true });
    const retries = [fakes[0]!.reconnect(), fakes[1]!.reconnect()];
    await flush();
    expect(fakes.slice(0, 2).map((f) => f.state)).toEqual(['connecting', 'connecting']);
    expect(pool.stats.budget.backing_off).toBe(true);
    clock.advance(72_000); // the back-off: 60 s ± 20 %
    expect(await Promise.all(retries)).toEqual([true, true]);
    expect(pool.getHealthStatus().account_contention).toBe(0);
  });

  it('counts max_connections with slots to spare as account contention', async () => {
    const { pool, fakes } = setup();
    await pool.connect();
    fakes[0]!.lose({ wasClean: true });
    fakes[1]!.status('max_connections');
    expect(pool.getHealthStatus().account_contention).toBe(1);
    expect(pool.stats.budget.limit).toBe(1);
  });

  it('shares one subscription between two consumers of a ticker (reference counts)', async () => {
    const { pool, fakes } = setup();
    await pool.connect();
    await pool.subscribeTicker('AAPL');
    await pool.subscribe(['AAPL']);
    const on = fakes.filter((f) => f.tickers.includes('AAPL'));
    expect(on).toHaveLength(1);
    await pool.unsubscribeTicker('AAPL');
    expect(on[0]!.tickers).toEqual(['AAPL']);
    await pool.unsubscribe(['AAPL']);
    await pool.settled();
    expect(on[0]!.tickers).toEqual([]);
    expect(pool.getConnectionForTicker('AAPL')).toBeUndefined();
  });

  it('subscribes a channel added by a second consumer on the ticker’s connection, and drops it with them', async () => {
    const { pool, fakes } = setup();
    await pool.connect();
    await pool.subscribe({ T: ['AAPL'] });
    await pool.subscribe({ AM: ['AAPL'] });
    const f = fakes.find((x) => x.tickers.includes('AAPL'))!;
    expect(f.held()).toEqual(['AM.AAPL', 'T.AAPL']);
    await pool.unsubscribe({ AM: ['AAPL'] });
    expect(f.held()).toEqual(['T.AAPL']);
  });

  it('tags statuses and lifecycle changes with their connection', async () => {
    const { pool, fakes, statuses, states } = setup();
    await pool.connect();
    fakes[1]!.status('error', 'not authorized');
    expect(statuses).toEqual([
      expect.objectContaining({ kind: 'error', connection_id: 'connection_2' }),
    ]);
    expect(states).toContain('connection_3 connected');
    expect(pool.getHealthStatus().connections['connection_2']!.errors).toBe(1);
  });

  it('returns the health object of architecture.md', async () => {
    const { pool, fakes, clock } = setup();
    await pool.connect();
    await pool.subscribe(['AAPL', 'MSFT', 'NVDA']);
    fakes[0]!.deliver(trade(fakes[0]!.tickers[0]!, 1));
    expect(pool.getHealthStatus()).toEqual({
      total_connections: 3,
      connected: 3,
      total_tickers: 3,
      total_ticks: 1,
      total_errors: 0,
      duplicates_dropped: 0,
      corrections: 0,
      gaps: 0,
      account_contention: 0,
      connections: {
        connection_1: {
          name: 'connection_1',
          status: 'connected',
          tickers: 1,
          messages: 1,
          errors: 0,
          last_message_at: clock.now(),
          reconnects: 0,
        },
        connection_2: {
          name: 'connection_2',
          status: 'connected',
          tickers: 1,
          messages: 0,
          errors: 0,
          last_message_at: null,
          reconnects: 0,
        },
        connection_3: {
          name: 'connection_3',
          status: 'connected',
          tickers: 1,
          messages: 0,
          errors: 0,
          last_message_at: null,
          reconnects: 0,
        },
      },
    });
  });

  it('streams every delivered event through a bounded buffer that drops its oldest item', async () => {
    const { pool, fakes } = setup();
    await pool.connect();
    await pool.subscribe(['AAPL']);
    const stream = pool.events({ highWaterMark: 2 });
    const f = fakes.find((x) => x.tickers.includes('AAPL'))!;
    for (let q = 1; q <= 3; q++) f.deliver(trade('AAPL', q));
    expect(stream.dropped).toBe(1);
    const first = await stream.next();
    expect((first.value!.event as { q: number }).q).toBe(2);
    expect(() => pool.events({ overflow: 'pause' })).toThrow(
      expect.objectContaining({ field: 'overflow' }),
    );
    await pool.disconnect();
    expect((await stream.next()).value).toMatchObject({ event: { q: 3 } });
    expect((await stream.next()).done).toBe(true);
  });

  it('refuses the wildcard, bad tickers and bad options with typed errors naming the field', async () => {
    const { pool } = setup();
    await expect(pool.subscribe('*')).rejects.toMatchObject({ code: ErrorCode.INVALID_TICKER });
    await expect(pool.subscribe(['$$$'])).rejects.toMatchObject({ code: ErrorCode.INVALID_TICKER });
    const clock = createManualClock(T0);
    const { createClient } = fakeFactory(clock);
    const make = (o: Partial<MultiConnectionManagerOptions>) =>
      new MultiConnectionManager({ apiKey: 'k', clock, createClient, ...o });
    expect(() => make({ maxConnections: 0 })).toThrow(
      expect.objectContaining({ field: 'maxConnections' }),
    );
    expect(() => make({ connections: ['a', 'a'] })).toThrow(
      expect.objectContaining({ field: 'connections' }),
    );
    expect(() => make({ connections: ['a', 'b', 'c', 'd'] })).toThrow(
      expect.objectContaining({ field: 'connections' }),
    );
    expect(() => make({ routing: 'fastest' as never })).toThrow(
      expect.objectContaining({ field: 'routing.strategy' }),
    );
    expect(() => make({ failover: 'yes' as never })).toThrow(
      expect.objectContaining({ field: 'failover' }),
    );
    expect(() => make({ apiKey: '' })).toThrow(expect.objectContaining({ field: 'apiKey' }));
  });

  it('in single-connection mode uses one connection and leaves reconnects to its client', async () => {
    const { pool, fakes, gaps } = setup({
      multiConnection: false,
      replication: { symbols: ['AAPL'], factor: 2 },
    });
    await pool.connect();
    await pool.subscribe(TICKERS);
    expect(fakes).toHaveLength(1);
    expect(fakes[0]!.tickers).toEqual(TICKERS);
    fakes[0]!.lose();
    await flush();
    expect(fakes[0]!.tickers).toEqual(TICKERS); // kept: its client resubscribes them
    expect(pool.getConnectionForTicker('AAPL')).toBe('connection_1');
    await fakes[0]!.reconnect().catch(() => false);
    expect(gaps.map((g) => g.ticker)).toEqual(TICKERS);
  });

  it('adds a connection at runtime (it takes its share) and removes one (its tickers confirmed elsewhere first)', async () => {
    const { pool, fakes, log } = setup({ connections: ['connection_1', 'connection_2'] });
    await pool.connect();
    await pool.subscribe(TICKERS);
    await pool.addConnection('connection_3', ['JPM']);
    expect(fakes[2]!.tickers).toHaveLength(3);
    expect(pool.getConnectionForTicker('JPM')).toBe('connection_3');
    const leaving = fakes[0]!.tickers;
    log.length = 0;
    await pool.removeConnection('connection_1');
    expect(pool.connectionIds).toEqual(['connection_2', 'connection_3']);
    for (const t of leaving) {
      expect(['connection_2', 'connection_3']).toContain(pool.getConnectionForTicker(t));
      const sub = log.findIndex((l) => l.endsWith(`+T.${t}`));
      const unsub = log.indexOf(`c1 -T.${t}`);
      expect(sub).toBeGreaterThan(-1);
      expect(unsub === -1 || unsub > sub).toBe(true);
    }
    expect(fakes[0]!.state).toBe('closed');
    await expect(pool.addConnection('connection_2')).rejects.toMatchObject({ field: 'id' });
  });

  it('rebalance() restores a recovered connection when auto-rebalance is off and returns the moves', async () => {
    const { pool, fakes, clock } = setup({ autoRebalance: false });
    await pool.connect();
    await pool.subscribe(TICKERS);
    const moved = fakes[0]!.tickers;
    fakes[0]!.lose({ wasClean: true });
    await flush();
    await fakes[0]!.reconnect();
    await pool.settled();
    expect(fakes[0]!.tickers).toEqual([]); // stays empty until asked
    clock.advance(1);
    const moves = await pool.rebalance();
    expect(
      moves
        .filter((m) => m.to === 'connection_1')
        .map((m) => m.ticker)
        .sort(),
    ).toEqual([...moved].sort());
    expect(fakes[0]!.tickers.sort()).toEqual([...moved].sort());
  });

  it('puts 200 tickers at 100 per connection on 2 connections when scaling automatically', async () => {
    const { pool, fakes } = setup({
      autoScale: true,
      routing: { strategy: 'least-loaded', capacity: 100 },
    });
    await pool.connect();
    const tickers = Array.from({ length: 200 }, (_, i) => `T${String(i).padStart(3, '0')}`);
    expect(await pool.subscribe(tickers)).toBe(true);
    expect(fakes.map((f) => f.tickers.length)).toEqual([100, 100]);
  });

  it('re-plans load-balanced routing on the rates it observed, every health check', async () => {
    const { pool, fakes, clock } = setup({
      routing: 'load-balanced',
      connections: ['connection_1', 'connection_2'],
      healthCheckIntervalMs: 10_000,
    });
    await pool.connect();
    await pool.subscribe(['AAPL', 'MSFT', 'NVDA', 'AMZN']);
    const hot = fakes[0]!.tickers;
    // Both tickers of connection_1 turn hot: 100 events each, the others 1.
    for (let q = 1; q <= 100; q++) for (const t of hot) fakes[0]!.deliver(trade(t, q));
    for (const t of fakes[1]!.tickers) fakes[1]!.deliver(trade(t, 1));
    clock.advance(10_000);
    await pool.settled();
    const on = (c: string) => pool.assignment.tickersOn(c);
    expect(on('connection_1').filter((t) => hot.includes(t))).toHaveLength(1);
    expect(on('connection_2').filter((t) => hot.includes(t))).toHaveLength(1);
  });

  it('connects again after disconnect, with a fresh budget and no subscription left over', async () => {
    const { pool, fakes } = setup();
    await pool.connect();
    await pool.subscribe(TICKERS);
    await pool.disconnect();
    await pool.disconnect();
    expect(fakes.map((f) => f.tickers)).toEqual([[], [], []]);
    expect(await pool.connect()).toBe(true);
    expect(pool.stats.budget.open).toBe(3);
    expect(pool.getHealthStatus().total_tickers).toBe(0);
    expect(await pool.subscribe(['AAPL'])).toBe(true);
    expect(fakes.flatMap((f) => f.tickers)).toEqual(['AAPL']);
  });

  it('awaits the slot gate per connection after its budget slot (e.g. an HA slot lease) and reports socket ends with their connection', async () => {
    const opened: string[] = [];
    let letThrough: () => void = () => {};
    const held = new Promise<void>((resolve) => (letThrough = resolve));
    const closes: { connection_id: string; code: number }[] = [];
    const { pool, fakes } = setup({
      slotGate: async (slot) => {
        if (slot === 2) await held;
        opened.push(`connection_${slot}`);
        return { signal: new AbortController().signal };
      },
      onSocketClose: (info) =>
        void closes.push({ connection_id: info.connection_id, code: info.code }),
    });
    const connected = pool.connect();
    await flush();
    expect(opened).toEqual(['connection_1', 'connection_3']);
    expect(fakes[1]!.state).toBe('connecting');
    expect(pool.stats.budget.open).toBe(3); // its budget slot is taken while it waits
    letThrough();
    expect(await connected).toBe(true);
    fakes[2]!.lose({ code: 1011, wasClean: true });
    expect(closes).toEqual([{ connection_id: 'connection_3', code: 1011 }]);
  });

  it('gives the budget slot back when the slot gate refuses', async () => {
    const { pool, fakes } = setup({
      connections: ['connection_1'],
      slotGate: () => Promise.reject(new Error('standby')),
    });
    expect(await pool.connect()).toBe(false);
    expect(fakes[0]!.state).toBe('connecting');
    expect(pool.stats.budget).toMatchObject({ open: 0, zombies: 0 });
  });

  it('leaves no timer on the clock after disconnect', async () => {
    const { pool, fakes, clock } = setup({ healthCheckIntervalMs: 1_000 });
    await pool.connect();
    await pool.subscribe(TICKERS);
    fakes[0]!.lose(); // a zombie grace timer in the budget
    clock.advance(1_000);
    await pool.disconnect();
    expect(clock.pending()).toBe(0);
    expect(pool.state).toBe('closed');
  });
});
