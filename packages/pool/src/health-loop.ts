import type { Clock, TimerHandle } from '@tickmux/core';
import { rebalance as routeRebalance, restore, type Move } from '@tickmux/routing';
import type { ConnectionEvents } from './connection-events.js';
import type { ResolvedManagerOptions } from './manager-options.js';
import type { PoolConnection } from './pool-connection.js';
import type { RoutingDriver } from './routing-driver.js';

/** What the health loop reads from its manager. */
export interface HealthLoopContext {
  readonly o: ResolvedManagerOptions;
  readonly clock: Clock;
  readonly connections: ReadonlyMap<string, PoolConnection>;
  /** Where the observed rates come from (`events.rates`, `load-balanced` only). */
  readonly events: ConnectionEvents;
  driver(): RoutingDriver;
  /** True after `connect()` while the manager is not closing: only then does a check act. */
  running(): boolean;
}

/**
 * The health loop and rebalancing: every `healthCheckIntervalMs` a check restores recovered
 * connections (auto-rebalance), reconciles each connected one's subscriptions with the routing and
 * rebalances by the rates observed since the last look (`load-balanced`); `rebalance()` does the
 * same on demand, with hysteresis.
 */
export class HealthLoop {
  private timer: TimerHandle | undefined;
  private ratesSince = 0;

  constructor(private readonly x: HealthLoopContext) {}

  /** Starts calling `check` every `healthCheckIntervalMs` (none when 0). Idempotent. */
  start(check: () => void): void {
    const every = this.x.o.healthCheckIntervalMs;
    if (every === 0 || this.timer !== undefined) return;
    this.ratesSince = this.x.clock.now();
    this.timer = this.x.clock.setInterval(check, every);
  }

  stop(): void {
    if (this.timer !== undefined) this.x.clock.clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One health check now. */
  check(): void {
    if (!this.x.running()) return;
    const { o } = this.x;
    const r = this.x.driver();
    const a = r.assignment;
    for (const conn of this.x.connections.values()) {
      if (conn.state !== 'connected') continue;
      if (a.downConnections.includes(conn.id) && o.autoRebalance)
        void r.adopt(restore(r.assignment, conn.id));
      r.reconcile(conn);
    }
    if (this.x.events.rates !== undefined && o.autoRebalance) {
      const stats = this.takeRates();
      if (stats !== undefined)
        void r.adopt(routeRebalance(r.assignment, { stats, tolerance: o.rebalanceTolerance }));
    }
  }

  /**
   * Restores connections that recovered, then rebalances by the strategy (observed rates under
   * `load-balanced`), with hysteresis. Resolves with the moves made.
   */
  async rebalance(): Promise<Move[]> {
    const r = this.x.driver();
    const moves: Move[] = [];
    const work: Promise<unknown>[] = [];
    for (const id of r.assignment.downConnections) {
      if (this.x.connections.get(id)?.state !== 'connected') continue;
      const change = restore(r.assignment, id);
      moves.push(...change.plan.moves);
      work.push(r.adopt(change));
    }
    const stats = this.takeRates();
    const change = routeRebalance(r.assignment, {
      tolerance: this.x.o.rebalanceTolerance,
      ...(stats === undefined ? {} : { stats }),
    });
    moves.push(...change.plan.moves);
    work.push(r.adopt(change));
    await Promise.all(work);
    return moves;
  }

  /** Events per second per wanted ticker since the last take (undefined: none observed). */
  private takeRates(): Map<string, number> | undefined {
    const rates = this.x.events.rates;
    if (rates === undefined) return undefined;
    const now = this.x.clock.now();
    const seconds = Math.max(0.001, (now - this.ratesSince) / 1000);
    this.ratesSince = now;
    if (rates.size === 0) return undefined;
    const stats = new Map<string, number>();
    const wants = this.x.driver().wants;
    for (const [t, n] of rates) if (wants.has(t)) stats.set(t, n / seconds);
    rates.clear();
    return stats;
  }
}
