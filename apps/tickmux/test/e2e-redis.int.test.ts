import type { TruthEntry } from '@tickmux/massive-sim';
import {
  redisServerInstalled,
  redisTestTarget,
  useRedisServer,
  waitUntil,
} from '@tickmux/test-utils';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisStreamSink, RedisPubSubSink, TickSink } from '../src/index.js';
import { TICK_FIELDS } from './helpers.js';
import { startRealService, type RealService } from './real-service.js';
import { subscriber } from './redis-subscriber.js';

// sim -> adapter (the manager with three connections once it is wired, else one client) -> the
// Redis sinks -> Redis -> consumers, reconciled with the simulator's ground truth. The simulator
// runs on a virtual clock, so the test decides how much market happens and when.

// Tickers no other test or process publishes (this process's id is in them, so two runs of this
// test at once stay apart), so the machine's shared Redis can be used.
const TAG = `Z${(process.pid % 36 ** 4).toString(36).toUpperCase().padStart(4, '0')}`;
const TICKERS = Array.from({ length: 12 }, (_, i) => `${TAG}${String.fromCharCode(65 + i)}`);
const CRITICAL = TICKERS.slice(0, 2);
const EVENT_TYPE: Record<string, string> = { T: 'trade', Q: 'quote', AM: 'aggregate_minute' };

/** Distinct events the simulator generated for our tickers, by `ticker event_type`. */
function truth(entries: TruthEntry[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of entries) {
    const type = EVENT_TYPE[e.channel];
    if (type === undefined || !TICKERS.includes(e.ticker) || e.generated === 0) continue;
    out.set(`${e.ticker} ${type}`, e.generated);
  }
  return out;
}

const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

function countByKey(ticks: { ticker: string; event_type: string }[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of ticks)
    out.set(`${t.ticker} ${t.event_type}`, (out.get(`${t.ticker} ${t.event_type}`) ?? 0) + 1);
  return out;
}

function sink<T extends TickSink>(s: RealService, name: string): T {
  return s.service.sinks.sinks.find((x) => x.name === name) as T;
}

async function serviceOn(url: string, key: string, redis: Record<string, unknown> = {}) {
  return startRealService({
    sim: { clock: 'virtual', tickers: TICKERS, rate: 2_000, seed: 11 },
    tickers: TICKERS,
    env: { WEBSOCKET_CRITICAL_SYMBOLS: CRITICAL.join(',') },
    service: { redisUrl: url, redis: { channels: ['tickstock.data.raw'], key, ...redis } },
  });
}

const target = await redisTestTarget();

describe.skipIf(target.skip)(
  "end to end: simulator -> tickmux -> Redis (the machine's Redis)",
  () => {
    const key = `tickstock:stream:raw:e2e-${process.pid}-${Date.now()}`;
    let s: RealService;
    let sub: Awaited<ReturnType<typeof subscriber>>;
    let expected: Map<string, number>;
    let redis: Redis;

    beforeAll(async () => {
      if (!target.reachable) return;
      redis = new Redis(target.url);
      sub = await subscriber(target.url, ['tickstock.data.raw']);
      s = await serviceOn(target.url, key);
      expect(s.service.connected).toBe(true);
      await s.sim.control.advance(6_000);
      expected = truth(s.sim.control.groundTruth());
      await waitUntil(
        () => s.service.memory.counters.published === total(expected),
        20_000,
        'every event through the adapter',
      );
      expect(await s.service.sinks.flush()).toBe(true);
    }, 60_000);

    afterAll(async () => {
      await s?.close();
      await sub?.close();
      await redis?.del(key);
      redis?.disconnect();
    });

    it('reaches Redis', () => {
      expect(target.reachable, `no Redis at ${target.url} (REQUIRE_REDIS=1)`).toBe(true);
    });

    it('a subscriber on tickstock.data.raw receives every tick exactly once, in the documented format', async () => {
      expect(total(expected)).toBeGreaterThan(5_000);
      const ours = () =>
        sub
          .messages('tickstock.data.raw')
          .filter((m) => TICKERS.some((t) => m.startsWith(`{"ticker":"${t}"`)));
      await waitUntil(() => ours().length >= total(expected), 20_000, 'every tick on the channel');
      await new Promise((r) => setTimeout(r, 200)); // a duplicate would show up now
      const messages = ours();
      const ticks = messages.map(
        (m) =>
          JSON.parse(m) as {
            ticker: string;
            event_type: string;
            source: string;
            timestamp: number;
          },
      );
      for (const t of ticks) {
        expect(Object.keys(t)).toEqual(TICK_FIELDS);
        expect(t.source).toBe('massive');
        expect(t.timestamp).toBeLessThan(2e10); // seconds, not ms
      }
      // Exactly once: per ticker and event type, as many as the simulator generated, not one more.
      expect(countByKey(ticks)).toEqual(expected);
      const pubsub = sink<RedisPubSubSink>(s, 'redis-pubsub');
      expect(pubsub.counters).toMatchObject({
        published: total(expected),
        dropped: 0,
        buffered: 0,
      });
      // Replicated tickers were on two connections, delivered once.
      if (s.expected > 1)
        expect(s.service.adapter.getHealthStatus().duplicates_dropped).toBeGreaterThan(0);
    });

    it('a Streams consumer group reads everything, across a consumer restart, without loss', async () => {
      expect(await redis.xlen(key)).toBe(total(expected));
      await redis.xgroup('CREATE', key, 'analytics', '0');
      type Entries = [string, [string, string[]][]][] | null;
      const read = async (conn: Redis, consumer: string, id: string, count: number) => {
        const r = (await conn.xreadgroup(
          'GROUP',
          'analytics',
          consumer,
          'COUNT',
          count,
          'STREAMS',
          key,
          id,
        )) as Entries;
        return r?.[0]?.[1] ?? [];
      };
      const seen = new Map<string, string>();
      // The first consumer reads 3,000 entries, acknowledges only the first 1,000, and dies.
      const first = new Redis(target.url);
      const batch = await read(first, 'worker-1', '>', 3_000);
      expect(batch).toHaveLength(3_000);
      for (const [id, fields] of batch.slice(0, 1_000)) seen.set(id, fields[3]!);
      await first.xack(key, 'analytics', ...batch.slice(0, 1_000).map(([id]) => id));
      first.disconnect();
      // Restarted, it first takes back its pending entries (ID 0), then goes on with new ones (>).
      const again = new Redis(target.url);
      const pending = await read(again, 'worker-1', '0', 10_000);
      expect(pending.map(([id]) => id)).toEqual(batch.slice(1_000).map(([id]) => id));
      for (const [id, fields] of pending) seen.set(id, fields[3]!);
      await again.xack(key, 'analytics', ...pending.map(([id]) => id));
      for (;;) {
        const next = await read(again, 'worker-1', '>', 2_000);
        if (next.length === 0) break;
        for (const [id, fields] of next) {
          expect(fields.slice(0, 3)).toEqual(['type', 'tick', 'data']);
          seen.set(id, fields[3]!);
        }
        await again.xack(key, 'analytics', ...next.map(([id]) => id));
      }
      again.disconnect();
      expect(seen.size).toBe(total(expected));
      const ticks = [...seen.values()].map(
        (d) => JSON.parse(d) as { ticker: string; event_type: string },
      );
      expect(countByKey(ticks)).toEqual(expected);
      const info = (await redis.xpending(key, 'analytics')) as [number, ...unknown[]];
      expect(info[0]).toBe(0);
    });
  },
);

const installed = redisServerInstalled();
const required = process.env['REQUIRE_REDIS'] === '1';

describe.skipIf(!installed && !required)(
  "end to end with Redis restarted mid-run (a redis-server of the test's own)",
  () => {
    it('no loss within the buffer bound, drops counted beyond it, no crash', async () => {
      expect(installed, 'redis-server is not on the PATH (REQUIRE_REDIS=1)').toBe(true);
      const server = await useRedisServer();
      const key = 'tickstock:stream:raw';
      const BOUND = 3_000;
      const s = await serviceOn(server.url, key, { maxBuffered: BOUND });
      try {
        const stream = sink<RedisStreamSink>(s, 'redis-stream');
        const pubsub = sink<RedisPubSubSink>(s, 'redis-pubsub');
        const emitted = () => s.service.memory.counters.published;
        const advance = async (ms: number) => {
          const before = total(truth(s.sim.control.groundTruth()));
          await s.sim.control.advance(ms);
          const after = total(truth(s.sim.control.groundTruth()));
          await waitUntil(() => emitted() === after, 20_000, 'every event through the adapter');
          return after - before;
        };
        const check = new Redis(server.url, { maxRetriesPerRequest: 1, retryStrategy: () => 200 });
        check.on('error', () => undefined);

        const warm = await advance(1_000);
        expect(await s.service.sinks.flush()).toBe(true);
        expect(await check.xlen(key)).toBe(warm);

        // Outage 1: fewer ticks than the bound; all of them arrive once Redis is back.
        await server.kill();
        await waitUntil(
          () => !stream.connected && !pubsub.connected,
          10_000,
          'the sinks to see Redis gone',
        );
        const within = await advance(1_000);
        expect(within).toBeLessThan(BOUND);
        expect(stream.counters).toMatchObject({ buffered: within, dropped: 0 });
        await server.start(); // an empty Redis: the crash kept nothing
        await waitUntil(
          () => stream.connected && stream.counters.buffered === 0,
          20_000,
          'the buffer delivered',
        );
        expect(await check.xlen(key)).toBe(within);
        const got = (await check.xrange(key, '-', '+')).map(
          ([, f]) => JSON.parse(f[3]!) as { ticker: string },
        );
        expect(got).toEqual(
          s.service.memory.recent(within).map((t) => JSON.parse(JSON.stringify(t)) as unknown),
        );
        expect(stream.counters.dropped).toBe(0);

        // Outage 2: more than the bound; the oldest are dropped and counted, the newest arrive.
        await waitUntil(
          () => pubsub.connected && pubsub.counters.buffered === 0,
          20_000,
          'pub/sub delivered',
        );
        const pubsubBefore = { ...pubsub.counters };
        await server.kill();
        await waitUntil(
          () => !stream.connected && !pubsub.connected,
          10_000,
          'the sinks to see Redis gone again',
        );
        const beyond = await advance(3_000);
        expect(beyond).toBeGreaterThan(BOUND);
        expect(stream.counters).toMatchObject({ buffered: BOUND, dropped: beyond - BOUND });
        expect(
          pubsub.counters.dropped - pubsubBefore.dropped,
          JSON.stringify({ pubsubBefore, now: pubsub.counters }),
        ).toBe(beyond - BOUND);
        await server.start();
        await waitUntil(
          () => stream.connected && stream.counters.buffered === 0,
          20_000,
          'the buffer delivered',
        );
        expect(await check.xlen(key)).toBe(BOUND);
        const newest = (await check.xrange(key, '-', '+')).map(
          ([, f]) => JSON.parse(f[3]!) as unknown,
        );
        expect(newest).toEqual(
          s.service.memory.recent(BOUND).map((t) => JSON.parse(JSON.stringify(t)) as unknown),
        );

        // The service went on throughout.
        expect(s.service.adapter.getHealthStatus().connected).toBe(s.expected);
        const more = await advance(500);
        expect(more).toBeGreaterThan(0);
        expect(await s.service.sinks.flush()).toBe(true);
        expect(await check.xlen(key)).toBe(BOUND + more);
        check.disconnect();
      } finally {
        await s.close();
      }
    }, 120_000);
  },
);
