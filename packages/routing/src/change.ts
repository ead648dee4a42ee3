import type { Assignment } from './assignment.js';
import type { Draft } from './draft.js';
import { planChange } from './plan.js';
import type { ConnectionId, Plan } from './types.js';

/**
 * What every incremental operation returns: the new assignment, the plan from the current one,
 * and what did not fit. The pool applies `plan.phases` in order and reports `unplaced` (tickers
 * on no connection: no room, or no live connection) and a `replicationCut`.
 */
export interface RoutingChange {
  readonly assignment: Assignment;
  readonly plan: Plan;
  /** Wanted tickers on no connection after the change (`assignment.unplaced`). */
  readonly unplaced: readonly string[];
  /** Critical tickers with fewer copies than the factor after the change (`assignment.underReplicated`). */
  readonly underReplicated: readonly string[];
  /** True when some critical ticker has fewer copies than the factor (`assignment.replicationCut`). */
  readonly replicationCut: boolean;
}

/** Freezes the draft and plans the change from the assignment it started from. */
export function finish(draft: Draft, gone?: ConnectionId): RoutingChange {
  const before = draft.base!;
  const touched = draft.touched;
  const assignment = draft.finish();
  return Object.freeze({
    assignment,
    plan: planChange(before, assignment, touched, gone),
    unplaced: assignment.unplaced,
    underReplicated: assignment.underReplicated,
    replicationCut: assignment.replicationCut,
  });
}
