import type { Clock, Logger } from '@tickmux/core';
import type { Assignment, RoutingChange } from '@tickmux/routing';
import type { GapLedger } from './gap-ledger.js';
import { LiveTopics } from './live-topics.js';
import { applyPlan, type PlanOutcome, type PlanTarget } from './plan-applier.js';
import type { PoolConnection } from './pool-connection.js';
import { Wants, type Want } from './wants.js';

/** What the driver reads from its manager. */
export interface DriverContext {
  readonly connections: ReadonlyMap<string, PoolConnection>;
  readonly clock: Clock;
  readonly logger: Logger;
  gaps(): GapLedger;
  /** False while the manager is closing or closed: nothing is subscribed then. */
  active(): boolean;
}

/**
 * Applies routing to the connections (README: "plan-applier"): holds the current `Assignment`,
 * what consumers want (`Wants`) and what each connection has confirmed (`LiveTopics`), adopts
 * routing changes and applies their plans subscribe-before-unsubscribe, and brings a connection's
 * subscriptions back in line with the routing (`reconcile`). Routing decides where; this only
 * applies and observes.
 */
export class RoutingDriver {
  readonly wants = new Wants();
  readonly live = new LiveTopics();
  /** Every channel ever wanted (what a ticker may have to drop when its set shrinks). */
  readonly channels = new Set<string>();
  /** ticker → connections it leaves once its new copy is confirmed. */
  private readonly pendingRemoval = new Map<string, Set<string>>();
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly target: PlanTarget = {
    subscribe: (c, tickers) => this.subscribeOn(c, tickers),
    unsubscribe: (c, tickers) => this.unsubscribeOn(c, tickers),
    canRemove: (t, c) => this.canRemove(t, c),
  };

  constructor(
    public assignment: Assignment,
    private readonly x: DriverContext,
  ) {}

  /** Adopts a routing change and applies its plan (subscribe before unsubscribe). */
  adopt(change: RoutingChange): Promise<PlanOutcome> {
    this.assignment = change.assignment;
    if (change.unplaced.length > 0)
      this.x.logger.warn(
        { unplaced: change.unplaced.length, sample: change.unplaced.slice(0, 10) },
        'tickers without room on any live connection',
      );
    const applied = applyPlan(change.plan, this.target).then((outcome) => {
      for (const { ticker, connection } of outcome.deferred) {
        let set = this.pendingRemoval.get(ticker);
        if (set === undefined) this.pendingRemoval.set(ticker, (set = new Set()));
        set.add(connection);
      }
      return outcome;
    });
    this.inflight.add(applied);
    void applied.finally(() => this.inflight.delete(applied));
    return applied;
  }

  /** Resolves once every plan adopted so far has been applied. */
  async settled(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  /** True when every want is confirmed on every connection routing put its ticker on. */
  allLive(wants: readonly Want[]): boolean {
    return wants.every(({ ticker, channel }) => {
      const on = this.assignment.connectionsFor(ticker);
      return on.length > 0 && on.every((c) => this.live.isLive(ticker, c, [channel]));
    });
  }

  /** `ticker` is no longer wanted: nothing waits to leave for it. */
  forget(ticker: string): void {
    this.pendingRemoval.delete(ticker);
  }

  /** A copy of `ticker` was confirmed: the connections waiting for it may let it go now. */
  confirmed(ticker: string): void {
    const leaving = this.pendingRemoval.get(ticker);
    if (leaving === undefined) return;
    for (const c of leaving) {
      if (!this.canRemove(ticker, c)) continue;
      leaving.delete(c);
      void this.unsubscribeOn(c, [ticker]);
    }
    if (leaving.size === 0) this.pendingRemoval.delete(ticker);
  }

  /** Brings a connected connection's subscriptions in line with the routing. */
  reconcile(conn: PoolConnection): void {
    if (conn.state !== 'connected' || !this.x.active()) return;
    const id = conn.id;
    const a = this.assignment;
    const assigned = a.hasConnection(id) ? a.tickersOn(id) : [];
    const held = new Set(conn.client.tickers);
    const missing = assigned.filter((t) => !held.has(t));
    if (missing.length > 0) void this.subscribeOn(id, missing);
    const extra = [...held].filter((t) => this.canRemove(t, id));
    if (extra.length > 0) void this.unsubscribeOn(id, extra);
  }

  /** A ticker's channel set changed: subscribe the new channels, drop the old, re-baseline its gaps. */
  async syncChannels(ticker: string): Promise<void> {
    const channels = this.wants.channels(ticker);
    const dropped = [...this.channels].filter((c) => !channels.includes(c));
    const work: Promise<unknown>[] = [];
    for (const c of this.assignment.connectionsFor(ticker)) {
      const client = this.x.connections.get(c)?.client;
      if (client === undefined) continue;
      work.push(this.subscribeOn(c, [ticker]));
      if (dropped.length > 0)
        work.push(
          client.unsubscribe({ topics: dropped.map((ch) => `${ch}.${ticker}`) }).catch(() => false),
        );
    }
    await Promise.all(work);
    if (dropped.length > 0) {
      const gaps = this.x.gaps();
      const now = this.x.clock.now();
      gaps.forget(ticker, now);
      for (const c of this.live.carriers(ticker)) {
        const live = channels.filter((ch) => this.live.isLive(ticker, c, [ch]));
        if (live.length > 0) gaps.confirmed(ticker, c, now, live);
      }
    }
  }

  /** True when `ticker` may leave `connection`: not routed there, and unwanted or live elsewhere. */
  canRemove(ticker: string, connection: string): boolean {
    if (this.assignment.connectionsFor(ticker).includes(connection)) return false;
    return (
      !this.wants.has(ticker) ||
      this.live.liveElsewhere(ticker, connection, this.wants.channels(ticker))
    );
  }

  private async subscribeOn(connection: string, tickers: readonly string[]): Promise<void> {
    const conn = this.x.connections.get(connection);
    if (conn === undefined || !this.x.active()) return;
    const byChannel: Record<string, string[]> = {};
    let any = false;
    for (const t of tickers) {
      if (!this.assignment.connectionsFor(t).includes(connection)) continue;
      for (const ch of this.wants.channels(t)) {
        (byChannel[ch] ??= []).push(t);
        any = true;
      }
    }
    if (!any) return;
    const done = conn.client.subscribe(byChannel).catch((err: unknown) => {
      this.x.logger.warn({ err, connection }, 'subscribe failed');
      return false;
    });
    // A connection that is not up confirms later; the plan does not wait for it.
    if (conn.client.state === 'connected') await done;
  }

  private async unsubscribeOn(connection: string, tickers: readonly string[]): Promise<void> {
    const conn = this.x.connections.get(connection);
    if (conn === undefined) return;
    const done = conn.client.unsubscribe([...tickers]).catch((err: unknown) => {
      this.x.logger.warn({ err, connection }, 'unsubscribe failed');
      return false;
    });
    if (conn.client.state === 'connected') await done;
  }
}
