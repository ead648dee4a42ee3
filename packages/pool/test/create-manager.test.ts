import { BundledUniverseSource, loadConfig } from '@tickmux/config';
import { createManualClock } from '@tickmux/core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createManagerFromConfig } from '../src/index.js';
import { T0 } from './events.js';
import { fakeFactory } from './fake-client.js';

function fromEnv(env: Record<string, string>) {
  const clock = createManualClock(T0);
  const { fakes, createClient } = fakeFactory(clock);
  const config = loadConfig({ MASSIVE_API_KEY: 'k', ...env });
  const pool = createManagerFromConfig(config, {
    clock,
    createClient,
    universeSource: new BundledUniverseSource(),
  });
  onTestFinished(() => pool.disconnect());
  return { pool, fakes, config };
}

describe('createManagerFromConfig', () => {
  it('builds the enabled connections, each with its own list under manual routing', async () => {
    const { pool, fakes } = fromEnv({
      USE_MULTI_CONNECTION: 'true',
      WEBSOCKET_CONNECTION_1_SYMBOLS: 'AAPL,MSFT',
      WEBSOCKET_CONNECTION_2_ENABLED: 'true',
      WEBSOCKET_CONNECTION_2_NAME: 'growth',
      WEBSOCKET_CONNECTION_2_SYMBOLS: 'NVDA,TSLA',
      WEBSOCKET_CRITICAL_SYMBOLS: 'AAPL',
      WEBSOCKET_FAILOVER_ENABLED: 'false',
    });
    expect(await pool.connect()).toBe(true);
    await pool.settled();
    expect(pool.connectionIds).toEqual(['connection_1', 'connection_2']);
    expect(pool.getHealthStatus().connections['connection_2']!.name).toBe('growth');
    expect(fakes[1]!.tickers.sort()).toEqual(['AAPL', 'NVDA', 'TSLA']); // AAPL replicated
    expect(fakes[0]!.tickers.sort()).toEqual(['AAPL', 'MSFT']);
    expect(pool.getConnectionForTicker('NVDA')).toBe('connection_2');
    fakes[0]!.lose();
    expect(pool.getConnectionForTicker('MSFT')).toBe('connection_1'); // failover off
  });

  it('spreads a universe by the configured strategy and capacity', async () => {
    const { pool, fakes } = fromEnv({
      USE_MULTI_CONNECTION: 'true',
      WEBSOCKET_ROUTING_STRATEGY: 'round-robin',
      WEBSOCKET_CONNECTION_1_UNIVERSE_KEY: 'tech_leaders:top_20',
      WEBSOCKET_CONNECTION_2_ENABLED: 'true',
      WEBSOCKET_CONNECTION_3_ENABLED: 'true',
      WEBSOCKET_MAX_TICKERS_PER_CONNECTION: '7',
    });
    await pool.connect();
    await pool.settled();
    expect(fakes.map((f) => f.tickers.length)).toEqual([7, 7, 6]);
  });

  it('in single-connection mode makes one connection with the symbol universe', async () => {
    const { pool, fakes, config } = fromEnv({ WEBSOCKET_CONNECTION_1_SYMBOLS: 'AAPL' });
    expect(config.useMultiConnection).toBe(false);
    await pool.connect();
    await pool.settled();
    expect(fakes).toHaveLength(1);
    expect(fakes[0]!.tickers).toEqual(['AAPL']);
  });
});
