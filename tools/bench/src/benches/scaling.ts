import { growthExponent, median, rateOver, round, type Bench, type ChartSpec } from '../harness.js';
import { syntheticTickers } from '../frames.js';
import {
  firstEvent,
  openBareReader,
  openMassiveClient,
  readerRate,
  type Reader,
} from '../readers.js';
import { startReplayProcess } from '../sim-process.js';
import { clientLatency } from './client.js';

/**
 * Total events/s of `k` readers in this process, each on its own socket to `url` and subscribed
 * to everything: how the per-event cost holds as connections are added.
 */
async function totalRate(
  k: number,
  open: () => Promise<Reader>,
  warmupMs: number,
  measureMs: number,
): Promise<number> {
  const readers: Reader[] = [];
  try {
    for (let i = 0; i < k; i++) readers.push(await open());
    for (const r of readers) await firstEvent(r);
    return await rateOver(() => readers.reduce((s, r) => s + r.count(), 0), warmupMs, measureMs);
  } finally {
    for (const r of readers) await r.close();
  }
}

/**
 * How MassiveClient's cost grows: per event as the stream spans 100 → 10k distinct tickers
 * (per-ticker state must not slow the hot path), for the subscription of that many tickers
 * (connect, subscribe, every topic confirmed), and as connections are added (1 → N readers in
 * one process, each fed the whole stream; the bare reader beside it), and as the event rate
 * grows (a sim process at fixed rates from 5k to 100k events/s: the CPU the client spends per
 * event and its sim-send → onTick latency percentiles). Each series is fitted on log-log axes and
 * its growth exponent printed: ~0 is flat, ~1 linear.
 */
export const scalingBench: Bench = {
  name: 'scaling',
  description:
    'MassiveClient cost as tickers (100 → 10k), connections (1 → N) and event rate (5k → 100k/s) grow',
  async run({ quick }) {
    const tickerSizes = [100, 1_000, 10_000];
    const connectionCounts = quick ? [1, 2, 4] : [1, 2, 4, 8];
    const eventRates = quick ? [5_000, 20_000, 50_000] : [5_000, 20_000, 50_000, 100_000];
    const rounds = quick ? 1 : 3;
    const warmupMs = quick ? 400 : 1_000;
    const measureMs = quick ? 1_000 : 3_000;

    // One replay process serving each socket only its subscribed tickers (T and Q, q rising
    // every pass): subscribing to the first n tickers gives a stream over exactly n tickers.
    // Both servers start at once (a start is seconds on a loaded machine).
    const [server, silent] = await Promise.all([
      startReplayProcess({ tickers: 10_000, mode: 'subscribed' }),
      startReplayProcess({ frames: 10, batch: 1, mode: 'silent' }),
    ]);
    const nsPerEvent: [number, number][] = [];
    const clientTotal: [number, number][] = [];
    const bareTotal: [number, number][] = [];
    try {
      const universe = syntheticTickers(10_000);
      for (const size of tickerSizes) {
        const rates: number[] = [];
        for (let r = 0; r < rounds; r++)
          rates.push(
            await readerRate(
              () => openMassiveClient(server.url, universe.slice(0, size)),
              warmupMs,
              measureMs,
            ),
          );
        nsPerEvent.push([size, 1e9 / median(rates)]);
      }
      for (const k of connectionCounts) {
        const c: number[] = [];
        const b: number[] = [];
        for (let r = 0; r < rounds; r++) {
          c.push(await totalRate(k, () => openMassiveClient(server.url), warmupMs, measureMs));
          b.push(await totalRate(k, () => openBareReader(server.url), warmupMs, measureMs));
        }
        clientTotal.push([k, median(c)]);
        bareTotal.push([k, median(b)]);
      }
    } catch (err) {
      await silent.stop();
      throw err;
    } finally {
      await server.stop();
    }

    // Subscription cost on a server that only acks (data would queue the acks behind it).
    const subscribeMs: [number, number][] = [];
    try {
      for (const size of tickerSizes) {
        const tickers = syntheticTickers(size);
        const setup: number[] = [];
        for (let r = 0; r < rounds + 1; r++) {
          const t0 = performance.now();
          const reader = await openMassiveClient(silent.url, tickers);
          setup.push(performance.now() - t0);
          await reader.close();
        }
        subscribeMs.push([size, median(setup)]);
      }
    } finally {
      await silent.stop();
    }

    // Cost and latency as the event rate grows, each rate on its own sim process.
    const byRate: { rate: number; cpuNs: number; p50: number; p99: number; p999: number }[] = [];
    for (const rate of eventRates) {
      const lat = await clientLatency(rate, quick ? 500 : 1_500, quick ? 1_500 : 5_000);
      byRate.push({
        rate: lat.eventsPerS,
        cpuNs: lat.cpuNsPerEvent,
        p50: lat.recorder.quantile(0.5),
        p99: lat.recorder.quantile(0.99),
        p999: lat.recorder.quantile(0.999),
      });
    }
    const ratePoints = (pick: (r: (typeof byRate)[number]) => number): [number, number][] =>
      byRate.map((r) => [r.rate, pick(r)]);

    const exp = (pts: [number, number][]) => round(growthExponent(pts), 2);
    const costPerConnection = clientTotal.map(([k, rate]): [number, number] => [k, 1e9 / rate]);
    const charts: ChartSpec[] = [
      {
        file: 'throughput-vs-connections',
        title: 'Throughput vs connections (one process, every socket fed the whole stream)',
        xLabel: 'connections',
        yLabel: 'total events/s',
        series: [
          { name: 'MassiveClient x N', points: clientTotal },
          { name: 'bare ws + JSON.parse x N (baseline)', points: bareTotal },
        ],
      },
      {
        file: 'client-cost-vs-tickers',
        title: 'MassiveClient cost vs tickers in the stream',
        xLabel: 'distinct tickers (log)',
        yLabel: 'ns per event',
        xLog: true,
        series: [{ name: 'MassiveClient ns/event', points: nsPerEvent }],
      },
      {
        file: 'latency-vs-rate',
        title: 'MassiveClient sim-send → onTick latency vs event rate',
        xLabel: 'events/s (log)',
        yLabel: 'latency (µs, log)',
        xLog: true,
        yLog: true,
        series: [
          { name: 'p50', points: ratePoints((r) => r.p50) },
          { name: 'p99', points: ratePoints((r) => r.p99) },
          { name: 'p99.9', points: ratePoints((r) => r.p999) },
        ],
      },
    ];
    return {
      charts,
      table: [
        ...nsPerEvent.map(([size, ns], i) => ({
          series: 'tickers',
          n: size,
          'ns/event': round(ns),
          'subscribe ms': round(subscribeMs[i]![1], 1),
          'total events/s': '-',
          'bare events/s': '-',
        })),
        ...clientTotal.map(([k, rate], i) => ({
          series: 'connections',
          n: k,
          'ns/event': round(1e9 / rate),
          'subscribe ms': '-',
          'total events/s': round(rate),
          'bare events/s': round(bareTotal[i]![1]),
        })),
        // The rate rows' ns/event is CPU time (the stream is not saturated there).
        ...byRate.map((r) => ({
          series: 'events/s',
          n: round(r.rate),
          'ns/event': round(r.cpuNs),
          'subscribe ms': '-',
          'total events/s': '-',
          'bare events/s': '-',
          'p50 µs': round(r.p50),
          'p99 µs': round(r.p99),
          'p99.9 µs': round(r.p999),
        })),
      ],
      summary: {
        bench: 'scaling',
        ns_per_event_by_tickers: Object.fromEntries(nsPerEvent.map(([n, v]) => [n, round(v)])),
        tickers_cost_exponent: exp(nsPerEvent),
        subscribe_ms_by_tickers: Object.fromEntries(subscribeMs.map(([n, v]) => [n, round(v, 1)])),
        subscribe_exponent: exp(subscribeMs),
        events_per_s_by_connections: Object.fromEntries(clientTotal.map(([n, v]) => [n, round(v)])),
        bare_events_per_s_by_connections: Object.fromEntries(
          bareTotal.map(([n, v]) => [n, round(v)]),
        ),
        connections_cost_exponent: exp(costPerConnection),
        connections_vs_bare_at_max: round(clientTotal.at(-1)![1] / bareTotal.at(-1)![1], 3),
        cpu_ns_per_event_by_rate: Object.fromEntries(
          byRate.map((r) => [round(r.rate), round(r.cpuNs)]),
        ),
        rate_cost_exponent: exp(ratePoints((r) => r.cpuNs)),
        p99_us_by_rate: Object.fromEntries(byRate.map((r) => [round(r.rate), round(r.p99)])),
        rate_p99_exponent: exp(ratePoints((r) => r.p99)),
      },
    };
  },
};
