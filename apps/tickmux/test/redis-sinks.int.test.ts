import { freePort, redisTestTarget, waitUntil } from '@tickmux/test-utils';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisPubSubSink, RedisStreamSink } from '../src/index.js';
import { gap, ticks, TICK_FIELDS } from './helpers.js';
import { subscriber } from './redis-subscriber.js';

// Against the machine's Redis: skipped when it is not reachable, unless REQUIRE_REDIS=1 (CI).
// Every channel and stream is unique to this run and deleted afterwards.
const target = await redisTestTarget();
const ns = `tickmux-test-${process.pid}-${Date.now()}`;

describe.skipIf(target.skip)(`Redis sinks against ${target.url}`, () => {
  const admin = new Redis(target.url, { lazyConnect: true, maxRetriesPerRequest: 1 });

  afterAll(async () => {
    const keys = await admin.keys(`${ns}:*`);
    if (keys.length > 0) await admin.del(...keys);
    admin.disconnect();
  });

  it('reaches Redis', () => {
    expect(target.reachable, `no Redis at ${target.url} (REQUIRE_REDIS=1)`).toBe(true);
  });

  it('a subscriber receives every tick exactly once, on both channels, in the documented format', async () => {
    const raw = `${ns}:raw`;
    const second = `${ns}:market:ticks`;
    const sub = await subscriber(target.url, [raw, second]);
    const sink = new RedisPubSubSink({
      url: target.url,
      channels: [raw, second],
      gapChannel: `${ns}:gaps`,
    });
    const sent = [...ticks(0, 10_000, 'AAPL'), ...ticks(0, 10_000, 'MSFT')];
    for (const t of sent) sink.write(t);
    expect(await sink.flush()).toBe(true);
    await waitUntil(
      () => sub.count(raw) >= sent.length && sub.count(second) >= sent.length,
      15_000,
      'all ticks',
    );
    for (const channel of [raw, second]) {
      const got = sub.messages(channel);
      expect(got).toHaveLength(sent.length);
      expect(new Set(got).size).toBe(sent.length); // no tick twice
      const parsed = got.map((m) => JSON.parse(m) as Record<string, unknown>);
      expect(parsed).toEqual(sent); // every tick, in order, exactly as written
      for (const p of parsed.slice(0, 50)) {
        expect(Object.keys(p)).toEqual(TICK_FIELDS);
        expect(p['timestamp']).toBeLessThan(1e11); // seconds, not ms
      }
    }
    expect(sink.counters).toMatchObject({
      published: sent.length,
      dropped: 0,
      buffered: 0,
      errors: 0,
    });
    await sink.close();
    await sub.close();
  });

  it('gap reports go to the gap channel as {"type":"gap",...}, not to the tick channel', async () => {
    const raw = `${ns}:raw2`;
    const gaps = `${ns}:gaps2`;
    const sub = await subscriber(target.url, [raw, gaps]);
    const sink = new RedisPubSubSink({ url: target.url, channels: [raw], gapChannel: gaps });
    sink.writeGap(gap('NVDA'));
    expect(await sink.flush()).toBe(true);
    await waitUntil(() => sub.count(gaps) === 1, 5_000, 'the gap report');
    expect(JSON.parse(sub.messages(gaps)[0]!)).toEqual({ type: 'gap', ...gap('NVDA') });
    expect(sub.count(raw)).toBe(0);
    await sink.close();
    await sub.close();
  });

  it('a Streams consumer group reads everything across a consumer restart, each entry acknowledged once', async () => {
    const key = `${ns}:stream`;
    const group = 'analytics';
    const sink = new RedisStreamSink({ url: target.url, key, maxLen: 100_000 });
    await admin.xgroup('CREATE', key, group, '$', 'MKSTREAM');
    const first = ticks(0, 2_500);
    first.forEach((t) => sink.write(t));
    sink.writeGap(gap('TSLA'));
    expect(await sink.flush()).toBe(true);

    const acked: string[] = [];
    const seen: string[] = [];
    const read = async (c: Redis, id: '0' | '>') => {
      const res = (await c.xreadgroup(
        'GROUP',
        group,
        'worker-1',
        'COUNT',
        1000,
        'STREAMS',
        key,
        id,
      )) as [string, [string, string[]][]][] | null;
      return res?.[0]?.[1] ?? [];
    };
    // The consumer reads 2,000 entries, acknowledges 1,500, and crashes.
    const before = new Redis(target.url);
    for (let i = 0; i < 2; i++) {
      for (const [id] of await read(before, '>')) seen.push(id);
    }
    expect(seen).toHaveLength(2_000);
    await before.xack(key, group, ...seen.slice(0, 1_500));
    acked.push(...seen.slice(0, 1_500));
    before.disconnect();

    // Meanwhile ticks keep coming.
    const second = ticks(2_500, 5_000);
    second.forEach((t) => sink.write(t));
    expect(await sink.flush()).toBe(true);

    // The consumer restarts: its pending entries first (ID 0), then new ones (>).
    const after = new Redis(target.url);
    const redelivered = (await read(after, '0')).map(([id]) => id);
    expect(redelivered).toEqual(seen.slice(1_500));
    await after.xack(key, group, ...redelivered);
    acked.push(...redelivered);
    const data: { type: string; data: unknown }[] = [];
    for (;;) {
      const batch = await read(after, '>');
      if (batch.length === 0) break;
      await after.xack(key, group, ...batch.map(([id]) => id));
      acked.push(...batch.map(([id]) => id));
      for (const [, f] of batch) data.push({ type: f[1]!, data: JSON.parse(f[3]!) });
    }
    const all = (await admin.xrange(key, '-', '+')) as [string, string[]][];
    expect(all).toHaveLength(5_001);
    expect(new Set(acked).size).toBe(acked.length); // none acknowledged twice
    expect([...acked].sort()).toEqual(all.map(([id]) => id).sort()); // every entry acknowledged
    expect(await admin.xpending(key, group)).toEqual([0, null, null, null]);
    // Every tick once, in the order written; the gap report (sent ahead of ticks still buffered) once.
    const parse = (f: string[]) => ({ type: f[1]!, data: JSON.parse(f[3]!) as unknown });
    const entries = all.map(([, f]) => parse(f));
    expect(entries.filter((e) => e.type === 'tick').map((e) => e.data)).toEqual([
      ...first,
      ...second,
    ]);
    expect(entries.filter((e) => e.type === 'gap').map((e) => e.data)).toEqual([
      { type: 'gap', ...gap('TSLA') },
    ]);
    // After the restart the consumer got exactly what it had not read before, in stream order.
    expect(data).toEqual(entries.slice(2_000));
    after.disconnect();
    await sink.close();
  });
});

describe('Redis sinks with Redis unreachable (nothing listens)', () => {
  it('buffers up to the bound, counts drops beyond it, never throws or rejects, and closes in time', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const sink = new RedisPubSubSink({ url, maxBuffered: 200, flushTimeoutMs: 500 });
    ticks(0, 300).forEach((t) => sink.write(t));
    expect(sink.counters).toMatchObject({ buffered: 200, dropped: 100, published: 0 });
    expect(await sink.flush()).toBe(false);
    await waitUntil(() => sink.counters.errors >= 2, 5_000, 'reconnect attempts');
    await sink.close();
    expect(sink.counters).toMatchObject({ buffered: 0, dropped: 300, published: 0 });
  });
});
