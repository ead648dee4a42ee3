import { createManualClock, type ManualClock } from '@tickmux/core';
import { captureLogger } from '@tickmux/test-utils';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REDIS_SINK_OPTIONS,
  encodeTick,
  RedisPubSubSink,
  RedisStreamSink,
  type RedisPubSubSinkOptions,
} from '../src/index.js';
import { FakeRedis } from './fake-redis.js';
import { gap, settle, tick, ticks } from './helpers.js';

const D = DEFAULT_REDIS_SINK_OPTIONS;

/** A pub/sub sink on a fake Redis and a manual clock, connected. */
async function pubsub(options: RedisPubSubSinkOptions = {}, up = true) {
  const redis = new FakeRedis();
  redis.serverUp = up;
  const clock = createManualClock(1_700_000_000_000);
  const logger = captureLogger();
  const sink = new RedisPubSubSink({
    clock,
    logger,
    random: () => 0.5,
    createClient: () => redis,
    ...options,
  });
  await settle();
  return { redis, clock, sink, logger };
}

const published = (redis: FakeRedis) =>
  redis.ran.filter((c) => c[0] === 'publish').map((c) => JSON.parse(c[2]!) as { volume: number });

/** Advances the manual clock and lets the promise callbacks it set off run. */
async function advance(clock: ManualClock, ms: number): Promise<void> {
  clock.advance(ms);
  await settle();
}

describe('RedisPubSubSink batching (defaults, manual clock)', () => {
  it('holds a partial batch for flushIntervalMs, then sends it in one pipeline', async () => {
    const { redis, clock, sink } = await pubsub();
    ticks(0, 10).forEach((t) => sink.write(t));
    await settle();
    expect(redis.pipelines).toBe(0);
    expect(sink.counters.buffered).toBe(10);
    await advance(clock, D.flushIntervalMs - 1);
    expect(redis.pipelines).toBe(0);
    await advance(clock, 1);
    expect(redis.pipelines).toBe(1);
    expect(redis.ran.map((c) => c[1])).toEqual(Array(10).fill('tickstock.data.raw'));
    expect(redis.ran[0]![2]).toBe(encodeTick(tick(0)));
    expect(sink.counters).toMatchObject({ published: 10, buffered: 0, dropped: 0 });
  });

  it('sends a full batch at once, without waiting for the timer', async () => {
    const { redis, sink } = await pubsub();
    ticks(0, D.batchSize).forEach((t) => sink.write(t));
    await settle();
    expect(redis.pipelines).toBe(1);
    expect(redis.ran).toHaveLength(D.batchSize);
  });

  it('keeps one pipeline in flight; what arrives meanwhile goes in the next, in order', async () => {
    const { redis, sink } = await pubsub({ batchSize: 3 });
    redis.hold = true;
    ticks(0, 3).forEach((t) => sink.write(t));
    ticks(3, 8).forEach((t) => sink.write(t));
    await settle();
    expect(redis.pipelines).toBe(1);
    expect(sink.counters.buffered).toBe(8);
    redis.hold = false;
    redis.answer();
    await settle();
    await settle();
    expect(published(redis).map((t) => t.volume)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(redis.pipelines).toBe(3); // 3 + 3 + 2
    expect(sink.counters).toMatchObject({ published: 8, buffered: 0 });
  });

  it('publishes each tick on every channel and gap reports on the gap channel, counting items', async () => {
    const { redis, clock, sink } = await pubsub({
      channels: ['tickstock.data.raw', 'tickstock:market:ticks'],
    });
    sink.write(tick(1));
    sink.writeGap(gap());
    await advance(clock, D.flushIntervalMs);
    expect(redis.ran.map((c) => c[1])).toEqual([
      'tickstock.data.gaps',
      'tickstock.data.raw',
      'tickstock:market:ticks',
    ]);
    expect(JSON.parse(redis.ran[0]![2]!)).toMatchObject({ type: 'gap', ticker: 'AAPL' });
    expect(sink.counters.published).toBe(2);
  });

  it('publishes no gap report when gapChannel is null', async () => {
    const { redis, clock, sink } = await pubsub({ gapChannel: null });
    sink.writeGap(gap());
    await advance(clock, D.flushIntervalMs);
    expect(redis.ran).toEqual([]);
    expect(sink.counters).toMatchObject({ published: 0, dropped: 0, buffered: 0 });
  });
});

describe('RedisPubSubSink while Redis is down', () => {
  it('buffers up to maxBuffered, drops the oldest beyond it (counted), and sends the rest in order once back', async () => {
    const { redis, clock, sink, logger } = await pubsub({ maxBuffered: 100 }, false);
    expect(sink.connected).toBe(false);
    ticks(0, 150).forEach((t) => sink.write(t));
    expect(sink.counters).toMatchObject({ buffered: 100, dropped: 50, published: 0 });
    expect(logger.lines.filter((l) => l.msg?.includes('buffer full'))).toHaveLength(1);
    redis.serverUp = true;
    await advance(clock, 60_000); // past any reconnect delay
    await settle();
    expect(sink.connected).toBe(true);
    expect(published(redis).map((t) => t.volume)).toEqual(ticks(50, 150).map((t) => t.volume));
    expect(sink.counters).toMatchObject({ buffered: 0, dropped: 50, published: 100 });
    expect(sink.counters.errors).toBeGreaterThan(0);
  });

  it('drop-newest keeps the first maxBuffered ticks instead', async () => {
    const { redis, clock, sink } = await pubsub(
      { maxBuffered: 100, overflow: 'drop-newest' },
      false,
    );
    ticks(0, 150).forEach((t) => sink.write(t));
    redis.serverUp = true;
    await advance(clock, 60_000);
    await settle();
    expect(published(redis).map((t) => t.volume)).toEqual(ticks(0, 100).map((t) => t.volume));
    expect(sink.counters).toMatchObject({ dropped: 50, published: 100 });
  });

  it('reconnects with backoff on its clock: 100, 200, 400 ms ... (jitter at its middle)', async () => {
    const { redis, clock } = await pubsub({}, false);
    expect(redis.connects).toBe(1);
    await advance(clock, 99);
    expect(redis.connects).toBe(1);
    await advance(clock, 1);
    expect(redis.connects).toBe(2);
    await advance(clock, 199);
    expect(redis.connects).toBe(2);
    await advance(clock, 1);
    expect(redis.connects).toBe(3);
    await advance(clock, 400);
    expect(redis.connects).toBe(4);
  });

  it('puts back the unanswered part of a batch when the connection breaks, and resends only that', async () => {
    const { redis, clock, sink } = await pubsub({ batchSize: 10 });
    redis.hold = true;
    ticks(0, 10).forEach((t) => sink.write(t));
    await settle();
    redis.answer(4); // the server ran 4 commands, then the connection broke
    await settle();
    expect(sink.counters).toMatchObject({ published: 4, buffered: 6 });
    expect(sink.connected).toBe(false);
    redis.hold = false;
    await advance(clock, 60_000);
    await settle();
    expect(published(redis).map((t) => t.volume)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(sink.counters).toMatchObject({ published: 10, buffered: 0, dropped: 0, reconnects: 1 });
  });

  it('drops and counts an item Redis refuses, without retrying it or stopping the rest', async () => {
    const { redis, clock, sink, logger } = await pubsub({
      channels: ['bad', 'tickstock.data.raw'],
    });
    redis.refuse.add('bad');
    ticks(0, 3).forEach((t) => sink.write(t));
    await advance(clock, D.flushIntervalMs);
    expect(sink.counters).toMatchObject({ published: 0, dropped: 3, errors: 3, buffered: 0 });
    expect(redis.pipelines).toBe(1);
    expect(
      logger.lines.some((l) => l.level === 'error' && l.msg === 'redis refused a command'),
    ).toBe(true);
  });
});

describe('flush and close', () => {
  it('flush() resolves true once Redis took what was written before it', async () => {
    const { redis, sink } = await pubsub();
    ticks(0, 5).forEach((t) => sink.write(t));
    const flushed = sink.flush();
    await settle();
    expect(await flushed).toBe(true);
    expect(redis.ran).toHaveLength(5);
  });

  it('flush() resolves false after flushTimeoutMs while Redis is down; nothing is lost', async () => {
    const { clock, sink } = await pubsub(
      { flushTimeoutMs: 1_000, reconnect: { baseDelayMs: 5_000 } },
      false,
    );
    sink.write(tick(1));
    const flushed = sink.flush();
    await advance(clock, 999);
    let result: boolean | undefined;
    void flushed.then((r) => (result = r));
    await settle();
    expect(result).toBeUndefined();
    await advance(clock, 1);
    expect(await flushed).toBe(false);
    expect(sink.counters).toMatchObject({ buffered: 1, dropped: 0 });
  });

  it('close() flushes, quits once, counts later writes as dropped, and is idempotent', async () => {
    const { redis, sink, clock } = await pubsub();
    ticks(0, 3).forEach((t) => sink.write(t));
    const a = sink.close();
    const b = sink.close();
    expect(a).toBe(b);
    await a;
    expect(redis.ran).toHaveLength(3);
    expect(redis.quits).toBe(1);
    sink.write(tick(4));
    expect(sink.counters).toMatchObject({ published: 3, dropped: 1, buffered: 0 });
    await advance(clock, 60_000);
    expect(redis.connects).toBe(1);
    expect(clock.pending()).toBe(0);
  });

  it('close() while Redis is down gives up after flushTimeoutMs, counts the buffer as dropped, leaves no timer', async () => {
    const { redis, clock, sink } = await pubsub({}, false);
    ticks(0, 7).forEach((t) => sink.write(t));
    const closed = sink.close();
    await advance(clock, D.flushTimeoutMs);
    await closed;
    expect(sink.counters).toMatchObject({ published: 0, dropped: 7, buffered: 0 });
    expect(redis.disconnects).toBe(1);
    expect(clock.pending()).toBe(0);
  });
});

describe('RedisStreamSink commands', () => {
  it('XADD key MAXLEN ~ n * type tick|gap data <json>', async () => {
    const redis = new FakeRedis();
    const clock = createManualClock();
    const sink = new RedisStreamSink({
      key: 'ticks',
      maxLen: 5000,
      clock,
      createClient: () => redis,
    });
    await settle();
    sink.write(tick(2));
    sink.writeGap(gap());
    await advance(clock, D.flushIntervalMs);
    expect(redis.ran).toEqual([
      [
        'xadd',
        'ticks',
        'MAXLEN',
        '~',
        '5000',
        '*',
        'type',
        'gap',
        'data',
        expect.stringContaining('"type":"gap"'),
      ],
      ['xadd', 'ticks', 'MAXLEN', '~', '5000', '*', 'type', 'tick', 'data', encodeTick(tick(2))],
    ]);
    await sink.close();
  });
});

describe('options', () => {
  it.each([
    [{ url: 'http://x' }, 'url'],
    [{ maxBuffered: 0 }, 'maxBuffered'],
    [{ batchSize: 1.5 }, 'batchSize'],
    [{ overflow: 'drop-all' }, 'overflow'],
    [{ flushIntervalMs: -1 }, 'flushIntervalMs'],
    [{ commandTimeoutMs: 0 }, 'commandTimeoutMs'],
    [{ reconnect: { jitter: 2 } }, 'reconnect.jitter'],
    [{ channels: [] }, 'channels'],
    [{ channels: ['ok', ''] }, 'channels[1]'],
    [{ gapChannel: '' }, 'gapChannel'],
  ])('refuses %j naming %s', (bad, field) => {
    expect(
      () => new RedisPubSubSink({ createClient: () => new FakeRedis(), ...(bad as object) }),
    ).toThrow(expect.objectContaining({ code: 'TICKMUX_INVALID_ARGUMENT', field }));
  });

  it.each([
    [{ key: ' ' }, 'key'],
    [{ maxLen: 0 }, 'maxLen'],
  ])('the stream sink refuses %j naming %s', (bad, field) => {
    expect(() => new RedisStreamSink({ createClient: () => new FakeRedis(), ...bad })).toThrow(
      expect.objectContaining({ field }),
    );
  });
});
