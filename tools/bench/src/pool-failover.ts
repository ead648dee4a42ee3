import type { ChartSpec } from './harness.js';
import { LatencyRecorder, sinceUs } from './latency.js';
import type { PoolHealth, PoolManager } from './pool-manager.js';
import { killConnection, openConnections } from './sim-control.js';

// The pool bench's failover half: what the pool emitted, and one kill measured.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Tracks what the pool emits: latency from the bench stamp, duplicates, holes in q. */
export class Emitted {
  constructor(private readonly replicated: ReadonlySet<string>) {}

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
    if (this.replicated.has(sym)) {
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

/** Waits until every connection is up, kills one, and times the first event of a moved ticker. */
export async function killOne(
  manager: PoolManager,
  controlUrl: string,
  emitted: Emitted,
  replicated: ReadonlySet<string>,
  k: number,
  withTimeline: boolean,
): Promise<{ ms: number; timeline?: ChartSpec }> {
  const deadline = performance.now() + 15_000;
  while (manager.getHealthStatus().connected < 3) {
    if (performance.now() > deadline) {
      const h = manager.getHealthStatus() as PoolHealth & { account_contention?: unknown };
      const states = Object.entries(h.connections).map(([id, c]) => `${id} ${c.status}`);
      throw new Error(
        `pool did not get back to 3 connections (${states.join(', ')}; account_contention ${String(h.account_contention)})`,
      );
    }
    await sleep(50);
  }
  await sleep(1_000);
  const open = (await openConnections(controlUrl)).filter((c) => c.topics.length > 0);
  const victim = open[k % open.length]!;
  const carried = [...new Set(victim.topics.map((t) => t.slice(t.indexOf('.') + 1)))];
  const moved = carried.filter((t) => !replicated.has(t));
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
