import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ErrorCode } from '@tickmux/core';
import { freePort, redisTestTarget } from '@tickmux/test-utils';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, RedisUniverseSource, resolveUniverses } from '../src/index.js';

// Against the machine's Redis. Skipped when it is not reachable, unless REQUIRE_REDIS=1 (CI),
// where every test below then fails. TICKMUX_REDIS_TEST_URL points elsewhere.
const { url, reachable, skip } = await redisTestTarget();
// One namespace per run, so runs never see each other's keys; everything under it is deleted.
const namespace = `tickmux-test-${process.pid}-${Date.now()}`;
const packageDir = join(import.meta.dirname, '..');

describe.skipIf(skip)(`RedisUniverseSource against ${url}`, () => {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  const source = new RedisUniverseSource({ url, namespace });

  afterAll(async () => {
    await source.close();
    const keys = await redis.keys(`${namespace}:*`);
    if (keys.length > 0) await redis.del(...keys);
    expect(await redis.keys(`${namespace}:*`)).toEqual([]);
    redis.disconnect();
  });

  it('reaches Redis', () => {
    expect(reachable, `no Redis at ${url} (REQUIRE_REDIS=1)`).toBe(true);
  });

  it('stores universes as ordered lists and reads them back', async () => {
    await source.save(
      new Map([
        ['tech_leaders:top_3', ['AAPL', 'MSFT', 'NVDA']],
        ['finance_sector:top_2', ['BRK.B', 'JPM']],
      ]),
    );
    expect(await redis.lrange(`${namespace}:universe:tech_leaders:top_3`, 0, -1)).toEqual([
      'AAPL',
      'MSFT',
      'NVDA',
    ]);
    expect(await source.getUniverse('finance_sector:top_2')).toEqual(['BRK.B', 'JPM']);
    expect(await source.listUniverses()).toEqual(['finance_sector:top_2', 'tech_leaders:top_3']);
  });

  it('resolves a config against Redis, falling back to _SYMBOLS for an unknown universe', async () => {
    const config = loadConfig({
      USE_MULTI_CONNECTION: 'true',
      REDIS_URL: url,
      WEBSOCKET_CONNECTION_1_UNIVERSE_KEY: 'tech_leaders:top_3',
      WEBSOCKET_CONNECTION_2_ENABLED: 'true',
      WEBSOCKET_CONNECTION_2_UNIVERSE_KEY: 'not:seeded',
      WEBSOCKET_CONNECTION_2_SYMBOLS: 'TSLA',
    });
    const { connections } = await resolveUniverses(config, source);
    expect(connections.map((c) => [c.from, c.tickers])).toEqual([
      ['universe', ['AAPL', 'MSFT', 'NVDA']],
      ['symbols', ['TSLA']],
    ]);
  });

  it('seeds Redis from a file with the universe:load script', async () => {
    const tsx = join(packageDir, 'node_modules/.bin/tsx');
    const args = ['--conditions=@tickmux/source', 'scripts/universe-load.ts'];
    const { stdout } = await promisify(execFile)(
      tsx,
      [...args, 'examples/universes.json', '--redis-url', url, '--namespace', namespace],
      { cwd: packageDir, env: { ...process.env, INIT_CWD: packageDir } },
    );
    expect(stdout).toContain('loaded 3 universe(s)');
    expect(await source.getUniverse('finance_sector:large_cap')).toEqual([
      'JPM',
      'BAC',
      'GS',
      'V',
      'MA',
      'AXP',
    ]);
  });
});

describe('RedisUniverseSource without a server', () => {
  it('reports an unreachable Redis as UNIVERSE_UNAVAILABLE with the connection error', async () => {
    const port = await freePort();
    const source = new RedisUniverseSource({
      url: `redis://:secret@127.0.0.1:${port}`,
      timeoutMs: 500,
    });
    try {
      await expect(source.getUniverse('tech_leaders:top_20')).rejects.toMatchObject({
        code: ErrorCode.UNIVERSE_UNAVAILABLE,
        message: `cannot read universe "tech_leaders:top_20" (Redis at redis://***@127.0.0.1:${port}): connect ECONNREFUSED 127.0.0.1:${port}`,
      });
    } finally {
      await source.close();
    }
  });
});
