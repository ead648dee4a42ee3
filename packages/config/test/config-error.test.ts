import { ErrorCode } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/index.js';
import { configError, recordingLogger } from './helpers.js';

const MULTI = { USE_MULTI_CONNECTION: 'true', WEBSOCKET_CONNECTION_1_SYMBOLS: 'AAPL' };

describe('ConfigError for each bad configuration', () => {
  it('names an unknown strategy and the strategies it accepts', () => {
    const err = configError({ ...MULTI, WEBSOCKET_ROUTING_STRATEGY: 'fastest' });
    expect(err.message).toBe(
      'invalid tickmux configuration (1 problem):\n' +
        '  - WEBSOCKET_ROUTING_STRATEGY="fastest": unknown routing strategy; expected one of ' +
        'manual, round-robin, least-loaded, load-balanced, priority, sector, hash',
    );
    expect(err.code).toBe(ErrorCode.CONFIG_INVALID);
    expect(err).toBeInstanceOf(ConfigError);
  });

  it('names each non-numeric number', () => {
    const err = configError({
      WEBSOCKET_HEALTH_CHECK_INTERVAL: '30s',
      WEBSOCKET_CONNECTIONS_MAX: 'three',
      MASSIVE_WEBSOCKET_MAX_RECONNECT_ATTEMPTS: '5x',
      WEBSOCKET_MAX_TICKERS_PER_CONNECTION: '0',
    });
    expect(err.message).toBe(
      'invalid tickmux configuration (4 problems):\n' +
        '  - MASSIVE_WEBSOCKET_MAX_RECONNECT_ATTEMPTS="5x": not an integer\n' +
        '  - WEBSOCKET_CONNECTIONS_MAX="three": not an integer\n' +
        '  - WEBSOCKET_HEALTH_CHECK_INTERVAL="30s": not a number of seconds\n' +
        '  - WEBSOCKET_MAX_TICKERS_PER_CONNECTION="0": must be at least 1',
    );
  });

  it('names a connection enabled with no symbols and no universe under manual routing', () => {
    const err = configError({
      ...MULTI,
      WEBSOCKET_CONNECTION_2_ENABLED: 'true',
      WEBSOCKET_CONNECTION_2_NAME: 'finance',
    });
    expect(err.message).toBe(
      'invalid tickmux configuration (1 problem):\n' +
        '  - WEBSOCKET_CONNECTION_2_ENABLED="true": connection 2 ("finance") is enabled but has ' +
        'neither WEBSOCKET_CONNECTION_2_UNIVERSE_KEY nor WEBSOCKET_CONNECTION_2_SYMBOLS; the ' +
        'manual strategy routes each connection its own list',
    );
  });

  it('names connection 1 when it is enabled by default with nothing to carry', () => {
    const err = configError({ USE_MULTI_CONNECTION: 'true' });
    expect(err.issues).toEqual([
      expect.objectContaining({ key: 'WEBSOCKET_CONNECTION_1_ENABLED', value: 'true (default)' }),
    ]);
  });

  it('names a strategy with no tickers to spread', () => {
    const err = configError({ USE_MULTI_CONNECTION: 'true', WEBSOCKET_ROUTING_STRATEGY: 'hash' });
    expect(err.message).toBe(
      'invalid tickmux configuration (1 problem):\n' +
        '  - WEBSOCKET_ROUTING_STRATEGY="hash": no enabled connection has a universe key or ' +
        'symbols, so hash has no tickers to spread',
    );
  });

  it('names every connection enabled past WEBSOCKET_CONNECTIONS_MAX', () => {
    const err = configError({
      USE_MULTI_CONNECTION: 'true',
      WEBSOCKET_CONNECTIONS_MAX: '2',
      WEBSOCKET_ROUTING_STRATEGY: 'round-robin',
      WEBSOCKET_CONNECTION_1_UNIVERSE_KEY: 'sp500:all',
      WEBSOCKET_CONNECTION_2_ENABLED: 'true',
      WEBSOCKET_CONNECTION_3_ENABLED: 'yes',
      WEBSOCKET_CONNECTION_4_ENABLED: '1',
    });
    expect(err.message).toBe(
      'invalid tickmux configuration (2 problems):\n' +
        '  - WEBSOCKET_CONNECTION_3_ENABLED="yes": connection 3 is enabled but ' +
        'WEBSOCKET_CONNECTIONS_MAX is 2: at most 2 connections may be enabled\n' +
        '  - WEBSOCKET_CONNECTION_4_ENABLED="1": connection 4 is enabled but ' +
        'WEBSOCKET_CONNECTIONS_MAX is 2: at most 2 connections may be enabled',
    );
  });

  it('names each invalid ticker with its list', () => {
    const err = configError({
      USE_MULTI_CONNECTION: 'true',
      WEBSOCKET_CONNECTION_1_SYMBOLS: 'AAPL, $$$, brk.b, TOOLONGTICKER',
      WEBSOCKET_CRITICAL_SYMBOLS: 'A B',
    });
    expect(err.message).toBe(
      'invalid tickmux configuration (3 problems):\n' +
        '  - WEBSOCKET_CONNECTION_1_SYMBOLS="$$$": not a valid ticker (expected e.g. AAPL or BRK.B)\n' +
        '  - WEBSOCKET_CONNECTION_1_SYMBOLS="TOOLONGTICKER": not a valid ticker (expected e.g. AAPL or BRK.B)\n' +
        '  - WEBSOCKET_CRITICAL_SYMBOLS="A B": not a valid ticker (expected e.g. AAPL or BRK.B)',
    );
  });

  it('lists every problem at once, each with its key and value', () => {
    const err = configError({
      USE_MULTI_CONNECTION: 'maybe',
      WEBSOCKET_ROUTING_STRATEGY: 'fastest',
      WEBSOCKET_HEALTH_CHECK_INTERVAL: 'soon',
      MASSIVE_WEBSOCKET_URL: 'http://socket.massive.com',
      MASSIVE_CHANNELS: 'T,Q!',
      REDIS_URL: 'localhost:6379',
      SYMBOL_UNIVERSE_KEY: 'has spaces',
      WEBSOCKET_CONNECTION_1_SYMBOLS: '!!',
    });
    expect(err.issues.map((i) => [i.key, i.value])).toEqual([
      ['MASSIVE_WEBSOCKET_URL', 'http://socket.massive.com'],
      ['MASSIVE_CHANNELS', 'T,Q!'],
      ['SYMBOL_UNIVERSE_KEY', 'has spaces'],
      ['USE_MULTI_CONNECTION', 'maybe'],
      ['WEBSOCKET_ROUTING_STRATEGY', 'fastest'],
      ['WEBSOCKET_HEALTH_CHECK_INTERVAL', 'soon'],
      ['REDIS_URL', 'localhost:6379'],
      ['WEBSOCKET_CONNECTION_1_SYMBOLS', '!!'],
    ]);
    expect(err.message).toContain('invalid tickmux configuration (8 problems)');
    expect(err.message).toContain(
      'MASSIVE_WEBSOCKET_URL="http://socket.massive.com": expected a ws or wss URL such as wss://socket.massive.com/stocks',
    );
    expect(err.message).toContain(
      'MASSIVE_CHANNELS="T,Q!": not a channel: Q! (expected e.g. T,Q,AM)',
    );
    expect(err.message).toContain(
      'USE_MULTI_CONNECTION="maybe": expected true/false, 1/0 or yes/no',
    );
  });

  it('never shows the API key or a URL password', () => {
    const err = configError({
      USE_MASSIVE_API: 'true',
      MASSIVE_API_KEY: 'pk live secret',
      REDIS_URL: 'http://admin:hunter2@redis:6379',
    });
    expect(err.message).toBe(
      'invalid tickmux configuration (2 problems):\n' +
        '  - MASSIVE_API_KEY="[redacted]": contains whitespace\n' +
        '  - REDIS_URL="http://***@redis:6379": expected a redis or rediss URL such as redis://127.0.0.1:6379',
    );
    expect(JSON.stringify(err.issues)).not.toMatch(/secret|hunter2/);
  });

  it('requires MASSIVE_API_KEY when USE_MASSIVE_API is on', () => {
    expect(configError({ USE_MASSIVE_API: 'yes' }).message).toBe(
      'invalid tickmux configuration (1 problem):\n' +
        '  - MASSIVE_API_KEY: required when USE_MASSIVE_API=true',
    );
  });

  it('rejects the retries key and its alias set to different values', () => {
    expect(
      configError({
        MASSIVE_WEBSOCKET_MAX_RETRIES: '3',
        MASSIVE_WEBSOCKET_MAX_RECONNECT_ATTEMPTS: '10',
      }).message,
    ).toBe(
      'invalid tickmux configuration (1 problem):\n' +
        '  - MASSIVE_WEBSOCKET_MAX_RECONNECT_ATTEMPTS="10": conflicts with ' +
        'MASSIVE_WEBSOCKET_MAX_RETRIES=3; set only one',
    );
  });
});

describe('warnings alongside a ConfigError', () => {
  it('logs the misspelt key that explains the error before throwing', () => {
    const logger = recordingLogger();
    expect(() =>
      loadConfig(
        { USE_MULTI_CONNECTION: 'true', WEBSOCKET_CONNECTION_1_SYMBOL: 'AAPL' },
        { logger },
      ),
    ).toThrow(ConfigError);
    expect(logger.messages('warn')).toEqual([
      'config: WEBSOCKET_CONNECTION_1_SYMBOL: not a tickmux key, ignored; did you mean WEBSOCKET_CONNECTION_1_SYMBOLS?',
    ]);
  });
});
