import { assign } from '@tickmux/routing';
import { describe, expect, it } from 'vitest';
import {
  BundledUniverseSource,
  loadConfig,
  redactConfig,
  redactUrl,
  resolveUniverses,
  type UniverseSource,
} from '../src/index.js';
import { configError, recordingLogger } from './helpers.js';

const multi = (env: Record<string, string>) => loadConfig({ USE_MULTI_CONNECTION: 'true', ...env });
const fixed = (universes: Record<string, string[]>): UniverseSource =>
  new BundledUniverseSource(new Map(Object.entries(universes)));
const list = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('priority from the configuration', () => {
  it('takes each ticker tier from the slot order of the lists that hold it', async () => {
    const config = multi({
      WEBSOCKET_ROUTING_STRATEGY: 'priority',
      WEBSOCKET_CONNECTION_1_UNIVERSE_KEY: 'premium',
      WEBSOCKET_CONNECTION_2_ENABLED: 'true',
      WEBSOCKET_CONNECTION_2_UNIVERSE_KEY: 'standard',
      WEBSOCKET_CONNECTION_3_ENABLED: 'true',
      WEBSOCKET_CONNECTION_3_UNIVERSE_KEY: 'free',
    });
    const source = fixed({
      premium: list('P', 100),
      standard: [...list('S', 100), 'P0'],
      free: list('F', 100),
    });
    const resolved = await resolveUniverses(config, source);
    expect(resolved.tiers.get('P0')).toBe(0);
    expect(resolved.tiers.get('S5')).toBe(1);
    expect(resolved.tiers.get('F99')).toBe(2);
    const ids = resolved.connections.map((c) => c.id);
    const a = assign(config.routingStrategy, {
      tickers: resolved.tickers,
      connections: ids,
      tiers: resolved.tiers,
    });
    expect(ids.map((id) => a.load(id))).toEqual([100, 100, 100]);
    expect(a.tickersOn('connection_1')).toEqual(list('P', 100));
  });
});

describe('the capacity warning', () => {
  /** The warnings resolving these symbol lists logs, with 2 enabled connections of capacity 3. */
  async function warnings(env: Record<string, string>): Promise<string[]> {
    const logger = recordingLogger();
    const config = multi({
      WEBSOCKET_ROUTING_STRATEGY: 'round-robin',
      WEBSOCKET_MAX_TICKERS_PER_CONNECTION: '3',
      WEBSOCKET_CONNECTION_2_ENABLED: 'true',
      ...env,
    });
    await resolveUniverses(config, fixed({}), { logger });
    return logger.messages('warn');
  }

  it('warns when the tickers with their replicas exceed the enabled connections capacity', async () => {
    const symbols = {
      WEBSOCKET_CONNECTION_1_SYMBOLS: 'A,B,C,D',
      WEBSOCKET_CONNECTION_2_SYMBOLS: 'E',
    };
    expect(await warnings({ ...symbols, WEBSOCKET_CRITICAL_SYMBOLS: 'A,B' })).toEqual([
      'universe: 5 tickers (2 critical on 2 connections each) need 7 slots but 2 enabled connection(s) × WEBSOCKET_MAX_TICKERS_PER_CONNECTION=3 offer 6; routing places every ticker once before any replica, so 1 replica(s) will be cut',
    ]);
    expect(await warnings(symbols)).toEqual([]);
  });

  it('says how many tickers will be on no connection when even one copy each does not fit', async () => {
    expect(
      await warnings({
        WEBSOCKET_CONNECTION_1_SYMBOLS: 'A,B,C',
        WEBSOCKET_CONNECTION_2_ENABLED: 'false',
        WEBSOCKET_MAX_TICKERS_PER_CONNECTION: '2',
      }),
    ).toEqual([
      'universe: 3 tickers need 3 slots but 1 enabled connection(s) × WEBSOCKET_MAX_TICKERS_PER_CONNECTION=2 offer 2; routing places every ticker once before any replica, so 1 ticker(s) will be on no connection',
    ]);
  });

  it('stays quiet when everything fits, or when there is no limit', async () => {
    expect(
      await warnings({
        WEBSOCKET_CONNECTION_1_SYMBOLS: 'A,B,C,D',
        WEBSOCKET_CRITICAL_SYMBOLS: 'A,B',
      }),
    ).toEqual([]);
    const logger = recordingLogger();
    await resolveUniverses(multi({ WEBSOCKET_CONNECTION_1_SYMBOLS: 'A,B,C,D' }), fixed({}), {
      logger,
    });
    expect(logger.messages('warn')).toEqual([]);
  });
});

describe('secrets in URL query strings', () => {
  it('redacts apiKey, password and token parameters and keeps the rest', () => {
    expect(redactUrl('wss://socket.example.com/stocks?apiKey=pk_123&cluster=a')).toBe(
      'wss://socket.example.com/stocks?apiKey=***&cluster=a',
    );
    expect(redactUrl('redis://host:6379/0?password=hunter2&db=1&TOKEN=t0k#frag')).toBe(
      'redis://host:6379/0?password=***&db=1&TOKEN=***#frag',
    );
    expect(redactUrl('wss://u:p@host/x?api_key=k&access_token=z')).toBe(
      'wss://***@host/x?api_key=***&access_token=***',
    );
    expect(redactUrl('wss://host/stocks?channel=T')).toBe('wss://host/stocks?channel=T');
  });

  it('keeps them out of config errors and redacted configs', () => {
    const err = configError({ MASSIVE_WEBSOCKET_URL: 'http://host/stocks?apiKey=pk_live_9' });
    expect(err.message).not.toContain('pk_live_9');
    expect(err.issues[0]).toMatchObject({
      key: 'MASSIVE_WEBSOCKET_URL',
      value: 'http://host/stocks?apiKey=***',
    });
    const config = loadConfig({ MASSIVE_WEBSOCKET_URL: 'wss://host/stocks?token=abc' });
    expect(redactConfig(config).url).toBe('wss://host/stocks?token=***');
  });
});

describe('the manual-overlap warning', () => {
  it('lists 60k shared tickers in one warning per pair of connections', async () => {
    // 60k shared tickers: a copy of the list per ticker (quadratic) takes minutes, far past the
    // test timeout; one pass takes milliseconds.
    const logger = recordingLogger();
    const shared = list('S', 60_000);
    const config = multi({
      WEBSOCKET_CONNECTION_1_UNIVERSE_KEY: 'one',
      WEBSOCKET_CONNECTION_2_ENABLED: 'true',
      WEBSOCKET_CONNECTION_2_UNIVERSE_KEY: 'two',
      WEBSOCKET_CONNECTION_3_ENABLED: 'true',
      WEBSOCKET_CONNECTION_3_UNIVERSE_KEY: 'three',
    });
    const source = fixed({ one: shared, two: ['X', ...shared], three: ['X', 'Y'] });
    await resolveUniverses(config, source, { logger });
    const warnings = logger.lines.filter((l) => l.level === 'warn');
    expect(warnings.map((w) => w.msg)).toEqual([
      'universe: 60000 ticker(s) listed for both connection_1 and connection_2 (S0, S1, S2, S3, S4, ...); manual routing keeps each on the first only (WEBSOCKET_CRITICAL_SYMBOLS replicates)',
      'universe: 1 ticker(s) listed for both connection_2 and connection_3 (X); manual routing keeps each on the first only (WEBSOCKET_CRITICAL_SYMBOLS replicates)',
    ]);
    expect(warnings[0]!.obj).toEqual({ tickers: shared });
  });
});
