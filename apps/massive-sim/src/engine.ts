import type { TimerHandle } from '@tickmux/core';
import { MarketModel } from './market-model.js';
import type { ResolvedSimOptions } from './options.js';
import type { SimConnection } from './connection.js';
import type { SimEvent } from './sim-event.js';
import { pickUniverse, universeFor } from './universe.js';

/** Live figures of a running simulator. */
export interface SimStats {
  connections: number;
  authenticated: number;
  subscriptions: number;
  /** Simulated time reached, Unix ms. */
  marketTime: number;
  generated: { T: number; Q: number; A: number; AM: number };
  eventsSent: number;
  /** Events sent per wall second, over the last completed second. */
  eventsPerSecond: number;
  /** Market time skipped because the generator fell too far behind the wall clock, ms. */
  skippedMs: number;
  /** Events withheld by partial outages. */
  outageDropped: number;
}

/**
 * The generation loop: advances the market model, routes each event to the sockets subscribed to
 * it (skipping tickers in outage), and flushes every socket's frame at the end of a step. In real
 * mode a timer drives it; in virtual mode `advance(ms)` does, in fixed steps, so the output depends
 * only on the seed and the subscriptions.
 */
export class Engine {
  readonly model: MarketModel;
  /** Ticker -> index in the universe. */
  readonly index: ReadonlyMap<string, number>;
  readonly connections = new Map<string, SimConnection>();
  /** Ticker -> monotonic ms until which its events are withheld. */
  readonly outages = new Map<string, number>();
  /** Called after each step with the engine's elapsed time (wall ms in real mode, virtual in virtual). */
  readonly stepListeners = new Set<(elapsedMs: number) => void>();

  private receivers: SimConnection[] = [];
  private timer: TimerHandle | undefined;
  private running = false;
  private startMono = 0;
  private marketStart: number;
  private virtualElapsed = 0;
  private eventsSent = 0;
  private rateWindow = { at: 0, sent: 0, rate: 0 };
  private skippedMs = 0;
  private outageDropped = 0;
  private stepMono = 0;
  private made = 0;

  constructor(private readonly o: ResolvedSimOptions) {
    const universe = o.tickers === undefined ? pickUniverse(o.symbols) : universeFor(o.tickers);
    this.marketStart = o.clock === 'virtual' ? o.virtualStartMs : o.wallClock.now();
    this.model = new MarketModel({
      seed: o.seed,
      universe,
      rate: o.rate,
      tradeRatio: o.tradeRatio,
      startMs: this.marketStart,
    });
    this.index = new Map(this.model.tickers.map((t, i) => [t, i]));
  }

  /** Starts the loop (real mode, or virtual with pacing). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.startMono = this.o.wallClock.monotonic();
    this.rateWindow = { at: this.startMono, sent: this.eventsSent, rate: 0 };
    if (this.o.clock === 'real' || this.o.virtualPaced) this.schedule(this.o.tickMs);
  }

  stop(): void {
    this.running = false;
    if (this.timer !== undefined) this.o.wallClock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Time the engine has run: wall ms in real mode, market ms advanced in virtual mode. */
  elapsed(): number {
    return this.o.clock === 'virtual'
      ? this.virtualElapsed
      : this.o.wallClock.monotonic() - this.startMono;
  }

  /** Virtual clock: moves market time forward by `ms` in `tickMs`-sized steps. */
  advance(ms: number): void {
    const step = this.o.tickMs * this.o.acceleration;
    let left = ms;
    while (left > 0) {
      const d = Math.min(step, left);
      left -= d;
      this.virtualElapsed += d;
      this.generate(this.marketStart + this.virtualElapsed, Number.POSITIVE_INFINITY);
      for (const l of this.stepListeners) l(this.virtualElapsed);
    }
  }

  /** Call when a socket's topics or auth change, so routing sees it. */
  refreshReceivers(): void {
    this.receivers = [...this.connections.values()].filter(
      (c) => c.authenticated && c.subs.size > 0 && !c.closing,
    );
  }

  stats(): SimStats {
    let authenticated = 0;
    let subscriptions = 0;
    for (const c of this.connections.values()) {
      if (c.authenticated) authenticated++;
      subscriptions += c.subs.size;
    }
    return {
      connections: this.connections.size,
      authenticated,
      subscriptions,
      marketTime: Math.floor(this.model.now),
      generated: { ...this.model.generated },
      eventsSent: this.eventsSent,
      eventsPerSecond: this.rateWindow.rate,
      skippedMs: this.skippedMs,
      outageDropped: this.outageDropped,
    };
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    this.timer = this.o.wallClock.setTimeout(() => this.loop(), ms);
  }

  private loop(): void {
    this.timer = undefined;
    if (!this.running) return;
    const mono = this.o.wallClock.monotonic();
    const elapsed = mono - this.startMono;
    let behind = false;
    if (this.o.clock === 'virtual') {
      this.advance(this.o.tickMs * this.o.acceleration);
    } else {
      const target = this.marketStart + elapsed * this.o.acceleration;
      if (target - this.model.now > this.o.maxLagMs) {
        // Too far behind the wall clock: skip ahead rather than replay stale market time.
        this.skippedMs += target - this.o.maxLagMs - this.model.now;
        this.model.skipTo(target - this.o.maxLagMs, this.route);
      }
      behind = this.generate(target, this.o.maxEventsPerTick) >= this.o.maxEventsPerTick;
      for (const l of this.stepListeners) l(elapsed);
    }
    this.updateRate(mono);
    this.schedule(behind ? 0 : this.o.tickMs);
  }

  /** Generates up to market time `to`, routes, and flushes every receiver. Returns trades+quotes made. */
  private generate(to: number, budget: number): number {
    this.stepMono = this.o.wallClock.monotonic();
    this.made = 0;
    this.model.advance(to, this.route, budget);
    const receivers = this.receivers;
    for (let i = 0; i < receivers.length; i++) receivers[i]!.flush();
    return this.made;
  }

  /** Hands one event to every socket subscribed to it, unless its ticker is in outage. */
  private readonly route = (ev: SimEvent): void => {
    if (ev.ch === 'T' || ev.ch === 'Q') this.made++;
    if (this.outages.size > 0) {
      const until = this.outages.get(ev.sym);
      if (until !== undefined) {
        if (this.stepMono < until) {
          this.outageDropped++;
          return;
        }
        this.outages.delete(ev.sym);
      }
    }
    const receivers = this.receivers;
    for (let i = 0; i < receivers.length; i++) {
      const c = receivers[i]!;
      if (c.subs.matches(ev.ch, ev.idx)) {
        c.push(ev.json);
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
