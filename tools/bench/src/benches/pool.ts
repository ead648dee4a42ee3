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
import { LatencyRecorder, sinceUs } from '../latency.js';
import {
  findManager,
  managerOptions,
  type PoolManager,
  type PoolManagerConstructor,
} from '../pool-manager.js';
import { openBareReader, readerRate, type Reader } from '../readers.js';
import { killConnection, openConnections } from '../sim-control.js';
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
  onTick: (sym: string, ev: string, q: unknown, sent: unknown) => void = () => undefined,
): Promise<Reader & { manager: PoolManager }> {
  let ticks = 0;
  const manager = new Manager(
    managerOptions(
      url,
      (tick, event) => {
        ticks++;
        const e = event as { ev: string; q?: unknown; sim_sent_ms?: unknown };
        onTick(tick.ticker, e.ev, e.q, e.sim_sent_ms);
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

/** Tracks what the pool emits: latency from the bench stamp, duplicates, holes in q. */
class Emitted {
  readonly latency = new LatencyRecorder();
  /** Latency samples are taken only while recording. */
  recording = false;
  /** Duplicates and q holes are tracked only once tracking (after the heap figure is taken). */
  tracking = false;
  duplicates = 0;
  lastSeen = new Map<string, number>();
  private readonly seen = new Set<string>();
  private readonly qs = new Map<string, number[]>();

  onTick(sym: string, ev: string, q: unknown, sent: unknown): void {
    const now = performance.now();
    this.lastSeen.set(sym, now);
    if (this.recording && typeof sent === 'number') this.latency.record(sinceUs(sent));
    if (!this.tracking || (ev !== 'T' && ev !== 'Q') || typeof q !== 'number') return;
    const key = `${ev}.${sym}.${q}`;
    if (this.seen.has(key)) this.duplicates++;
    else this.seen.add(key);
    if (SIM_REPLICATED.has(sym)) {
      const k = `${ev}.${sym}`;
      let list = this.qs.get(k);
      if (list === undefined) this.qs.set(k, (list = []));
      list.push(q);
    }
  }

  /** Events of replicated tickers missing between the first and last seen (q is contiguous). */
  lostReplicated(): number {
    let lost = 0;
    for (const list of this.qs.values()) {
      const unique = new Set(list);
      lost += Math.max(...unique) - Math.min(...unique) + 1 - unique.size;
    }
    return lost;
  }
}

/**
 * On one sim process (3000 tickers at 20k events/s, contiguous q, the bench stamp, control API):
 * connect time for 3 x 300 tickers; heap per connection with 1000 tickers each; latency at 20k
 * events/s; then kills, one connection at a time: kill → first event of a ticker it carried
 * (not replicated) after the pool saw it dead, lost events of replicated tickers, duplicates,
 * and a timeline of events/s per connection around the first kill.
 */
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
    const emitted = new Emitted();
    const pool = await openPool(
      Manager,
      sim.url,
      BIG_UNIVERSE,
      { replicated: [...SIM_REPLICATED], failover: true },
      (sym, ev, q, sent) => emitted.onTick(sym, ev, q, sent),
    );
    try {
      await sleep(quick ? 2_000 : 5_000);
      gc?.();
      const heapPerConnection = (process.memoryUsage().heapUsed - heapBefore) / MB / 3;
      emitted.tracking = true;

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
        const r = await killOne(pool.manager, controlUrl, emitted, k, k === 0);
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

/** Waits until every connection is up, kills one, and times the first event of a moved ticker. */
async function killOne(
  manager: PoolManager,
  controlUrl: string,
  emitted: Emitted,
  k: number,
  withTimeline: boolean,
): Promise<{ ms: number; timeline?: ChartSpec }> {
  const deadline = performance.now() + 15_000;
  while (manager.getHealthStatus().connected < 3) {
    if (performance.now() > deadline) throw new Error('pool did not get back to 3 connections');
    await sleep(50);
  }
  await sleep(1_000);
  const open = (await openConnections(controlUrl)).filter((c) => c.topics.length > 0);
  const victim = open[k % open.length]!;
  const carried = [...new Set(victim.topics.map((t) => t.slice(t.indexOf('.') + 1)))];
  const moved = carried.filter((t) => !SIM_REPLICATED.has(t));
  // The pool's id for the victim: where most of the tickers it carried are routed.
  const votes = new Map<string, number>();
  for (const t of carried) {
    const id = manager.getConnectionForTicker(t);
    if (typeof id === 'string') votes.set(id, (votes.get(id) ?? 0) + 1);
  }
  const poolId = [...votes].sort((a, b) => b[1] - a[1])[0]?.[0];

  const samples: { t: number; messages: Record<string, number> }[] = [];
  const sample = () =>
    samples.push({
      t: performance.now(),
      messages: Object.fromEntries(
        Object.entries(manager.getHealthStatus().connections).map(([id, c]) => [id, c.messages]),
      ),
    });
  let sampler: NodeJS.Timeout | undefined;
  if (withTimeline) {
    sampler = setInterval(sample, 100);
    await sleep(2_000);
  }
  const killAt = performance.now();
  await killConnection(controlUrl, victim.id);
  // Wait until the pool has seen it dead (its status, or one connection fewer); an event of a
  // moved ticker after that comes from a live socket.
  let seenDeadAt: number | undefined;
  let firstMovedAt: number | undefined;
  while (performance.now() - killAt < 10_000) {
    const health = manager.getHealthStatus();
    const down =
      health.connected < health.total_connections ||
      (poolId !== undefined && health.connections[poolId]?.status !== 'connected');
    if (seenDeadAt === undefined && down) seenDeadAt = performance.now();
    if (seenDeadAt !== undefined) {
      const at = moved.map((t) => emitted.lastSeen.get(t) ?? 0).filter((t) => t > seenDeadAt!);
      if (at.length > 0) {
        firstMovedAt = Math.min(...at);
        break;
      }
    }
    await sleep(2);
  }
  if (firstMovedAt === undefined)
    throw new Error('no moved ticker recovered within 10 s of a kill');
  let timeline: ChartSpec | undefined;
  if (sampler !== undefined) {
    await sleep(3_000);
    clearInterval(sampler);
    const ids = Object.keys(samples.at(-1)!.messages);
    timeline = {
      file: 'failover-timeline',
      title: 'Events/s per connection around a kill',
      xLabel: 'seconds from the kill',
      yLabel: 'events/s',
      series: ids.map((id) => ({
        name: id,
        points: samples
          .slice(1)
          .map((s, i): [number, number] => [
            (s.t - killAt) / 1000,
            (((s.messages[id] ?? 0) - (samples[i]!.messages[id] ?? 0)) * 1000) /
              (s.t - samples[i]!.t),
          ]),
      })),
      markers: [{ x: 0, label: 'kill' }],
      bands: [{ from: 0, to: (firstMovedAt - killAt) / 1000, label: 'gap' }],
    };
  }
  return { ms: firstMovedAt - killAt, ...(timeline ? { timeline } : {}) };
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
