import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode, isValidTicker, SECTORS, usEquities } from '@tickmux/core';
import RedisMock from 'ioredis-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BundledUniverseSource,
  bundledUniverses,
  ConfigError,
  createUniverseSource,
  loadConfig,
  parseUniverseFile,
  RedisUniverseSource,
  resolveUniverses,
  UniverseUnavailableError,
  type UniverseSource,
} from '../src/index.js';
import { recordingLogger } from './helpers.js';

describe('bundled sample universes', () => {
  const all = bundledUniverses();

  it('ranks tech_leaders:top_20 as the 20 largest Information Technology stocks', () => {
    const tech = usEquities().filter((e) => e.sector === 'Information Technology');
    expect(all.get('tech_leaders:top_20')).toEqual(tech.slice(0, 20).map((e) => e.ticker));
    expect(all.get('tech_leaders:top_20')!.slice(0, 3)).toEqual(['AAPL', 'MSFT', 'NVDA']);
  });

  it('has the plan universes and per-sector keys, every ticker valid and listed once', () => {
    for (const key of [
      'finance_sector:large_cap',
      'healthcare_sector:top_10',
      'market_leaders:top_100',
    ]) {
      expect(all.has(key)).toBe(true);
    }
    expect(all.get('finance_sector:large_cap')).toHaveLength(30);
    expect(all.get('energy_sector:all')).toHaveLength(22);
    // pnpm start's demo universe: 300 tickers across every sector.
    expect(all.get('market_leaders:top_300')).toHaveLength(300);
    for (const [, tickers] of all) {
      expect(tickers.every(isValidTicker)).toBe(true);
      expect(new Set(tickers).size).toBe(tickers.length);
    }
  });

  it('spreads market_leaders over every sector, largest of each first', () => {
    const first = all
      .get('market_leaders:top_10')!
      .concat(all.get('market_leaders:top_20')!.slice(10, 11));
    expect(first).toEqual([
      'AAPL',
      'GOOGL',
      'AMZN',
      'WMT',
      'XOM',
      'BRK.B',
      'LLY',
      'GE',
      'LIN',
      'PLD',
      'NEE',
    ]);
    expect(new Set(first.map((t) => usEquities().find((e) => e.ticker === t)!.sector)).size).toBe(
      SECTORS.length,
    );
  });

  it('serves them through BundledUniverseSource, unknown keys as undefined', async () => {
    const source = new BundledUniverseSource();
    expect(await source.getUniverse('healthcare_sector:top_10')).toHaveLength(10);
    expect(await source.getUniverse('no_such:universe')).toBeUndefined();
    expect(await source.listUniverses()).toContain('sp500:all');
    await source.close();
  });
});

describe('RedisUniverseSource (ioredis-mock)', () => {
  const client = new RedisMock();
  let source: RedisUniverseSource;
  beforeEach(async () => {
    await client.flushall();
    source = new RedisUniverseSource({ client, namespace: 'unit' });
  });
  afterEach(() => source.close());

  it('stores each universe as a list in order and indexes its key', async () => {
    await source.save(new Map([['watch:a', ['NVDA', 'AAPL', 'BRK.B']]]));
    expect(await client.lrange('unit:universe:watch:a', 0, -1)).toEqual(['NVDA', 'AAPL', 'BRK.B']);
    expect(await client.smembers('unit:universes')).toEqual(['watch:a']);
    expect(await source.getUniverse('watch:a')).toEqual(['NVDA', 'AAPL', 'BRK.B']);
  });

  it('replaces a universe on save and deletes it when saved empty', async () => {
    await source.save(
      new Map([
        ['w', ['AAPL', 'MSFT']],
        ['x', ['TSLA']],
      ]),
    );
    await source.save(new Map([['w', ['META']]]));
    expect(await source.getUniverse('w')).toEqual(['META']);
    await source.save(new Map([['w', []]]));
    expect(await source.getUniverse('w')).toBeUndefined();
    expect(await source.listUniverses()).toEqual(['x']);
  });

  it('reads a missing key as an unknown universe and removes universes', async () => {
    expect(await source.getUniverse('nope')).toBeUndefined();
    await source.save(
      new Map([
        ['b', ['AAPL']],
        ['a', ['MSFT']],
      ]),
    );
    expect(await source.listUniverses()).toEqual(['a', 'b']);
    await source.remove(['a', 'b']);
    expect(await source.listUniverses()).toEqual([]);
  });

  it('reports a key of the wrong type as UNIVERSE_UNAVAILABLE', async () => {
    await client.set('unit:universe:broken', 'AAPL,MSFT');
    await expect(source.getUniverse('broken')).rejects.toMatchObject({
      code: ErrorCode.UNIVERSE_UNAVAILABLE,
      universeKey: 'broken',
      message: expect.stringContaining('cannot read universe "broken"'),
    });
  });

  it('leaves a client it was given open on close', async () => {
    await source.close();
    await source.close();
    expect(await client.ping()).toBe('PONG');
    await expect(source.getUniverse('x')).rejects.toBeInstanceOf(UniverseUnavailableError);
  });
});

describe('resolveUniverses', () => {
  const multi = (env: Record<string, string>) =>
    loadConfig({ USE_MULTI_CONNECTION: 'true', ...env });
  const fixed = (universes: Record<string, string[]>): UniverseSource =>
    new BundledUniverseSource(new Map(Object.entries(universes)));

  it('falls back to _SYMBOLS with a warning when the universe is unknown', async () => {
    const logger = recordingLogger();
    const config = multi({
      WEBSOCKET_CONNECTION_1_UNIVERSE_KEY: 'missing:list',
      WEBSOCKET_CONNECTION_1_SYMBOLS: 'AAPL,MSFT',
    });
    const { connections } = await resolveUniverses(config, fixed({}), { logger });
    expect(connections[0]).toMatchObject({ from: 'symbols', tickers: ['AAPL', 'MSFT'] });
    expect(logger.messages('warn')).toEqual([
      'universe: "missing:list" for connection_1 is unknown or empty; using WEBSOCKET_CONNECTION_1_SYMBOLS (2 tickers)',
    ]);
  });

  it('falls back when the universe is empty, and says so when there is nothing to fall back to', async () => {
    const logger = recordingLogger();
    const config = multi({
      WEBSOCKET_ROUTING_STRATEGY: 'round-robin',
      WEBSOCKET_CONNECTION_1_UNIVERSE_KEY: 'empty:list',
      WEBSOCKET_CONNECTION_2_ENABLED: 'true',
      WEBSOCKET_CONNECTION_2_SYMBOLS: 'TSLA',
    });
    const resolved = await resolveUniverses(config, fixed({ 'empty:list': [] }), { logger });
    expect(resolved.connections.map((c) => [c.id, c.from, c.tickers])).toEqual([
      ['connection_1', 'none', []],
      ['connection_2', 'symbols', ['TSLA']],
    ]);
    expect(logger.messages('warn')).toEqual([
      'universe: "empty:list" for connection_1 is unknown or empty; WEBSOCKET_CONNECTION_1_SYMBOLS is not set either, so connection_1 has no tickers',
    ]);
  });

  it('logs an unreachable store as an error and falls back', async () => {
    const logger = recordingLogger();
    const down: UniverseSource = {
      getUniverse: (key) => Promise.reject(new UniverseUnavailableError('Redis is down', key)),
      listUniverses: () => Promise.resolve([]),
      close: () => Promise.resolve(),
    };
    const config = multi({
      WEBSOCKET_CONNECTION_1_UNIVERSE_KEY: 'a:b',
      WEBSOCKET_CONNECTION_1_SYMBOLS: 'AAPL',
    });
    const { connections } = await resolveUniverses(config, down, { logger });
    expect(connections[0]!.tickers).toEqual(['AAPL']);
    expect(logger.messages('error')).toEqual(['universe: Redis is down']);
    expect(logger.messages('warn')[0]).toContain('"a:b" for connection_1 could not be read; using');
  });

  it('normalises universe tickers and drops invalid ones with a warning', async () => {
    const logger = recordingLogger();
    const config = multi({ WEBSOCKET_CONNECTION_1_UNIVERSE_KEY: 'raw' });
    const source = fixed({ raw: [' brk.b', 'aapl', 'AAPL', 'not a ticker'] });
    const { connections } = await resolveUniverses(config, source, { logger });
    expect(connections[0]!.tickers).toEqual(['BRK.B', 'AAPL']);
    expect(logger.messages('warn')).toEqual([
      'universe: "raw" holds invalid tickers, dropped: not a ticker',
    ]);
  });

  it('adds critical symbols no list holds, and warns about tickers manual lists share', async () => {
    const logger = recordingLogger();
    const config = multi({
      WEBSOCKET_CONNECTION_1_SYMBOLS: 'AAPL,MSFT',
      WEBSOCKET_CONNECTION_2_ENABLED: 'true',
      WEBSOCKET_CONNECTION_2_SYMBOLS: 'MSFT,TSLA',
      WEBSOCKET_CRITICAL_SYMBOLS: 'AAPL,NVDA',
    });
    const { tickers } = await resolveUniverses(config, fixed({}), { logger });
    expect(tickers).toEqual(['AAPL', 'MSFT', 'TSLA', 'NVDA']);
    expect(logger.messages('warn')).toEqual([
      'universe: 1 ticker(s) listed for both connection_1 and connection_2 (MSFT); manual routing keeps each on the first only (WEBSOCKET_CRITICAL_SYMBOLS replicates)',
    ]);
  });

  it('resolves through Redis when the universes are seeded there', async () => {
    const client = new RedisMock();
    await client.flushall();
    const source = new RedisUniverseSource({ client });
    await source.save(new Map([['stock_etf_test:combo_test', ['SPY', 'QQQ', 'AAPL']]]));
    const { connections } = await resolveUniverses(loadConfig({}), source);
    expect(connections[0]).toMatchObject({ from: 'universe', tickers: ['SPY', 'QQQ', 'AAPL'] });
  });
});

describe('createUniverseSource', () => {
  it('uses Redis when REDIS_URL is set and the bundled sample otherwise', async () => {
    const bundled = createUniverseSource(loadConfig({}));
    expect(bundled).toBeInstanceOf(BundledUniverseSource);
    const redis = createUniverseSource(loadConfig({ REDIS_URL: 'redis://127.0.0.1:1' }));
    expect(redis).toBeInstanceOf(RedisUniverseSource);
    await redis.close();
  });
});

describe('universe files', () => {
  it('parses arrays and comma lists, normalising tickers', () => {
    expect(parseUniverseFile('{"a:b": ["aapl", "AAPL", " msft"], "c": "tsla, brk.b"}')).toEqual(
      new Map([
        ['a:b', ['AAPL', 'MSFT']],
        ['c', ['TSLA', 'BRK.B']],
      ]),
    );
  });

  it('reports every bad key and ticker at once', () => {
    const text = '{"bad key": [], "ok": ["AAPL", "$$$"], "n": 5}';
    expect(() => parseUniverseFile(text, 'u.json')).toThrow(ConfigError);
    expect(() => parseUniverseFile(text, 'u.json')).toThrow(
      'invalid tickmux configuration (3 problems):\n' +
        '  - bad key: not a universe key (e.g. tech_leaders:top_20)\n' +
        '  - ok="$$$": not a valid ticker\n' +
        '  - n: expected an array or a comma-separated string',
    );
    expect(() => parseUniverseFile('[1]', 'u.json')).toThrow('u.json: expected an object');
    expect(() => parseUniverseFile('{', 'u.json')).toThrow('u.json: not valid JSON');
  });

  it('parses the example file shipped with the package', () => {
    const text = readFileSync(join(import.meta.dirname, '../examples/universes.json'), 'utf8');
    expect([...parseUniverseFile(text).keys()]).toEqual([
      'watchlist:primary',
      'finance_sector:large_cap',
      'healthcare_sector:top_10',
    ]);
  });
});
