import { InvalidArgumentError } from '@tickmux/core';
import type { Assignment } from './assignment.js';
import { balance } from './balance.js';
import { finish, type RoutingChange } from './change.js';
import { Draft } from './draft.js';
import { settle } from './fill.js';
import { withStats } from './policy.js';

/** Options of {@link rebalance}. */
export interface RebalanceOptions {
  /** Observed messages/s per ticker, replacing the assignment's (`load-balanced` balances them). @default the assignment's */
  stats?: ReadonlyMap<string, number>;
  /**
   * The hysteresis ε: nothing moves while the busiest connection carries at most (1 + ε) × the
   * mean load (message rate under `load-balanced`, ticker count otherwise); past it, the fewest
   * moves that bring it back under. @default 0.1
   */
  tolerance?: number;
}

/** Defaults of {@link RebalanceOptions}. */
export const DEFAULT_REBALANCE_OPTIONS: Readonly<Required<Pick<RebalanceOptions, 'tolerance'>>> =
  Object.freeze({ tolerance: 0.1 });

/**
 * Rebalances with hysteresis: only when the busiest connection carries more than (1 + tolerance) ×
 * the mean, and then by moving, greedily, the tickers (whole sectors under `sector`) that bring it
 * under in the fewest moves. A ticker never moves off the connection it belongs on (its hash
 * choice, manual list, tier or pinned sector). Unplaced tickers and missing replicas are placed
 * first where there is room. Throws `INVALID_ARGUMENT` naming `tolerance` or `stats.<ticker>`.
 */
export function rebalance(current: Assignment, options: RebalanceOptions = {}): RoutingChange {
  const { tolerance, stats } = { ...DEFAULT_REBALANCE_OPTIONS, ...options };
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0) {
    throw new InvalidArgumentError('tolerance', tolerance, 'must be a finite number >= 0');
  }
  const draft = Draft.of(current);
  if (stats !== undefined) draft.policy = withStats(draft.policy, stats);
  settle(draft);
  balance(draft, { tolerance });
  // Room a move freed may take a replica that found no distinct connection before.
  settle(draft);
  return finish(draft);
}
