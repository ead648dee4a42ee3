import { toTick, type TickData } from '@tickmux/core';
import { MultiConnectionManager } from '@tickmux/pool';
import { RedisPubSubSink, RedisStreamSink, encodeTick } from '@tickmux/service';
import { Redis } from 'ioredis';
import { mixedEvents, syntheticTickers } from '../frames.js';
import { alternate, rateOver, round, type Bench } from '../harness.js';
import { startSimProcess } from '../sim-process.js';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const BATCH = 500;
/** The offered rate of the end-to-end run: below what this machine's Redis takes from the sinks. */
const E2E_RATE = 10_000;

/** Whether Redis answers a PING within a second. */
async function redisReachable(): Promise<boolean> {
  const r = new Redis(REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 1_000,
  });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

/** A subscriber on `channel`, counting messages. */
async function subscriber(channel: string): Promise<{ count(): number; close(): void }> {
  const sub = new Redis(REDIS_URL);
  let n = 0;
  sub.on('message', () => void n++);
  await sub.subscribe(channel);
  return { count: () => n, close: () => sub.disconnect() };
}

/** The service's two Redis sinks on bench-only names, and a subscriber on the tick channel. */
async function openSinks(names: { channel: string; stream: string }) {
  const sub = await subscriber(names.channel);
  const opts = { url: REDIS_URL, batchSize: BATCH, maxBuffered: 20_000, flushTimeoutMs: 2_000 };
  const pubsub = new RedisPubSubSink({ ...opts, channels: [names.channel], gapChannel: null });
  const stream = new RedisStreamSink({ ...opts, key: names.stream, maxLen: 100_000 });
  return {
    sub,
    write(tick: TickData) {
      pubsub.write(tick);
      stream.write(tick);
    },
    buffered: () => Math.max(pubsub.counters.buffered, stream.counters.buffered),
    dropped: () => pubsub.counters.dropped + stream.counters.dropped,
    async close() {
      await Promise.all([pubsub.close(), stream.close()]);
      sub.close();
    },
  };
}

const yieldToIo = () => new Promise<void>((r) => setImmediate(r));

/**
 * The service's sinks at capacity: ticks built before timing, written to the pub/sub and stream
 * sinks (each pipelined in batches, one batch in flight) as fast as they take them (the feeder
 * yields whenever a sink holds more than four batches, so nothing is dropped), counted by a
 * subscriber. Events/s at the subscriber.
 */
async function sinksAtCapacity(
  ticks: readonly TickData[],
  names: { channel: string; stream: string },
  warmupMs: number,
  measureMs: number,
  drops: number[],
): Promise<number> {
  const sinks = await openSinks(names);
  let stop = false;
  const feeder = (async () => {
    let i = 0;
    while (!stop) {
      if (sinks.buffered() < 4 * BATCH)
        for (let k = 0; k < BATCH; k++, i = (i + 1) % ticks.length) sinks.write(ticks[i]!);
      await yieldToIo();
    }
  })();
  try {
    return await rateOver(() => sinks.sub.count(), warmupMs, measureMs);
  } finally {
    stop = true;
    await feeder;
    await sinks.close();
    drops.push(sinks.dropped());
  }
}

/**
 * End to end at a fixed offered rate: a sim process sending `rate` events/s → the pool's 3
 * connections (MultiConnectionManager, as `pnpm start` runs it) → the sinks → the subscriber. Returns what reached the subscriber over what the pool emitted
 * (1 = nothing lost or left behind) and the sinks' drops.
 */
async function endToEnd(
  rate: number,
  names: { channel: string; stream: string },
  warmupMs: number,
  measureMs: number,
): Promise<{ offered: number; delivered: number; dropped: number }> {
  const tickers = syntheticTickers(300);
  const sim = await startSimProcess([
    '--tickers',
    tickers.join(','),
    '--rate',
    String(rate),
    '--tick-ms',
    '2',
  ]);
  const sinks = await openSinks(names);
  let ticks = 0;
  try {
    // What `pnpm start` runs: the pool's 3 connections, round-robin, 10 tickers on two of them.
    const manager = new MultiConnectionManager({
      url: sim.url,
      apiKey: 'demo',
      maxConnections: 3,
      routing: 'round-robin',
      replication: { symbols: tickers.slice(0, 10), factor: 2 },
      onTick: (tick: TickData) => {
        ticks++;
        sinks.write(tick);
      },
    });
    const reader = { close: () => manager.disconnect() };
    if (!(await manager.connect()) || !(await manager.subscribe(tickers)))
      throw new Error('service bench: the pool did not connect and confirm 300 tickers');
    try {
      await new Promise((r) => setTimeout(r, warmupMs));
      const t0 = performance.now();
      const [n0, d0] = [ticks, sinks.sub.count()];
      await new Promise((r) => setTimeout(r, measureMs));
      const s = (performance.now() - t0) / 1000;
      return {
        offered: (ticks - n0) / s,
        delivered: (sinks.sub.count() - d0) / s,
        dropped: sinks.dropped(),
      };
    } finally {
      await reader.close();
    }
  } finally {
    await sinks.close();
    await sim.stop();
  }
}

/**
 * The baseline: a bare ioredis publisher of the same messages (encoded before timing), PUBLISH
 * and XADD on two connections, pipelined in the same batches with one batch in flight each.
 */
async function barePublisher(
  messages: readonly string[],
  names: { channel: string; stream: string },
  warmupMs: number,
  measureMs: number,
): Promise<number> {
  const sub = await subscriber(names.channel);
  const pub = new Redis(REDIS_URL);
  const add = new Redis(REDIS_URL);
  let stop = false;
  const loop = async (send: (p: ReturnType<Redis['pipeline']>, m: string) => void, r: Redis) => {
    let i = 0;
    while (!stop) {
      const p = r.pipeline();
      for (let k = 0; k < BATCH; k++, i = (i + 1) % messages.length) send(p, messages[i]!);
      await p.exec();
    }
  };
  const loops = [
    loop((p, m) => void p.publish(names.channel, m), pub),
    loop(
      (p, m) => void p.xadd(names.stream, 'MAXLEN', '~', '100000', '*', 'type', 'tick', 'data', m),
      add,
    ),
  ];
  try {
    return await rateOver(() => sub.count(), warmupMs, measureMs);
  } finally {
    stop = true;
    await Promise.all(loops);
    pub.disconnect();
    add.disconnect();
    sub.close();
  }
}

/**
 * The service's Redis path against a bare Redis publisher of the same messages, on the
 * machine's Redis: the sinks at capacity vs bare PUBLISH + XADD pipelines (rounds alternated,
 * medians), then end to end at a fixed 10k events/s (sim → pool → sinks → subscriber):
 * the share delivered. A feed that outruns Redis is not a throughput test of the sinks: the
 * socket reader takes the event loop and the bounded buffer drops (by design), so capacity is
 * measured with a feeder that respects the sinks' buffer.
 * Skipped without a reachable Redis.
 */
export const serviceBench: Bench = {
  name: 'service',
  description:
    'feed → service Redis sinks (pub/sub + Streams) → a subscriber, vs a bare Redis publisher',
  async run({ quick }) {
    if (!(await redisReachable()))
      return { summary: { bench: 'service', skipped: `no Redis at ${REDIS_URL}` }, table: [] };
    const rounds = quick ? 3 : 5;
    const warmupMs = quick ? 400 : 1_000;
    const measureMs = quick ? 1_000 : 3_000;
    const names = {
      channel: `tickmux.bench.${process.pid}.raw`,
      stream: `tickmux:bench:${process.pid}:stream`,
    };
    const ticks = mixedEvents(20_000, 5).map((e) => toTick(e, 0)!);
    const messages = ticks.map((t) => encodeTick(t));
    const drops: number[] = [];
    let rates;
    let e2e;
    try {
      rates = await alternate(
        [
          {
            name: 'service',
            measure: () => sinksAtCapacity(ticks, names, warmupMs, measureMs, drops),
          },
          { name: 'bare', measure: () => barePublisher(messages, names, warmupMs, measureMs) },
        ],
        rounds,
      );
      e2e = await endToEnd(E2E_RATE, names, warmupMs, quick ? 2_000 : 10_000);
    } finally {
      const r = new Redis(REDIS_URL);
      await r.del(names.stream);
      r.disconnect();
    }
    const s = rates.get('service')!;
    const b = rates.get('bare')!;
    const show = (xs: number[]) => xs.map((x) => round(x)).join(' ');
    return {
      table: [
        {
          path: 'service sinks (pub/sub + stream) → subscriber',
          'events/s': round(s.median),
          rounds: show(s.samples),
        },
        {
          path: 'bare PUBLISH + XADD pipelines (baseline)',
          'events/s': round(b.median),
          rounds: show(b.samples),
        },
      ],
      summary: {
        bench: 'service',
        events_per_s: round(s.median),
        bare_redis_events_per_s: round(b.median),
        vs_bare_redis: round(s.median / b.median, 3),
        dropped_at_capacity: drops.reduce((a, x) => a + x, 0),
        e2e_source: 'massive-sim → MultiConnectionManager (3 connections, 10 tickers x2)',
        e2e_offered_events_per_s: round(e2e.offered),
        e2e_delivered_events_per_s: round(e2e.delivered),
        e2e_delivered_ratio: round(e2e.delivered / e2e.offered, 3),
        e2e_dropped: e2e.dropped,
      },
    };
  },
};
