import { loadConfig } from '@tickmux/config';
import { ErrorCode, type TickData } from '@tickmux/core';
import { useSim, waitUntil } from '@tickmux/test-utils';
import { describe, expect, it } from 'vitest';
import { RealTimeDataAdapter } from '../src/index.js';

const TICKERS = ['AAPL', 'MSFT', 'NVDA'];

function configFor(url: string, extra: Record<string, string> = {}) {
  return loadConfig({
    USE_MASSIVE_API: 'true',
    MASSIVE_API_KEY: 'demo',
    MASSIVE_WEBSOCKET_URL: url,
    MASSIVE_WEBSOCKET_RECONNECT_DELAY: '0.05',
    ...extra,
  });
}

function recorder() {
  const ticks: TickData[] = [];
  const statuses: [string, Readonly<Record<string, unknown>>][] = [];
  return {
    ticks,
    statuses,
    onTick: (t: TickData) => ticks.push(t),
    onStatus: (s: string, d: Readonly<Record<string, unknown>>) => statuses.push([s, d]),
  };
}

describe('RealTimeDataAdapter against the simulator (USE_MULTI_CONNECTION=false unless said)', () => {
  it('runs exactly one client: connects, subscribes every ticker on it, and passes its ticks through', async () => {
    const sim = await useSim({ rate: 1_000, tickers: [...TICKERS, 'AMZN'] });
    const r = recorder();
    const adapter = new RealTimeDataAdapter(configFor(sim.url), r.onTick, r.onStatus);
    expect(adapter.mode).toBe('realtime-single');
    expect(await adapter.connect(TICKERS)).toBe(true);
    await waitUntil(
      () => new Set(r.ticks.map((t) => t.ticker)).size === 3,
      10_000,
      'ticks of every ticker',
    );
    // One socket on the simulator, carrying every topic.
    const sockets = sim.control.connections().filter((c) => c.state === 'open');
    expect(sockets).toHaveLength(1);
    expect([...sockets[0]!.topics].sort()).toEqual(
      ['T', 'Q', 'AM'].flatMap((c) => TICKERS.map((t) => `${c}.${t}`)).sort(),
    );
    expect(new Set(r.ticks.map((t) => t.ticker))).toEqual(new Set(TICKERS));
    const health = adapter.getHealthStatus();
    expect(health).toMatchObject({ total_connections: 1, connected: 1, total_tickers: 3 });
    expect(health.total_ticks).toBeGreaterThanOrEqual(r.ticks.length);
    expect(health.connections['connection_1']).toMatchObject({
      name: 'primary',
      status: 'connected',
      tickers: 3,
    });
    expect(adapter.getConnectionTickers('connection_1')).toEqual(TICKERS);
    expect(adapter.getConnectionTickers('connection_9')).toBeUndefined();
    expect(await adapter.rebalance()).toEqual([]);
    expect(r.statuses.map(([s]) => s)).toEqual(
      expect.arrayContaining(['connecting', 'authenticating', 'connected', 'auth_success']),
    );
    expect(r.statuses.every(([, d]) => d['connection_id'] === 'connection_1')).toBe(true);
    await adapter.disconnect();
    await adapter.disconnect();
    const after = r.ticks.length;
    await new Promise((res) => setTimeout(res, 100));
    expect(r.ticks.length).toBe(after);
    expect(adapter.getHealthStatus().connections['connection_1']!.status).toBe('closed');
  });

  it('reports a gap for every ticker while the connection is down, closed when its topics are confirmed again', async () => {
    const sim = await useSim({ rate: 1_000, tickers: [...TICKERS, 'AMZN'] });
    const r = recorder();
    const closed: unknown[] = [];
    const adapter = new RealTimeDataAdapter(configFor(sim.url), r.onTick, r.onStatus, {
      sim: sim.control,
      onGap: (g) => closed.push(g),
    });
    expect(await adapter.connect(TICKERS)).toBe(true);
    await waitUntil(() => r.ticks.length > 0, 10_000, 'ticks');
    await adapter.injectFault!('connection_1', 'kill');
    await waitUntil(() => adapter.gaps().length === 3, 5_000, 'three gaps');
    await waitUntil(() => closed.length === 3, 10_000, 'gaps closed');
    const gaps = adapter.gaps();
    expect(gaps.map((g) => g.ticker).sort()).toEqual([...TICKERS].sort());
    for (const g of gaps) {
      expect(g.channels).toEqual(['T', 'Q', 'AM']);
      expect(g.to).not.toBeNull();
      expect(g.to!).toBeGreaterThanOrEqual(g.from);
      expect(g.reason).toMatch(/connection_closed|connection_lost/);
    }
    expect(adapter.getHealthStatus()).toMatchObject({ connected: 1, gaps: 3 });
    expect(adapter.getHealthStatus().connections['connection_1']!.reconnects).toBe(1);
    expect(r.statuses.some(([s, d]) => s === 'gap' && d['ticker'] === 'AAPL')).toBe(true);
    await adapter.disconnect();
  });

  it('has no client without USE_MASSIVE_API and an API key: connect() resolves false, health is empty', async () => {
    const r = recorder();
    const adapter = new RealTimeDataAdapter(loadConfig({}), r.onTick, r.onStatus);
    expect(await adapter.connect(['AAPL'])).toBe(false);
    expect(adapter.getHealthStatus()).toMatchObject({ total_connections: 0, connections: {} });
    expect(adapter.injectFault).toBeUndefined();
    await adapter.disconnect();
  });

  it('resolves false when the server is not there, and true as soon as it connects elsewhere', async () => {
    const r = recorder();
    const adapter = new RealTimeDataAdapter(
      configFor('ws://127.0.0.1:1/stocks', { MASSIVE_WEBSOCKET_MAX_RETRIES: '1' }),
      r.onTick,
      r.onStatus,
    );
    expect(await adapter.connect(['AAPL'])).toBe(false);
    expect(r.statuses.some(([s]) => s === 'failed')).toBe(true);
    await adapter.disconnect();
  });

  it('rejects a bad ticker list naming it, and survives callbacks that throw', async () => {
    const sim = await useSim({ rate: 1_000, tickers: [...TICKERS, 'AMZN'] });
    let calls = 0;
    const adapter = new RealTimeDataAdapter(
      configFor(sim.url),
      () => {
        calls++;
        throw new Error('consumer bug');
      },
      () => {
        throw new Error('status consumer bug');
      },
    );
    await expect(adapter.connect(['AAPL', 'not a ticker'])).rejects.toMatchObject({
      code: ErrorCode.INVALID_TICKER,
      field: 'tickers',
    });
    await expect(adapter.connect('AAPL' as unknown as string[])).rejects.toMatchObject({
      code: ErrorCode.INVALID_ARGUMENT,
    });
    expect(await adapter.connect(['AAPL'])).toBe(true);
    await waitUntil(() => calls >= 10, 10_000, 'ticks despite a throwing callback');
    expect(adapter.getHealthStatus().connected).toBe(1);
    await adapter.disconnect();
  });

  it("runs the pool's manager when USE_MULTI_CONNECTION=true: three connections, replicated tickers delivered once", async () => {
    const sim = await useSim({ rate: 2_000, tickers: [...TICKERS, 'AMZN', 'META', 'TSLA'] });
    const r = recorder();
    const adapter = new RealTimeDataAdapter(
      configFor(sim.url, {
        USE_MULTI_CONNECTION: 'true',
        WEBSOCKET_ROUTING_STRATEGY: 'round-robin',
        WEBSOCKET_CONNECTION_1_SYMBOLS: 'AAPL,MSFT,NVDA,AMZN,META,TSLA',
        WEBSOCKET_CONNECTION_2_ENABLED: 'true',
        WEBSOCKET_CONNECTION_3_ENABLED: 'true',
        WEBSOCKET_CRITICAL_SYMBOLS: 'AAPL',
      }),
      r.onTick,
      r.onStatus,
    );
    expect(adapter.mode).toBe('realtime-multi');
    expect(await adapter.connect(['AAPL', 'MSFT', 'NVDA', 'AMZN', 'META', 'TSLA'])).toBe(true);
    expect(sim.control.connections()).toHaveLength(3);
    const on = (id: string) => adapter.getConnectionTickers(id) ?? [];
    const carriers = ['connection_1', 'connection_2', 'connection_3'].filter((id) =>
      on(id).includes('AAPL'),
    );
    expect(carriers).toHaveLength(2);
    await waitUntil(
      () => adapter.getHealthStatus().duplicates_dropped > 0,
      10_000,
      'a duplicate of AAPL dropped',
    );
    const h = adapter.getHealthStatus();
    expect(h).toMatchObject({ total_connections: 3, connected: 3, total_tickers: 6 });
    expect(h.total_ticks).toBe(r.ticks.length);
    expect(
      r.statuses.some(([s, d]) => s === 'auth_success' && d['connection_id'] === 'connection_2'),
    ).toBe(true);
    await adapter.disconnect();
    await adapter.disconnect();
    await waitUntil(() => sim.control.connections().length === 0, 5_000, 'every socket closed');
  });
});
