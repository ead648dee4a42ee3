import RedisMock from 'ioredis-mock';
import { describe, expect, it } from 'vitest';
import { RedisPubSubSink, RedisStreamSink, type RedisLike } from '../src/index.js';
import { gap, settle, tick, ticks } from './helpers.js';

// ioredis-mock: an in-memory Redis shared by every client on the same host and port.
let port = 40_000;
const mockUrl = () => `redis://127.0.0.1:${port++}`;
const createClient = (url: string) =>
  new RedisMock(url, { lazyConnect: true }) as unknown as RedisLike;

describe('Redis sinks on ioredis-mock', () => {
  it('a subscriber of tickstock.data.raw gets each tick once, in order, in the normalised format', async () => {
    const url = mockUrl();
    const sub = new RedisMock(url);
    const got: string[] = [];
    sub.on('message', (_channel: string, message: string) => got.push(message));
    await sub.subscribe('tickstock.data.raw');
    const sink = new RedisPubSubSink({ url, createClient });
    ticks(0, 1200).forEach((t) => sink.write(t));
    expect(await sink.flush()).toBe(true);
    await settle();
    expect(got).toHaveLength(1200);
    expect(got.map((m) => JSON.parse(m) as unknown)).toEqual(ticks(0, 1200));
    await sink.close();
    sub.disconnect();
  });

  it('the stream holds one entry per tick and per gap, readable with XRANGE', async () => {
    const url = mockUrl();
    const sink = new RedisStreamSink({ url, key: 'ticks', createClient });
    sink.write(tick(1));
    sink.writeGap(gap());
    sink.write(tick(2));
    expect(await sink.flush()).toBe(true);
    const reader = new RedisMock(url);
    const entries = (await reader.xrange('ticks', '-', '+')) as [string, string[]][];
    // Gap reports go ahead of ticks buffered with them (both are in the first batch).
    expect(
      entries.map(([, f]) => [f[1], (JSON.parse(f[3]!) as { ticker: string }).ticker]),
    ).toEqual([
      ['gap', 'AAPL'],
      ['tick', 'AAPL'],
      ['tick', 'AAPL'],
    ]);
    expect(JSON.parse(entries[1]![1][3]!)).toEqual(tick(1));
    await sink.close();
    reader.disconnect();
  });
});
