import { MassiveClient } from '@tickmux/client';
import { createManualClock, type MassiveEvent } from '@tickmux/core';
import { startSim, VIRTUAL_START_MS, type Sim } from '@tickmux/massive-sim';
import { MultiConnectionManager, type GapReport } from '../src/index.js';
import { sleep } from './pool-helpers.js';

/** The tickers the simulator generates; a run subscribes a subset. */
export const UNIVERSE = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'META', 'TSLA', 'GOOGL', 'JPM'];
export const FAULT_KINDS = [
  'drop',
  'kill',
  'stall',
  'restart',
  'max_connections',
  'force_disconnect',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  /** The market step (of {@link STEP_MS}) before which it strikes, 1-based. */
  step: number;
  kind: FaultKind;
  /** Index into the account's open sockets (modulo their number). */
  target: number;
  /** `stall`: long enough to be seen dead by the default heartbeat (25 s ping + 30 s timeout). */
  stallMs: number;
  /** `restart`: how long the server stays down. */
  downMs: number;
}

export interface RunSpec {
  seq: 'sparse' | 'contiguous';
  tickers: string[];
  critical: string[];
  faults: Fault[];
  seed: number;
}

/** One event as received, with the (shared, manual) clock's time. */
export interface Stamped {
  event: MassiveEvent;
  at: number;
}

export interface RunResult {
  emitted: Stamped[];
  /** Everything the simulator sent, from an observer on its own account that no fault touches. */
  reference: Stamped[];
  gaps: GapReport[];
  /** Pool time after the initial subscriptions were confirmed. */
  startedAt: number;
  /** Whether some fault struck while another one's effect was not yet repaired. */
  overlapping: boolean;
  highWater: number;
  kicked: number;
  recovered: boolean;
  steps: number;
}

export const STEP_MS = 10_000;
const MAX_STEPS = 40;

/**
 * Runs one fault timeline against the simulator, deterministically in time: the pool, the
 * observer and the simulator's network timers share one manual clock, and market time moves in
 * lockstep with it (`control.advance`); after every step the test waits until every socket has
 * received what the simulator sent. After the last fault it goes on until the pool is healthy
 * again (every connection back, every gap closed and counted).
 */
export async function runFaults(spec: RunSpec): Promise<RunResult> {
  const clock = createManualClock(VIRTUAL_START_MS);
  const sim = await startSim({
    controlPort: false,
    clock: 'virtual',
    wallClock: clock,
    seed: spec.seed,
    seq: spec.seq,
    tickers: UNIVERSE,
    rate: 50,
    tickMs: 500,
    lateTradeRatio: 0,
    haltsPerDay: 0,
    accounts: { demo: { keys: ['demo'] }, obs: { keys: ['obs'] } },
  });
  const reference: Stamped[] = [];
  const emitted: Stamped[] = [];
  const gaps: GapReport[] = [];
  const random = lcg(spec.seed);
  const observer = new MassiveClient({
    apiKey: 'obs',
    url: sim.url,
    channels: ['T', 'Q'],
    clock,
    random,
    backoff: { baseDelayMs: 100, maxDelayMs: 1_000, jitter: 0 },
    onEvent: (event) => void reference.push({ event, at: clock.now() }),
  });
  const pool = new MultiConnectionManager({
    apiKey: 'demo',
    url: sim.url,
    channels: ['T', 'Q'],
    clock,
    random,
    replication: { symbols: spec.critical, factor: 2 },
    gaps: { contiguous: spec.seq === 'contiguous' },
    budget: { random },
    onEvent: (event) => void emitted.push({ event, at: clock.now() }),
    onGap: (gap) => void gaps.push(gap),
  });
  let restarting: Promise<void> | undefined;
  try {
    await Promise.all([observer.connect(), pool.connect()]);
    await observer.subscribe(UNIVERSE);
    if (!(await pool.subscribe(spec.tickers))) throw new Error('initial subscribe failed');
    const startedAt = clock.now();
    const byStep = new Map<number, Fault[]>();
    for (const f of spec.faults) byStep.set(f.step, [...(byStep.get(f.step) ?? []), f]);
    const lastFault = Math.max(0, ...spec.faults.map((f) => f.step));
    let overlapping = false;
    const breakpoints: number[] = [];
    let step = 0;
    let recovered = false;
    while (step < MAX_STEPS) {
      step++;
      for (const f of byStep.get(step) ?? []) {
        if (!healthy(sim, pool, spec) || f.kind === 'restart') overlapping = true;
        // The server restarts one at a time: let the one under way finish (its down time runs
        // on the manual clock).
        if (f.kind === 'restart' && restarting !== undefined) {
          let done = false;
          void restarting.then(
            () => (done = true),
            () => (done = true),
          );
          for (let i = 0; i < 600 && !done; i++) {
            clock.advance(100);
            await received(sim, pool, undefined);
          }
          await restarting;
        }
        const r = strike(sim, f);
        if (r !== undefined) restarting = r;
        if (f.kind === 'stall') breakpoints.push(clock.now() + f.stallMs + 1);
      }
      // What the faults cause (closes, statuses, failover) happens before time moves on, as it
      // would within the same instant of a real clock.
      if (byStep.has(step)) await received(sim, pool, undefined);
      // Two faults in one step overlap: the second strikes before the first is repaired.
      if ((byStep.get(step)?.length ?? 0) > 1) overlapping = true;
      // Stop the clock where a stall ends, so the server notices a client that left in the
      // meantime as it would (within its 1 s notice window), not a whole step later.
      const end = clock.now() + STEP_MS;
      for (const at of breakpoints.filter((b) => b > clock.now() && b < end).sort()) {
        clock.advance(at - clock.now());
        await received(sim, pool, undefined);
      }
      clock.advance(end - clock.now());
      await observerReady(observer, clock, sim, pool);
      await sim.control.advance(STEP_MS);
      await received(sim, pool, reference);
      if (step >= lastFault && healthy(sim, pool, spec) && pool.stats.gaps.settling === 0) {
        recovered = true;
        break;
      }
    }
    await restarting;
    const account = sim.control.account('demo');
    return {
      emitted,
      reference,
      gaps: [...gaps, ...pool.openGaps().map((g) => ({ ...g, to: Number.POSITIVE_INFINITY }))],
      startedAt,
      overlapping,
      highWater: account.highWater,
      kicked: account.kicked,
      recovered,
      steps: step,
    };
  } finally {
    await restarting?.catch(() => {});
    await Promise.all([observer.disconnect(), pool.disconnect()]);
    await sim.close();
  }
}

function strike(sim: Sim, f: Fault): Promise<void> | undefined {
  if (f.kind === 'restart') return sim.control.restart(f.downMs);
  const open = sim.control.connections().filter((c) => c.account === 'demo');
  const target = open[f.target % Math.max(1, open.length)];
  if (target === undefined) return undefined;
  const id = target.id;
  switch (f.kind) {
    case 'drop':
      sim.control.drop(id, 1011);
      break;
    case 'kill':
      sim.control.kill(id);
      break;
    case 'stall':
      sim.control.stall(id, f.stallMs);
      break;
    case 'max_connections':
      sim.control.forceMaxConnections(id);
      break;
    case 'force_disconnect':
      sim.control.forceDisconnect(id);
      break;
  }
  return undefined;
}

/**
 * Every connection the account allows up on a socket the server serves (fewer than 3 while the
 * budget suspects another process on the account: it probes back up every 5 minutes), every copy
 * confirmed, no gap open.
 */
function healthy(sim: Sim, pool: MultiConnectionManager, spec: RunSpec): boolean {
  const served = sim.control
    .connections()
    .filter((c) => c.account === 'demo' && c.authenticated && !c.stalled);
  const connected = pool.getHealthStatus().connected;
  if (connected < pool.stats.budget.limit || served.length !== connected) return false;
  if (pool.openGaps().length > 0) return false;
  const topics = new Map<string, number>();
  for (const c of served) for (const t of c.topics) topics.set(t, (topics.get(t) ?? 0) + 1);
  return spec.tickers.every((t) => {
    const copies = spec.critical.includes(t) ? 2 : 1;
    return (topics.get(`T.${t}`) ?? 0) >= copies && (topics.get(`Q.${t}`) ?? 0) >= copies;
  });
}

/** The observer must hold every topic before the market moves, or the reference has holes. */
async function observerReady(
  observer: MassiveClient,
  clock: { advance(ms: number): void },
  sim: Sim,
  pool: MultiConnectionManager,
): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (observer.state === 'connected' && observer.stats.confirmedTopics === 2 * UNIVERSE.length)
      return;
    clock.advance(100);
    await received(sim, pool, undefined);
  }
  throw new Error('the observer did not come back');
}

/**
 * Waits until the pool and the observer have received every event the simulator sent them and
 * nothing moves any more (handshakes, acks and closes take a few turns of the event loop).
 */
async function received(
  sim: Sim,
  pool: MultiConnectionManager,
  reference: Stamped[] | undefined,
): Promise<void> {
  let previous = '';
  let stable = 0;
  for (let i = 0; i < 1_000; i++) {
    await sleep(0);
    const sockets = sim.control.connections({ state: 'all' });
    const sentTo = (account: string) =>
      sockets.filter((c) => c.account === account).reduce((n, c) => n + c.eventsSent, 0);
    const health = pool.getHealthStatus();
    const got = Object.values(health.connections).reduce((n, c) => n + c.messages, 0);
    const complete =
      got >= sentTo('demo') && (reference === undefined || reference.length >= sentTo('obs'));
    const signature = JSON.stringify([
      Object.values(health.connections).map((c) => c.status),
      sockets.map((c) => [c.state, c.authenticated, c.topics.length]),
      got,
      pool.stats.gaps.open,
    ]);
    stable = signature === previous ? stable + 1 : 0;
    previous = signature;
    // Events a killed socket had not written never arrive: stop once nothing moves.
    if ((complete && stable >= 3) || stable >= 20) return;
  }
}

/** A small deterministic random source for jitter, from the run's seed. */
function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}
