import type { Dedup } from './dedup.js';
import type { GapLedger } from './gap-ledger.js';
import type { HealthStats, HealthStatus } from './health-stats.js';
import type { PoolConnection } from './pool-connection.js';
import type { RoutingDriver } from './routing-driver.js';
import type { SocketBudget } from './socket-budget.js';

/** What the pool's health object is assembled from (the manager's current parts). */
export interface PoolHealthSources {
  readonly health: HealthStats;
  readonly connections: ReadonlyMap<string, PoolConnection>;
  readonly driver: RoutingDriver;
  readonly dedup: Dedup;
  readonly gaps: GapLedger;
  readonly budget: SocketBudget;
}

/**
 * The health object of architecture.md: each connection's state and routed load refreshed in its
 * counters, then the totals the other parts own (wanted tickers, dedup, gaps, contention) merged in.
 */
export function poolHealthStatus(s: PoolHealthSources): HealthStatus {
  const a = s.driver.assignment;
  for (const [id, conn] of s.connections) {
    conn.stats.status = conn.state;
    conn.stats.tickers = a.hasConnection(id) ? a.load(id) : 0;
  }
  const d = s.dedup.stats();
  return s.health.snapshot({
    total_tickers: s.driver.wants.size,
    duplicates_dropped: d.duplicates_dropped,
    corrections: d.corrections,
    gaps: s.gaps.stats().opened,
    account_contention: s.budget.stats().account_contention,
  });
}
