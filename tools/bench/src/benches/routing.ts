import {
  addTickers,
  assign,
  STRATEGY_NAMES,
  type RoutingInput,
  type StrategyName,
} from '@tickmux/routing';
import { prng, syntheticTickers } from '../frames.js';
import {
  compareThroughput,
  growthExponent,
  median,
  round,
  timeLoop,
  type Bench,
  type ChartSpec,
} from '../harness.js';

const SIZES = [100, 1_000, 10_000, 100_000] as const;
const CONNECTIONS = ['connection_1', 'connection_2', 'connection_3'];

/** A realistic input: 3 connections, 20 critical tickers on 2, capacity with ~10% headroom. */
function inputFor(tickers: string[]): RoutingInput {
  const rand = prng(tickers.length);
  return {
    tickers,
    connections: CONNECTIONS,
    capacity: Math.ceil((tickers.length * 1.1) / CONNECTIONS.length) + 20,
    replication: { symbols: tickers.slice(0, 20), factor: 2 },
    stats: new Map(tickers.map((t) => [t, Math.floor(rand() * 1000)])),
    tiers: new Map(tickers.map((t, i) => [t, i % 3])),
    sectors: new Map(tickers.map((t, i) => [t, `sector_${i % 11}`])),
    manual: new Map(CONNECTIONS.map((c, k) => [c, tickers.filter((_, i) => i % 3 === k)])),
  };
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const rand = prng(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Milliseconds per call of `fn`, the median of several timed rounds after one warm-up call. */
function msPerCall(fn: () => unknown, rounds: number, roundMs: number): number {
  fn();
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const { units, ms } = timeLoop(() => (fn(), 1), roundMs);
    samples.push(ms / units);
  }
  return median(samples);
}

/** Incremental placement: 1k new tickers into each strategy's 100k assignment (built before timing). */
function incrementalMs(
  input: RoutingInput,
  timing: { rounds: number; roundMs: number },
): Record<StrategyName, number> {
  const added = syntheticTickers(input.tickers.length + 1_000).slice(input.tickers.length);
  return Object.fromEntries(
    STRATEGY_NAMES.map((s) => {
      const current = assign(s, input);
      return [s, msPerCall(() => addTickers(current, added), timing.rounds, timing.roundMs)];
    }),
  ) as Record<StrategyName, number>;
}

/**
 * The ticker → connection lookup (`Assignment.connectionFor`) against a bare `Map.get` on the same
 * keys, the cost of routing (every strategy) against a bare loop dealing tickers into a Map, from
 * 100 to 100k tickers, and of adding 1k tickers to a 100k assignment (incremental placement,
 * against assigning all 101k afresh). Inputs and probe orders are built before timing.
 */
export const routingBench: Bench = {
  name: 'routing',
  description:
    'ticker lookup vs Map.get, assignment cost per strategy (100 to 100k tickers), 1k added to 100k',
  run({ quick }) {
    const lookupTiming = quick
      ? { rounds: 5, roundMs: 100, warmupMs: 100 }
      : { rounds: 9, roundMs: 300, warmupMs: 300 };
    // Quick: one timed call after the warm-up at 100k (each is hundreds of ms of CPU time).
    const assignTimingFor = (size: number) =>
      quick ? { rounds: size >= 100_000 ? 1 : 2, roundMs: 50 } : { rounds: 5, roundMs: 200 };
    const rows = [];
    const lookupBySize: Record<number, number> = {};
    const assignBySize: Record<number, number> = {};
    const bareBySize: Record<number, number> = {};
    const mapGetBySize: Record<number, number> = {};
    let byStrategy100k: Partial<Record<StrategyName, number>> = {};
    let incremental: Partial<Record<StrategyName, number>> = {};
    let mapGetWorst = 0;
    let sink = 0;
    let previous: { lookup: number; assign: number } | undefined;
    for (const size of SIZES) {
      const input = inputFor(syntheticTickers(size));
      const assignTiming = assignTimingFor(size);
      const assignment = assign('round-robin', input);
      const plain = new Map(input.tickers.map((t) => [t, assignment.connectionFor(t)!]));
      const probes = shuffled(input.tickers, size);
      const rates = compareThroughput(
        [
          {
            name: 'connectionFor',
            pass: () => {
              for (const t of probes) sink += assignment.connectionFor(t)!.length;
              return probes.length;
            },
          },
          {
            name: 'Map.get',
            pass: () => {
              for (const t of probes) sink += plain.get(t)!.length;
              return probes.length;
            },
          },
        ],
        lookupTiming,
      );
      const lookupNs = 1e9 / rates.get('connectionFor')!;
      const mapGetNs = 1e9 / rates.get('Map.get')!;
      mapGetWorst = Math.max(mapGetWorst, mapGetNs);
      mapGetBySize[size] = mapGetNs;

      const perStrategy = Object.fromEntries(
        STRATEGY_NAMES.map((s) => [
          s,
          msPerCall(() => assign(s, input), assignTiming.rounds, assignTiming.roundMs),
        ]),
      ) as Record<StrategyName, number>;
      const [worstName, worstMs] = Object.entries(perStrategy).reduce((a, b) =>
        b[1] > a[1] ? b : a,
      );
      const bareMs = msPerCall(
        () => {
          const m = new Map<string, string>();
          input.tickers.forEach((t, i) => m.set(t, CONNECTIONS[i % CONNECTIONS.length]!));
          return m;
        },
        assignTiming.rounds,
        assignTiming.roundMs,
      );
      lookupBySize[size] = round(lookupNs, 1);
      assignBySize[size] = round(worstMs, 2);
      bareBySize[size] = round(bareMs, 3);
      if (size === 100_000) {
        byStrategy100k = perStrategy;
        incremental = incrementalMs(input, assignTiming);
      }
      rows.push({
        tickers: size,
        'lookup ns': round(lookupNs, 1),
        'Map.get ns': round(mapGetNs, 1),
        'lookup growth': previous ? `${round(lookupNs / previous.lookup, 2)}x` : '-',
        'assign ms (slowest)': round(worstMs, 2),
        strategy: worstName,
        'bare Map loop ms': round(bareMs, 2),
        'assign growth': previous ? `${round(worstMs / previous.assign, 1)}x` : '-',
      });
      previous = { lookup: lookupNs, assign: worstMs };
    }
    if (sink < 0) throw new Error('unreachable: keeps the results alive');
    const pts = (by: Record<number, number>) => SIZES.map((n): [number, number] => [n, by[n]!]);
    const charts: ChartSpec[] = [
      {
        file: 'routing-cost-vs-tickers',
        title: 'Routing cost vs tickers (3 connections)',
        xLabel: 'tickers (log)',
        yLabel: 'ms per full assignment (log)',
        xLog: true,
        yLog: true,
        series: [
          { name: 'assign, slowest strategy', points: pts(assignBySize) },
          { name: 'bare loop dealing tickers into a Map (baseline)', points: pts(bareBySize) },
        ],
      },
      {
        file: 'routing-lookup-vs-tickers',
        title: 'Ticker → connection lookup vs tickers',
        xLabel: 'tickers (log)',
        yLabel: 'ns per lookup',
        xLog: true,
        series: [{ name: 'Assignment.connectionFor', points: pts(lookupBySize) }],
      },
    ];
    return Promise.resolve({
      charts,
      table: rows,
      summary: {
        bench: 'routing',
        lookup_ns: Math.max(...Object.values(lookupBySize)),
        // The lookup against Map.get on the same keys, at the size where it is worst.
        lookup_vs_map_get: round(
          Math.max(...SIZES.map((n) => lookupBySize[n]! / mapGetBySize[n]!)),
          2,
        ),
        assign_100k_ms: assignBySize[100_000]!,
        map_get_ns: round(mapGetWorst, 1),
        lookup_ns_by_size: lookupBySize,
        assign_ms_by_size: assignBySize,
        assign_exponent: round(growthExponent(pts(assignBySize)), 2),
        lookup_exponent: round(growthExponent(pts(lookupBySize)), 2),
        assign_100k_ms_by_strategy: Object.fromEntries(
          Object.entries(byStrategy100k).map(([s, ms]) => [s, round(ms, 1)]),
        ),
        incremental_1k_into_100k_ms: round(Math.max(...Object.values(incremental)), 2),
        incremental_1k_into_100k_ms_by_strategy: Object.fromEntries(
          Object.entries(incremental).map(([s, ms]) => [s, round(ms, 2)]),
        ),
      },
    });
  },
};
