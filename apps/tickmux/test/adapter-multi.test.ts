import { loadConfig, type TickmuxConfig } from '@tickmux/config';
import type { TickData } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import { RealTimeDataAdapter, type GapReport } from '../src/index.js';
import { FakeManager } from './fake-manager.js';
import { tick } from './helpers.js';

const MULTI = loadConfig({
  USE_MASSIVE_API: 'true',
  MASSIVE_API_KEY: 'k',
  USE_MULTI_CONNECTION: 'true',
  WEBSOCKET_ROUTING_STRATEGY: 'round-robin',
  WEBSOCKET_CONNECTION_1_SYMBOLS: 'AAPL,MSFT,NVDA',
  WEBSOCKET_CONNECTION_2_ENABLED: 'true',
});

function setup(options: { confirmTimeoutMs?: number; subscribeResults?: boolean[] } = {}) {
  const ticks: TickData[] = [];
  const statuses: [string, Readonly<Record<string, unknown>>][] = [];
  const gaps: GapReport[] = [];
  let manager: FakeManager | undefined;
  let seenConfig: TickmuxConfig | undefined;
  const adapter = new RealTimeDataAdapter(
    MULTI,
    (t) => ticks.push(t),
    (s, d) => statuses.push([s, d]),
    {
      onGap: (g) => gaps.push(g),
      ...(options.confirmTimeoutMs === undefined
        ? {}
        : { confirmTimeoutMs: options.confirmTimeoutMs }),
      createManager: (config, callbacks) => {
        seenConfig = config;
        manager = new FakeManager(callbacks);
        manager.subscribeResults = [...(options.subscribeResults ?? [])];
        return manager;
      },
    },
  );
  return { adapter, ticks, statuses, gaps, manager: manager!, seenConfig: seenConfig! };
}

describe('RealTimeDataAdapter, multi-connection mode (USE_MULTI_CONNECTION=true)', () => {
  it('creates the manager from the config, connects it and subscribes the tickers through it', async () => {
    const { adapter, manager, seenConfig } = setup();
    expect(adapter.mode).toBe('realtime-multi');
    expect(seenConfig).toBe(MULTI);
    expect(adapter.connection).toBe(manager);
    expect(await adapter.connect(['aapl', 'MSFT', 'NVDA'])).toBe(true);
    expect(manager.calls).toEqual(['connect', 'subscribe AAPL,MSFT,NVDA']);
    await adapter.disconnect();
    await adapter.disconnect();
    expect(manager.calls.filter((c) => c === 'disconnect')).toHaveLength(1);
    expect(await adapter.connect(['AAPL'])).toBe(false);
  });

  it('resolves false when the manager cannot connect, and does not subscribe', async () => {
    const { adapter, manager } = setup();
    manager.connectResult = false;
    expect(await adapter.connect(['AAPL'])).toBe(false);
    expect(manager.calls).toEqual(['connect']);
  });

  it('asks again while tickers the manager already wanted are not confirmed yet, within confirmTimeoutMs', async () => {
    const late = setup({ subscribeResults: [false, false] });
    expect(await late.adapter.connect(['AAPL'])).toBe(true);
    expect(late.manager.calls).toEqual([
      'connect',
      'subscribe AAPL',
      'subscribe AAPL',
      'subscribe AAPL',
    ]);
    const never = setup({
      confirmTimeoutMs: 300,
      subscribeResults: Array<boolean>(100).fill(false),
    });
    expect(await never.adapter.connect(['AAPL'])).toBe(false);
    const asked = never.manager.calls.filter((c) => c.startsWith('subscribe')).length;
    expect(asked).toBeGreaterThan(1);
    expect(asked).toBeLessThan(10);
  });

  it("passes the manager's ticks, statuses (with connection_id) and gap reports on", async () => {
    const { adapter, manager, ticks, statuses, gaps } = setup();
    await adapter.connect(['AAPL', 'MSFT']);
    manager.tick(tick(1));
    manager.tick(tick(2, 'MSFT'));
    expect(ticks).toEqual([tick(1), tick(2, 'MSFT')]);
    manager.callbacks.onStatus({
      kind: 'max_connections',
      message: 'limit',
      connection_id: 'connection_2',
      raw: {},
    });
    manager.callbacks.onStatus({ state: 'reconnecting', connection_id: 'connection_2' });
    expect(statuses).toEqual([
      [
        'max_connections',
        { kind: 'max_connections', message: 'limit', connection_id: 'connection_2' },
      ],
      ['reconnecting', { state: 'reconnecting', connection_id: 'connection_2' }],
    ]);
    manager.callbacks.onGap({
      ticker: 'MSFT',
      channels: ['T'],
      from: 10,
      to: 20,
      reason: 'connection_lost',
      missing: 3,
    });
    const closed = {
      ticker: 'MSFT',
      channels: ['T'],
      from: 10,
      to: 20,
      reason: 'connection_lost',
      missing: 3,
    };
    expect(gaps).toEqual([closed]);
    expect(statuses.at(-1)).toEqual(['gap', { connection_id: null, ...closed }]);
    manager.open = [{ ticker: 'AAPL', channels: ['T', 'Q'], from: 30, reason: 'connection_lost' }];
    expect(adapter.gaps()).toEqual([
      closed,
      { ticker: 'AAPL', channels: ['T', 'Q'], from: 30, to: null, reason: 'connection_lost' },
    ]);
  });

  it('answers the service: health, tickers per connection, rebalance moves', async () => {
    const { adapter, manager } = setup();
    await adapter.connect(['AAPL', 'MSFT', 'NVDA']);
    expect(adapter.getHealthStatus()).toMatchObject({
      total_connections: 2,
      connected: 2,
      total_tickers: 3,
      duplicates_dropped: 5,
      connections: { connection_1: { status: 'connected', tickers: 2 } },
    });
    expect(adapter.getConnectionTickers('connection_2')).toEqual(['NVDA']);
    expect(adapter.getConnectionTickers('nope')).toBeUndefined();
    expect(await adapter.rebalance()).toEqual([
      { ticker: 'MSFT', from: 'connection_1', to: 'connection_2' },
    ]);
    expect(manager.calls).toContain('rebalance');
  });
});
