import { bundledUniverses, loadConfig } from '@tickmux/config';
import { describe, expect, it } from 'vitest';
import {
  DEMO_CRITICAL_SYMBOLS,
  DEMO_UNIVERSE,
  embeddedDefaults,
  healthTable,
  wantsEmbeddedSim,
  type HealthStatus,
} from '../src/index.js';

describe("tickmux start's embedded defaults", () => {
  it('runs the embedded simulator unless a URL or the vendor (USE_MASSIVE_API=true with a key) is configured', () => {
    expect(wantsEmbeddedSim({})).toBe(true);
    expect(wantsEmbeddedSim({ MASSIVE_WEBSOCKET_URL: '' })).toBe(true);
    expect(wantsEmbeddedSim({ USE_MASSIVE_API: 'true' })).toBe(true);
    expect(wantsEmbeddedSim({ MASSIVE_API_KEY: 'k' })).toBe(true);
    expect(wantsEmbeddedSim({ USE_MASSIVE_API: 'yes', MASSIVE_API_KEY: 'k' })).toBe(false);
    expect(wantsEmbeddedSim({ MASSIVE_WEBSOCKET_URL: 'ws://127.0.0.1:8765/stocks' })).toBe(false);
  });

  it('configure three connections, round-robin over the 300-ticker universe, ten critical tickers twice', () => {
    const config = loadConfig({
      ...embeddedDefaults(true),
      USE_MASSIVE_API: 'true',
      MASSIVE_API_KEY: 'demo',
    });
    expect(config.useMultiConnection).toBe(true);
    expect(config.connections.filter((c) => c.enabled).map((c) => c.id)).toEqual([
      'connection_1',
      'connection_2',
      'connection_3',
    ]);
    expect(config.routingStrategy).toBe('round-robin');
    expect(config.connections[0]!.universeKey).toBe(DEMO_UNIVERSE);
    expect(config.connections[0]!.symbols).toEqual(bundledUniverses().get(DEMO_UNIVERSE));
    expect(config.connections[0]!.symbols).toHaveLength(300);
    expect(config.criticalSymbols).toEqual(DEMO_CRITICAL_SYMBOLS);
    expect(config.replicationFactor).toBe(2);
    expect(config.warnings).toEqual([]);
    const single = loadConfig({
      ...embeddedDefaults(false),
      USE_MASSIVE_API: 'true',
      MASSIVE_API_KEY: 'demo',
    });
    expect(single.useMultiConnection).toBe(false);
    expect(single.symbolUniverseKey).toBe(DEMO_UNIVERSE);
    expect(single.warnings).toEqual([]);
  });
});

describe('healthTable', () => {
  it('prints one aligned row per connection and the totals', () => {
    const h: HealthStatus = {
      total_connections: 2,
      connected: 1,
      total_tickers: 12,
      total_ticks: 12_345,
      total_errors: 1,
      duplicates_dropped: 7,
      corrections: 2,
      gaps: 3,
      account_contention: 0,
      connections: {
        connection_1: {
          name: 'primary',
          status: 'connected',
          tickers: 6,
          messages: 10_000,
          errors: 0,
          last_message_at: 9_500,
          reconnects: 0,
        },
        connection_2: {
          name: 'secondary',
          status: 'reconnecting',
          tickers: 6,
          messages: 2_345,
          errors: 1,
          last_message_at: null,
          reconnects: 1,
        },
      },
    };
    expect(healthTable(h, 10_000).split('\n')).toEqual([
      'connection    name       status        tickers  messages  errors  reconnects  last message',
      '------------  ---------  ------------  -------  --------  ------  ----------  ------------',
      'connection_1  primary    connected           6    10,000       0           0  0.5s ago',
      'connection_2  secondary  reconnecting        6     2,345       1           1  -',
      '',
      'connected 1/2  tickers 12  ticks 12,345  duplicates dropped 7  corrections 2  gaps 3  errors 1  account contention 0',
    ]);
  });
});
