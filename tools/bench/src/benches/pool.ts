import * as poolPackage from '@tickmux/pool';
import { syntheticTickers } from '../frames.js';
import {
  alternate,
  median,
  round,
  type Bench,
  type BenchResult,
  type ChartSpec,
} from '../harness.js';
import {
  findManager,
  managerOptions,
  type PoolManager,
  type PoolManagerConstructor,
} from '../pool-manager.js';
import { openBareReader, readerRate, type Reader } from '../readers.js';
import { Emitted, killOne } from '../pool-failover.js';
import { startReplayProcess, startSimProcess } from '../sim-process.js';
import { LATENCY_RATE } from './client.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MB = 2 ** 20;
const gc = (globalThis as { gc?: () => void }).gc;

/** 300 tickers streamed over 3 connections; 10 % of them replicated on two. */
const TICKERS = syntheticTickers(300);
const REPLICATED = TICKERS.slice(0, 30);
/** On the sim: 1000 tickers per connection (the memory figure), 10 % of them replicated. */
const BIG_UNIVERSE = syntheticTickers(3_000);
const SIM_REPLICATED = new Set(BIG_UNIVERSE.slice(0, 300));

async function openPool(
  Manager: PoolManagerConstructor,
  url: string,
  tickers: string[],
  opts: Parameters<typeof managerOptions>[2],
  onTick: (sym: string, ev: string, q: unknown, sent: unknown, conn: string) => void = () =>
    undefined,
): Promise<Reader & { manager: PoolManager }> {
  let ticks = 0;
  const manager = new Manager(
    managerOptions(
      url,
      (tick, event, info) => {
        ticks++;
        const e = event as { ev: string; q?: unknown; sim_sent_ms?: unknown };
        onTick(tick.ticker, e.ev, e.q, e.sim_sent_ms, info?.connection_id ?? '');
      },
      opts,
    ),
  );
  if (!(await manager.connect())) throw new Error(`pool could not connect to ${url}`);
  if (!(await manager.subscribe(tickers)))
    throw new Error(`pool: ${tickers.length} tickers not confirmed`);
  return { manager, count: () => ticks, close: () => manager.disconnect() };
}

/**
 * Throughput: the pool (3 connections, dedup on) against one bare `ws` + `JSON.parse` reader on
 * the same stream: a replay process serving each socket only its subscribed tickers' events, q
 * rising every pass, so de-duplication does real work and drops nothing it should keep.
 */
async function throughput(Manager: PoolManagerConstructor, quick: boolean) {
  const rounds = 3;
  const warmupMs = quick ? 400 : 1_000;
  const measureMs = quick ? 1_000 : 3_000;
  const server = await startReplayProcess({ tickers: TICKERS.length, mode: 'subscribed' });
  try {
    const rates = await alternate(
      [
        {
          name: 'pool',
          measure: () =>
            readerRate(() => openPool(Manager, server.url, TICKERS, {}), warmupMs, measureMs),
        },
        {
          name: 'replicated',
          measure: () =>
            readerRate(
              () => openPool(Manager, server.url, TICKERS, { replicated: REPLICATED }),
              warmupMs,
              measureMs,
            ),
        },
        {
          name: 'bare',
          measure: () => readerRate(() => openBareReader(server.url), warmupMs, measureMs),
        },
      ],
      rounds,
    );
    return {
      pool: rates.get('pool')!.median,
      replicated: rates.get('replicated')!.median,
      bare: rates.get('bare')!.median,
    };
  } finally {
    await server.stop();
  }
}

/**
 * On one sim process (3000 tickers at 20k events/s, contiguous q, the bench stamp, control API):
 * connect time for 3 x 300 tickers; heap per connection with 1000 tickers each; latency at 20k
 * events/s; then kills, one connection at a time: kill → first event of a ticker it carried
 * (not replicated) after the pool saw it dead, lost events of replicated tickers, duplicates,
 * and a timeline of events/s per connection around the first kill.
 */
/** The sim's zombie hold and the pool's grace for it, in the failover rounds. */
const ZOMBIE_MS = 2_000;
/**
 * A socket counts as stable after this long. The kill rounds kill a socket every few seconds; with
 * the clients' default (60 s) each connection is "flapping" after a few rounds and its circuit
 * breaker holds it down for 10-80 s, which is the brake working, not failover being slow.
 */
const STABLE_AFTER_MS = 1_000;
/** Between the heap figure's forced GC and the latency recording. */
const SETTLE_AFTER_GC_MS = 500;

async function onSim(Manager: PoolManagerConstructor, quick: boolean) {
  const sim = await startSimProcess(
    [
      '--tickers',
      BIG_UNIVERSE.join(','),
      '--rate',
      String(LATENCY_RATE),
      '--tick-ms',
      '1',
      '--seq',
      'contiguous',
      '--bench-stamp',
      // A killed socket counts on the sim for ZOMBIE_MS, and the pool waits as long before it
      // reopens that slot (the vendor's 30 s would make each kill round wait half a minute;
      // failover to the survivors, which is what is timed, does not wait for it).
      '--zombie-ms',
      String(ZOMBIE_MS),
    ],
    { control: true },
  );
  const controlUrl = sim.controlUrl!;
  try {
    const connectMs: number[] = [];
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      const p = await openPool(Manager, sim.url, TICKERS, {});
      connectMs.push(performance.now() - t0);
      await p.close();
      await sleep(300);
    }

    gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const emitted = new Emitted(SIM_REPLICATED);
    const pool = await openPool(
      Manager,
      sim.url,
      BIG_UNIVERSE,
      {
        replicated: [...SIM_REPLICATED],
        failover: true,
        zombieGraceMs: ZOMBIE_MS,
        stableAfterMs: STABLE_AFTER_MS,
      },
      (sym, ev, q, sent, conn) => emitted.onTick(sym, ev, q, sent, conn),
    );
    try {
      await sleep(quick ? 2_000 : 5_000);
      gc?.();
      const heapPerConnection = (process.memoryUsage().heapUsed - heapBefore) / MB / 3;
      emitted.track(BIG_UNIVERSE);
      // The forced collection held the event loop while frames queued up: let the pool work
      // through them before latency is recorded (they measure the bench's gc(), not the pool).
      await sleep(SETTLE_AFTER_GC_MS);
      emitted.recording = true;
      const t0 = performance.now();
      const n0 = pool.count();
      await sleep(quick ? 3_000 : 10_000);
      const latencyRate = ((pool.count() - n0) * 1000) / (performance.now() - t0);
      emitted.recording = false;

      const failovers: number[] = [];
      let timeline: ChartSpec | undefined;
      const kills = quick ? 3 : 10;
      for (let k = 0; k < kills; k++) {
        const r = await killOne(pool.manager, controlUrl, emitted, SIM_REPLICATED, k, k === 0);
        failovers.push(r.ms);
        timeline ??= r.timeline;
      }
      return {
        connectMs,
        heapPerConnection,
        latency: emitted.latency,
        latencyRate,
        failovers,
        lost: emitted.lostReplicated(),
        duplicates: emitted.duplicates,
        timeline,
      };
    } finally {
      await pool.close();
    }
  } finally {
    await sim.stop();
  }
}

/** Every pool figure, for a manager class (exported so a stand-in can exercise the bench). */
export async function measurePool(
  Manager: PoolManagerConstructor,
  quick: boolean,
): Promise<BenchResult> {
  const t = await throughput(Manager, quick);
  const s = await onSim(Manager, quick);
  const q = (x: number) => round(s.latency.quantile(x));
  const sorted = [...s.failovers].sort((a, b) => a - b);
  const failoverP99 = sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)]!;
  return {
    charts: [
      ...(s.timeline ? [s.timeline] : []),
      {
        file: 'pool-latency-cdf',
        title: `Pool sim-send → onTick latency at ${LATENCY_RATE.toLocaleString('en-US')} events/s (CDF)`,
        xLabel: 'latency (µs, log)',
        yLabel: 'events at or below (%)',
        xLog: true,
        series: [{ name: 'MultiConnectionManager (3 connections)', points: s.latency.cdf() }],
      },
    ],
    table: [
      { reader: 'pool, 3 connections, dedup', 'events/s': round(t.pool) },
      { reader: 'pool, 10 % replicated', 'events/s': round(t.replicated) },
      { reader: 'bare ws + JSON.parse (baseline)', 'events/s': round(t.bare) },
    ],
    summary: {
      bench: 'pool',
      events_per_s: round(t.pool),
      vs_bare_ws: round(t.pool / t.bare, 3),
      vs_bare_ws_replicated: round(t.replicated / t.bare, 3),
      p50_us: q(0.5),
      p99_us: q(0.99),
      p999_us: q(0.999),
      latency_events_per_s: round(s.latencyRate),
      failover_ms_p99: round(failoverP99, 1),
      failover_ms: s.failovers.map((x) => round(x, 1)),
      lost_replicated: s.lost,
      duplicates: s.duplicates,
      connect_3x300_ms: round(median(s.connectMs), 1),
      heap_mb_per_connection: round(s.heapPerConnection, 2),
    },
  };
}

/**
 * The pool (`MultiConnectionManager`): throughput against a bare reader on the same stream, with
 * and without 10 % replicated tickers; latency at 20k events/s; failover time; lost replicated
 * events and duplicates across kills; connect time for 3 x 300 tickers; heap per connection.
 * Reports `{ skipped }` until the manager is exported by @tickmux/pool.
 */
export const poolBench: Bench = {
  name: 'pool',
  description: 'MultiConnectionManager: throughput vs a bare reader, latency, failover, memory',
  async run({ quick }) {
    const Manager = findManager(poolPackage);
    if (typeof Manager === 'string')
      return { summary: { bench: 'pool', skipped: Manager }, table: [] };
    return measurePool(Manager, quick);
  },
};
