import type { ChartSpec } from './harness.js';
import { LatencyRecorder, sinceUs } from './latency.js';
import { SeqSet } from './seq-set.js';
import type { PoolHealth, PoolManager } from './pool-manager.js';
import { connectionInfo, openConnections, scheduleKill } from './sim-control.js';

// The pool bench's failover half: what the pool emitted, and one kill measured.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How long after the request the sim kills the socket. */
const KILL_AHEAD_MS = 200;

/**
 * Tracks what the pool emits: latency from the bench stamp, duplicates, holes in q. The work per
 * event is a few map lookups and a bit set (see SeqSet): the tracker runs inside the latency it
 * measures, so it must not add to it.
 */
export class Emitted {
  constructor(private readonly replicated: ReadonlySet<string>) {}

  readonly latency = new LatencyRecorder();
  /** Latency samples are taken only while recording. */
  recording = false;
  /** Duplicates and q holes are tracked only once tracking (after the heap figure is taken). */
  tracking = false;
  duplicates = 0;
  /** While set: the first event of one of `tickers` delivered from a connection other than `not`. */
  private watch: { tickers: ReadonlySet<string>; not: string; at: number | undefined } | undefined;
  /** ticker → the q seen on its trades and on its quotes. */
  private readonly seqs = new Map<string, { T: SeqSet; Q: SeqSet }>();

  onTick(sym: string, ev: string, q: unknown, sent: unknown, connection: string): void {
    const w = this.watch;
    if (w !== undefined && w.at === undefined && connection !== w.not && w.tickers.has(sym))
      w.at = performance.now();
    if (this.recording && typeof sent === 'number') this.latency.record(sinceUs(sent));
    if (!this.tracking || (ev !== 'T' && ev !== 'Q') || typeof q !== 'number') return;
    let s = this.seqs.get(sym);
    if (s === undefined) this.seqs.set(sym, (s = { T: new SeqSet(), Q: new SeqSet() }));
    if (!s[ev].add(q)) this.duplicates++;
  }

  /**
   * Starts tracking, with the per-ticker state of `tickers` made now: made on a ticker's first
   * event instead, thousands of them would be allocated inside the latency being recorded.
   */
  track(tickers: Iterable<string>): void {
    for (const sym of tickers)
      if (!this.seqs.has(sym)) this.seqs.set(sym, { T: new SeqSet(), Q: new SeqSet() });
    this.tracking = true;
  }

  /** Starts watching for the first event of `tickers` delivered by a connection other than `not`. */
  watchMoved(tickers: ReadonlySet<string>, not: string): void {
    this.watch = { tickers, not, at: undefined };
  }

  /** When (performance.now()) the watched event came, if it has; stops watching once it has. */
  movedAt(): number | undefined {
    const at = this.watch?.at;
    if (at !== undefined) this.watch = undefined;
    return at;
  }

  /** Events of replicated tickers missing between the first and last seen (q is contiguous). */
  lostReplicated(): number {
    let lost = 0;
    for (const [sym, s] of this.seqs)
      if (this.replicated.has(sym)) lost += s.T.holes() + s.Q.holes();
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
  if (poolId === undefined) throw new Error(`no ticker of ${victim.id} is routed anywhere`);
  emitted.watchMoved(new Set(moved), poolId);
  // The sim kills the socket a moment after answering, so the bench's own HTTP work (a request
  // in flight, its parsing) does not share the event loop with the failover it times.
  const requestedAt = performance.now();
  await scheduleKill(controlUrl, victim.id, KILL_AHEAD_MS);
  // The first event of a moved ticker from a survivor, as the pool delivered it (timed in the
  // pool's own callback, so no poll interval is added).
  let firstMovedAt: number | undefined;
  while (performance.now() - requestedAt < 10_000) {
    firstMovedAt = emitted.movedAt();
    if (firstMovedAt !== undefined) break;
    await sleep(5);
  }
  if (firstMovedAt === undefined)
    throw new Error('no moved ticker recovered within 10 s of a kill');
  // The kill's moment is when the sim destroyed the socket (its clock is this machine's wall
  // clock), asked for once the failover is over.
  const closedAt = (await connectionInfo(controlUrl, victim.id)).closedAt;
  if (typeof closedAt !== 'number') throw new Error(`the sim has not closed ${victim.id}`);
  const killAt = closedAt - performance.timeOrigin;
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
