import { redisServerInstalled, useRedisServer, useTcpProxy, waitUntil } from '@tickmux/test-utils';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { RedisPubSubSink, RedisStreamSink } from '../src/index.js';
import { ticks } from './helpers.js';
import { subscriber } from './redis-subscriber.js';

// A redis-server of the test's own on a free port, killed (SIGKILL) and started again mid-run; the
// machine's shared Redis is never touched. Skipped without redis-server unless REQUIRE_REDIS=1.
const required = process.env['REQUIRE_REDIS'] === '1';
const installed = redisServerInstalled();

describe.skipIf(!installed && !required)('Redis restarted mid-run', () => {
  it('has redis-server', () => {
    expect(installed, 'redis-server is not on the PATH (REQUIRE_REDIS=1)').toBe(true);
  });

  it('pub/sub: no loss within the buffer bound, drops counted beyond it, no crash', async () => {
    const server = await useRedisServer();
    // The sink reaches Redis through a proxy, so that after the restart the test can let the
    // subscriber resubscribe before the sink delivers its buffer (pub/sub keeps nothing).
    const proxy = await useTcpProxy(server.port);
    const sub = await subscriber(server.url, ['raw']);
    const sink = new RedisPubSubSink({
      url: `redis://127.0.0.1:${proxy.port}`,
      channels: ['raw'],
      maxBuffered: 2_000,
    });
    const before = ticks(0, 500);
    before.forEach((t) => sink.write(t));
    expect(await sink.flush()).toBe(true);
    await waitUntil(() => sub.count('raw') === 500, 10_000, 'the first ticks');

    await server.kill();
    await waitUntil(() => !sink.connected, 10_000, 'the sink to see Redis gone');
    proxy.cut();
    const during = ticks(500, 3_500);
    during.forEach((t) => sink.write(t));
    expect(sink.counters).toMatchObject({ buffered: 2_000, dropped: 1_000 });

    await server.start();
    const probe = new Redis(server.url);
    for (let i = 0; i < 400; i++) {
      const [, n] = (await probe.pubsub('NUMSUB', 'raw')) as [string, number];
      if (n === 1) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    probe.disconnect();
    proxy.restore();
    await waitUntil(() => sink.connected, 15_000, 'the sink to reconnect');
    const after = ticks(3_500, 4_000);
    after.forEach((t) => sink.write(t));
    expect(await sink.flush()).toBe(true);
    await waitUntil(() => sub.count('raw') >= 3_000, 15_000, 'the buffered ticks');
    await new Promise((r) => setTimeout(r, 100)); // anything extra would show up now

    const got = sub.messages('raw').map((m) => JSON.parse(m) as unknown);
    // Everything before the outage, the newest 2,000 of the outage (drop-oldest), everything after.
    expect(got).toEqual([...before, ...during.slice(1_000), ...after]);
    expect(sink.counters).toMatchObject({ published: 3_000, dropped: 1_000, buffered: 0 });
    expect(sink.counters.reconnects).toBeGreaterThanOrEqual(1);
    expect(sink.counters.errors).toBeGreaterThanOrEqual(1);
    await sink.close();
    await sub.close();
  });

  it('streams: the ticks written while Redis was down are in the stream after its restart', async () => {
    const server = await useRedisServer();
    const sink = new RedisStreamSink({ url: server.url, key: 'ticks', maxBuffered: 2_000 });
    ticks(0, 500).forEach((t) => sink.write(t));
    expect(await sink.flush()).toBe(true);

    await server.kill(); // nothing persisted: the first 500 go with it
    await waitUntil(() => !sink.connected, 10_000, 'the sink to see Redis gone');
    const during = ticks(500, 3_500);
    during.forEach((t) => sink.write(t));
    await server.start();
    await waitUntil(() => sink.connected, 15_000, 'the sink to reconnect');
    const after = ticks(3_500, 4_000);
    after.forEach((t) => sink.write(t));
    expect(await sink.flush()).toBe(true);

    const reader = new Redis(server.url);
    const entries = (await reader.xrange('ticks', '-', '+')) as [string, string[]][];
    expect(entries.map(([, f]) => JSON.parse(f[3]!) as unknown)).toEqual([
      ...during.slice(1_000),
      ...after,
    ]);
    expect(sink.counters).toMatchObject({
      published: 3_000,
      dropped: 1_000,
      buffered: 0,
      reconnects: 1,
    });
    reader.disconnect();
    await sink.close();
  });
});
