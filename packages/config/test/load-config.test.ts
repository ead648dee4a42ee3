import { DEFAULT_CHANNELS } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import { CONFIG_DEFAULTS, loadConfig, redactConfig, REDACTED } from '../src/index.js';
import { recordingLogger } from './helpers.js';

describe('loadConfig defaults', () => {
  it('applies the original plan defaults to an empty env', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      useMassiveApi: false,
      apiKey: '',
      url: 'wss://socket.massive.com/stocks',
      channels: ['T', 'Q', 'AM'],
      maxRetries: 3,
      reconnectDelayMs: 1000,
      symbolUniverseKey: 'stock_etf_test:combo_test',
      useMultiConnection: false,
      maxConnections: 3,
      routingStrategy: 'manual',
      healthCheckIntervalMs: 30_000,
      autoRebalance: true,
      failoverEnabled: true,
      maxTickersPerConnection: null,
      criticalSymbols: [],
      replicationFactor: 2,
      redisUrl: null,
      warnings: [],
    });
    expect(config.channels).toEqual(DEFAULT_CHANNELS);
  });

  it('has connection 1 enabled as primary and 2, 3 disabled as secondary, tertiary', () => {
    const { connections } = loadConfig({
      USE_MULTI_CONNECTION: 'true',
      WEBSOCKET_CONNECTION_1_SYMBOLS: 'AAPL',
    });
    expect(connections.map((c) => [c.id, c.name, c.enabled])).toEqual([
      ['connection_1', 'primary', true],
      ['connection_2', 'secondary', false],
      ['connection_3', 'tertiary', false],
    ]);
  });

  it('returns a deeply frozen config', () => {
    const config = loadConfig({
      USE_MULTI_CONNECTION: 'yes',
      WEBSOCKET_CONNECTION_1_SYMBOLS: 'AAPL',
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.connections)).toBe(true);
    expect(Object.isFrozen(config.connections[0])).toBe(true);
    expect(Object.isFrozen(config.connections[0]!.symbols)).toBe(true);
    expect(Object.isFrozen(config.channels)).toBe(true);
    expect(Object.isFrozen(CONFIG_DEFAULTS)).toBe(true);
  });
});

describe('loadConfig coercion', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['yes', true],
    ['Yes', true],
    ['false', false],
    ['0', false],
    ['no', false],
    ['NO', false],
  ])('reads %s as %s', (text, value) => {
    expect(loadConfig({ WEBSOCKET_AUTO_REBALANCE: text }).autoRebalance).toBe(value);
  });

  it('reads integers and seconds, trimming whitespace', () => {
    const config = loadConfig({
      MASSIVE_WEBSOCKET_MAX_RETRIES: ' 7 ',
      MASSIVE_WEBSOCKET_RECONNECT_DELAY: '0.25',
      WEBSOCKET_HEALTH_CHECK_INTERVAL: '15',
      WEBSOCKET_MAX_TICKERS_PER_CONNECTION: '100',
      WEBSOCKET_REPLICATION_FACTOR: '3',
    });
    expect(config).toMatchObject({
      maxRetries: 7,
      reconnectDelayMs: 250,
      healthCheckIntervalMs: 15_000,
      maxTickersPerConnection: 100,
      replicationFactor: 3,
    });
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ WEBSOCKET_CONNECTIONS_MAX: '', MASSIVE_CHANNELS: '  ' })).toMatchObject({
      maxConnections: 3,
      channels: ['T', 'Q', 'AM'],
    });
  });

  it('honours MASSIVE_WEBSOCKET_URL', () => {
    expect(loadConfig({ MASSIVE_WEBSOCKET_URL: 'ws://127.0.0.1:8765/stocks' }).url).toBe(
      'ws://127.0.0.1:8765/stocks',
    );
  });

  it('accepts MASSIVE_WEBSOCKET_MAX_RECONNECT_ATTEMPTS as an alias of MASSIVE_WEBSOCKET_MAX_RETRIES', () => {
    expect(loadConfig({ MASSIVE_WEBSOCKET_MAX_RECONNECT_ATTEMPTS: '9' }).maxRetries).toBe(9);
    expect(
      loadConfig({
        MASSIVE_WEBSOCKET_MAX_RETRIES: '4',
        MASSIVE_WEBSOCKET_MAX_RECONNECT_ATTEMPTS: '4',
      }).maxRetries,
    ).toBe(4);
  });

  it('normalises channels, strategy names and ticker lists', () => {
    const config = loadConfig({
      MASSIVE_CHANNELS: 't, am,T',
      USE_MULTI_CONNECTION: '1',
      WEBSOCKET_ROUTING_STRATEGY: 'Round_Robin',
      WEBSOCKET_CONNECTION_1_SYMBOLS: ' aapl, brk.b,,AAPL ',
      WEBSOCKET_CRITICAL_SYMBOLS: 'nvda',
    });
    expect(config.channels).toEqual(['T', 'AM']);
    expect(config.routingStrategy).toBe('round-robin');
    expect(config.connections[0]!.symbols).toEqual(['AAPL', 'BRK.B']);
    expect(config.criticalSymbols).toEqual(['NVDA']);
  });

  it('reads WEBSOCKET_CONNECTION_<n>_* for every n up to WEBSOCKET_CONNECTIONS_MAX', () => {
    const env: Record<string, string> = {
      USE_MULTI_CONNECTION: 'true',
      WEBSOCKET_CONNECTIONS_MAX: '5',
    };
    for (let n = 1; n <= 5; n++) {
      env[`WEBSOCKET_CONNECTION_${n}_ENABLED`] = 'true';
      env[`WEBSOCKET_CONNECTION_${n}_SYMBOLS`] = `T${n}`;
    }
    env['WEBSOCKET_CONNECTION_5_NAME'] = 'overflow';
    const { connections } = loadConfig(env);
    expect(connections.map((c) => [c.id, c.name, c.enabled, c.symbols])).toEqual([
      ['connection_1', 'primary', true, ['T1']],
      ['connection_2', 'secondary', true, ['T2']],
      ['connection_3', 'tertiary', true, ['T3']],
      ['connection_4', 'connection_4', true, ['T4']],
      ['connection_5', 'overflow', true, ['T5']],
    ]);
  });
});

describe('loadConfig single-connection mode', () => {
  it('uses SYMBOL_UNIVERSE_KEY for connection 1 and only connection 1', () => {
    const config = loadConfig({ SYMBOL_UNIVERSE_KEY: 'sp500:all' });
    expect(config.connections.filter((c) => c.enabled)).toEqual([
      expect.objectContaining({ id: 'connection_1', universeKey: 'sp500:all' }),
    ]);
  });

  it('uses connection 1 symbols instead of the default universe when they are given', () => {
    const [slot] = loadConfig({ WEBSOCKET_CONNECTION_1_SYMBOLS: 'AAPL,MSFT' }).connections;
    expect(slot).toMatchObject({ enabled: true, universeKey: null, symbols: ['AAPL', 'MSFT'] });
  });
});

describe('loadConfig warnings', () => {
  it('warns about misspelt, legacy and unknown owned keys, never about unrelated ones', () => {
    const logger = recordingLogger();
    const config = loadConfig(
      {
        WEBSOCKET_ROUTING_STRATEGIE: 'hash',
        MAX_RECONNECT_ATTEMPTS: '5',
        MASSIVE_API_KYE: 'secret-value',
        WEBSOCKET_CONECTION_2_SYMBOLS: 'AAPL',
        PATH: '/usr/bin',
        HOME: '/root',
      },
      { logger },
    );
    expect(config.warnings).toEqual([
      {
        key: 'MASSIVE_API_KYE',
        message: 'not a tickmux key, ignored; did you mean MASSIVE_API_KEY?',
      },
      {
        key: 'MAX_RECONNECT_ATTEMPTS',
        message: 'not read by tickmux; did you mean MASSIVE_WEBSOCKET_MAX_RETRIES?',
      },
      {
        key: 'WEBSOCKET_CONECTION_2_SYMBOLS',
        message: 'not a tickmux key, ignored; did you mean WEBSOCKET_CONNECTION_2_SYMBOLS?',
      },
      {
        key: 'WEBSOCKET_ROUTING_STRATEGIE',
        message: 'not a tickmux key, ignored; did you mean WEBSOCKET_ROUTING_STRATEGY?',
      },
    ]);
    expect(logger.messages('warn')).toHaveLength(4);
    expect(JSON.stringify(logger.lines)).not.toContain('secret-value');
  });

  it('warns that slots past the maximum and slots 2..n in single mode are ignored', () => {
    const { warnings } = loadConfig({
      WEBSOCKET_CONNECTIONS_MAX: '2',
      WEBSOCKET_CONNECTION_3_NAME: 'third',
      WEBSOCKET_CONNECTION_2_ENABLED: 'true',
      WEBSOCKET_CONNECTION_01_ENABLED: 'true',
    });
    expect(warnings).toEqual(
      expect.arrayContaining([
        {
          key: 'WEBSOCKET_CONNECTION_3_NAME',
          message: 'ignored: beyond WEBSOCKET_CONNECTIONS_MAX=2',
        },
        {
          key: 'WEBSOCKET_CONNECTION_2_ENABLED',
          message: 'ignored: USE_MULTI_CONNECTION=false uses connection 1 only',
        },
        {
          key: 'WEBSOCKET_CONNECTION_01_ENABLED',
          message: 'ignored: connections are numbered from 1, without leading zeros',
        },
      ]),
    );
  });

  it('warns when replication asks for more connections than are enabled', () => {
    const { warnings } = loadConfig({
      USE_MULTI_CONNECTION: 'true',
      WEBSOCKET_CONNECTION_1_SYMBOLS: 'AAPL',
      WEBSOCKET_CRITICAL_SYMBOLS: 'AAPL',
      WEBSOCKET_REPLICATION_FACTOR: '2',
    });
    expect(warnings).toEqual([
      {
        key: 'WEBSOCKET_REPLICATION_FACTOR',
        message: '2 copies asked for, but only 1 connection(s) enabled',
      },
    ]);
  });
});

describe('redactConfig', () => {
  it('hides the API key and URL credentials', () => {
    const config = loadConfig({
      USE_MASSIVE_API: 'true',
      MASSIVE_API_KEY: 'pk_live_123',
      REDIS_URL: 'redis://user:hunter2@redis.internal:6379/0',
    });
    const safe = redactConfig(config);
    expect(safe.apiKey).toBe(REDACTED);
    expect(safe.redisUrl).toBe('redis://***@redis.internal:6379/0');
    expect(JSON.stringify(safe)).not.toMatch(/pk_live_123|hunter2/);
    expect(config.apiKey).toBe('pk_live_123');
  });
});
