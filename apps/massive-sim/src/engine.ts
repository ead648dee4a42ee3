import type { Clock, TimerHandle } from '@tickmux/core';
import type { SimConnection } from './connection.js';
import type { EventSource } from './event-source.js';
import { GroundTruth } from './ground-truth.js';
import type { SimEvent } from './sim-event.js';
import { drainSockets } from './drain.js';

/** The delayed feed runs this far behind the real-time one (the vendor's 15 minutes). */
export const DELAYED_BY_MS = 15 * 60_000;

/** Live figures of a running simulator. */
export interface SimStats {
  connections: number;
  authenticated: number;
  zombies: number;
  subscriptions: number;
  /** Simulated time reached, Unix ms. */
  marketTime: number;
  /** Events generated (or replayed), by channel. */
  generated: Record<string, number>;
  /** Events handed to sockets' frames. */
  eventsSent: number;
  /** Events sent per wall second, over the last completed second. */
  eventsPerSecond: number;
  /** Market time skipped because the generator fell too far behind the wall clock, ms. */
  skippedMs: number;
  /** Events withheld by partial outages. */
  outageDropped: number;
}

/** Something that runs after every engine step (a scenario): `nextDue` caps virtual jumps. */
export interface StepListener {
  onStep(elapsedMs: number): void;
  /** Engine elapsed time of its next action, or +Infinity. */
  nextDue(): number;
}

/** What the engine needs to know. */
export interface EngineSettings {
  clock: 'real' | 'virtual';
  tickMs: number;
  /** Market ms per wall ms (a replay's `speed`); Infinity: as fast as the sockets drain. */
  acceleration: number;
  virtualPaced: boolean;
  maxEventsPerTick: number;
  maxLagMs: number;
  groundTruth: boolean;
  /** Unsent bytes per socket above which generation waits for it to drain (virtual, or speed max). */
  drainMark: () => number;
  wallClock: Clock;
}

/**
 * The generation loop: advances the event source, routes each event to the sockets subscribed to
 * it (skipping tickers in outage), and flushes every socket's frame at the end of a step. In real
 * mode a timer drives it; in virtual mode `advance(ms)` does, in steps that let sockets drain, so
 * the output depends only on the seed and the subscriptions. Delayed-feed sockets are served from
 * a second source that runs {@link DELAYED_BY_MS} behind.
 */
export class Engine {
  readonly index: ReadonlyMap<string, number>;
  /** Live sockets: open and zombie. */
  readonly connections = new Map<string, SimConnection>();
  /** Ticker -> engine elapsed time until which its events are withheld. */
  readonly outages = new Map<string, number>();
  readonly stepListeners = new Set<StepListener>();
  readonly truth: GroundTruth | undefined;

  private receivers: SimConnection[] = [];
  private delayedReceivers: SimConnection[] = [];
  private readonly delayed: EventSource | undefined;
  private timer: TimerHandle | undefined;
  private running = false;
  private startMono = 0;
  private readonly marketStart: number;
  private virtualElapsed = 0;
  private elapsedNow = 0;
  private eventsSent = 0;
  private rateWindow = { at: 0, sent: 0, rate: 0 };
  private skippedMs = 0;
  private outageDropped = 0;
  private advancing: Promise<void> = Promise.resolve();
  /** Sockets that stopped draining during an advance: not waited for again until they drain. */
  private readonly stuck = new WeakSet<SimConnection>();

  constructor(
    readonly source: EventSource,
    private readonly s: EngineSettings,
    createDelayed?: () => EventSource,
  ) {
    this.marketStart = source.now;
    this.index = new Map(source.tickers.map((t, i) => [t, i]));
    if (s.groundTruth) this.truth = new GroundTruth(source.channels, source.tickers);
    // Created with the real-time source and advanced in lockstep, 15 minutes behind, so that it
    // replays exactly what the real-time feed sent 15 minutes earlier.
    this.delayed = createDelayed?.();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.startMono = this.s.wallClock.monotonic();
    this.rateWindow = { at: this.startMono, sent: this.eventsSent, rate: 0 };
    if (this.s.clock === 'real' || this.s.virtualPaced) this.schedule(this.s.tickMs);
  }

  stop(): void {
    this.running = false;
    if (this.timer !== undefined) this.s.wallClock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Time the engine has run: wall ms in real mode, market ms advanced in virtual mode. */
  elapsed(): number {
    return this.s.clock === 'virtual'
      ? this.virtualElapsed
      : this.s.wallClock.monotonic() - this.startMono;
  }

  /**
   * Virtual clock: moves market time forward by `ms` in `tickMs` steps (jumping over stretches
   * where nothing happens), waiting after a step for sockets over the drain mark, so a reader is
   * never killed as a slow consumer by `advance()` itself. Calls run one after another.
   */
  advance(ms: number): Promise<void> {
    const run = this.advancing.then(() => this.runAdvance(ms));
    this.advancing = run.catch(() => undefined);
    return run;
  }

  /** Call when a socket's topics, auth or state change, so routing sees it. */
  refreshReceivers(): void {
    const live = [...this.connections.values()].filter(
      (c) => c.authenticated && c.state === 'open' && c.subs.size > 0 && !c.closing,
    );
    this.receivers = live.filter((c) => c.key?.feed !== 'delayed');
    this.delayedReceivers = live.filter((c) => c.key?.feed === 'delayed');
  }

  stats(): SimStats {
    let authenticated = 0;
    let zombies = 0;
    let subscriptions = 0;
    for (const c of this.connections.values()) {
      if (c.authenticated) authenticated++;
      if (c.state === 'zombie') zombies++;
      subscriptions += c.subs.size;
    }
    return {
      connections: this.connections.size,
      authenticated,
      zombies,
      subscriptions,
      marketTime: Math.floor(this.source.now),
      generated: { ...this.source.generated },
      eventsSent: this.eventsSent,
      eventsPerSecond: this.rateWindow.rate,
      skippedMs: this.skippedMs,
      outageDropped: this.outageDropped,
    };
  }

  private async runAdvance(ms: number): Promise<void> {
    const step = this.s.tickMs * this.s.acceleration;
    let left = ms;
    while (left > 0) {
      let d = Math.min(step, left);
      const quiet = this.quietFor();
      if (quiet > d) d = Math.min(left, quiet);
      left -= d;
      this.virtualElapsed += d;
      this.generate(this.marketStart + this.virtualElapsed, Number.POSITIVE_INFINITY);
      this.notify(this.virtualElapsed);
      if (this.overMark()) {
        const stuck = await drainSockets(this.allReceivers(), this.s.drainMark());
        for (const c of stuck) this.stuck.add(c);
      }
    }
  }

  /** Market ms from now until anything can happen (events, delayed events, listeners). */
  private quietFor(): number {
    const now = this.marketStart + this.virtualElapsed;
    let next = this.source.nextEventAt();
    if (this.delayed !== undefined)
      next = Math.min(next, this.delayed.nextEventAt() + DELAYED_BY_MS);
    for (const l of this.stepListeners) next = Math.min(next, this.marketStart + l.nextDue());
    return Math.floor(next - now);
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    this.timer = this.s.wallClock.setTimeout(() => this.loop(), ms);
  }

  private loop(): void {
    this.timer = undefined;
    if (!this.running) return;
    const mono = this.s.wallClock.monotonic();
    const elapsed = mono - this.startMono;
    let again = this.s.tickMs;
    if (this.s.clock === 'virtual') {
      this.virtualElapsed += this.s.tickMs * this.s.acceleration;
      this.generate(this.marketStart + this.virtualElapsed, Number.POSITIVE_INFINITY);
      this.notify(this.virtualElapsed);
    } else if (this.s.acceleration === Number.POSITIVE_INFINITY) {
      // As fast as the sockets drain: generate a budget unless a receiver is still over the mark.
      if (!this.overMark()) {
        this.generate(Number.POSITIVE_INFINITY, this.s.maxEventsPerTick);
        again = 0;
      } else again = 1;
      this.notify(elapsed);
    } else {
      const target = this.marketStart + elapsed * this.s.acceleration;
      if (target - this.source.now > this.s.maxLagMs) {
        // Too far behind the wall clock: skip ahead rather than replay stale market time.
        this.skippedMs += target - this.s.maxLagMs - this.source.now;
        this.source.skipTo(target - this.s.maxLagMs, this.route);
      }
      if (this.generate(target, this.s.maxEventsPerTick) >= this.s.maxEventsPerTick) again = 0;
      this.notify(elapsed);
    }
    this.updateRate(mono);
    this.schedule(again);
  }

  private notify(elapsed: number): void {
    this.elapsedNow = elapsed;
    for (const l of this.stepListeners) l.onStep(elapsed);
  }

  /** Generates up to market time `to`, routes, and flushes every receiver. Returns events made. */
  private generate(to: number, budget: number): number {
    this.elapsedNow = this.elapsed();
    const made = this.source.advance(to, this.route, budget, this.flushAll);
    this.delayed?.advance(Math.min(to, this.source.now) - DELAYED_BY_MS, this.routeDelayed);
    this.flushAll();
    return made;
  }

  private readonly flushAll = (): void => {
    const a = this.receivers;
    for (let i = 0; i < a.length; i++) a[i]!.flush();
    const b = this.delayedReceivers;
    for (let i = 0; i < b.length; i++) b[i]!.flush();
  };

  private allReceivers(): SimConnection[] {
    return [...this.receivers, ...this.delayedReceivers];
  }

  private overMark(): boolean {
    const mark = this.s.drainMark();
    for (const c of this.allReceivers()) {
      if (c.unsentBytes <= mark) this.stuck.delete(c);
      else if (!this.stuck.has(c)) return true;
    }
    return false;
  }

  private withheld(ev: SimEvent): boolean {
    const until = this.outages.get(ev.sym);
    if (until === undefined) return false;
    if (this.elapsedNow < until) {
      this.outageDropped++;
      return true;
    }
    this.outages.delete(ev.sym);
    return false;
  }

  /** Hands one event to every socket subscribed to it, unless its ticker is in outage. */
  private readonly route = (ev: SimEvent): void => {
    this.truth?.onGenerated(ev);
    if (this.outages.size > 0 && this.withheld(ev)) return;
    const receivers = this.receivers;
    for (let i = 0; i < receivers.length; i++) {
      const c = receivers[i]!;
      if (c.subs.matches(ev.bit, ev.idx)) {
        c.push(ev);
        this.eventsSent++;
      }
    }
  };

  private readonly routeDelayed = (ev: SimEvent): void => {
    const receivers = this.delayedReceivers;
    for (let i = 0; i < receivers.length; i++) {
      const c = receivers[i]!;
      if (c.subs.matches(ev.bit, ev.idx)) {
        c.push(ev);
        this.eventsSent++;
      }
    }
  };

  private updateRate(mono: number): void {
    const w = this.rateWindow;
    if (mono - w.at >= 1000) {
      w.rate = Math.round(((this.eventsSent - w.sent) * 1000) / (mono - w.at));
      w.at = mono;
      w.sent = this.eventsSent;
    }
  }
}
