import type { Phase, Plan } from '@tickmux/routing';

/** What {@link applyPlan} drives: the pool's connections, seen per ticker. */
export interface PlanTarget {
  /**
   * Subscribes `tickers` on `connection`; resolves once they are confirmed there or the attempt
   * gave up (the result is not trusted: `canRemove` is asked afresh before every unsubscribe).
   */
  subscribe(connection: string, tickers: readonly string[]): Promise<unknown>;
  /** Unsubscribes `tickers` from `connection`; resolves once done (or given up). */
  unsubscribe(connection: string, tickers: readonly string[]): Promise<unknown>;
  /**
   * True when `ticker` may leave `connection` now: the current routing no longer places it there,
   * and it is either no longer wanted or confirmed live on another connection.
   */
  canRemove(ticker: string, connection: string): boolean;
}

/** What {@link applyPlan} did. */
export interface PlanOutcome {
  /** Subscribe requests sent (ticker × connection). */
  subscribed: number;
  /** Unsubscribe requests sent. */
  unsubscribed: number;
  /**
   * Unsubscribes held back because the ticker's new copy was not confirmed (yet): the ticker stays
   * where it was, over-covered rather than uncovered, until the pool's reconciliation removes it.
   */
  deferred: { ticker: string; connection: string }[];
}

/**
 * Applies a routing plan phase by phase, subscribe before unsubscribe (README: "plan-applier"): in
 * each phase every subscribe is sent and awaited (per connection, concurrently), then each
 * unsubscribe is sent only if `canRemove` says the ticker is confirmed elsewhere (or no longer
 * wanted). So a moved ticker is confirmed on its new connection before it leaves the old one, and
 * no ticker with a live copy is ever subscribed nowhere while a survivor is up.
 */
export async function applyPlan(
  plan: Pick<Plan, 'phases'>,
  target: PlanTarget,
): Promise<PlanOutcome> {
  const outcome: PlanOutcome = { subscribed: 0, unsubscribed: 0, deferred: [] };
  for (const phase of plan.phases) await applyPhase(phase, target, outcome);
  return outcome;
}

async function applyPhase(phase: Phase, target: PlanTarget, outcome: PlanOutcome): Promise<void> {
  const subscribing: Promise<unknown>[] = [];
  for (const [connection, tickers] of phase.subscribe) {
    if (tickers.length === 0) continue;
    outcome.subscribed += tickers.length;
    subscribing.push(target.subscribe(connection, tickers));
  }
  await Promise.all(subscribing);
  const unsubscribing: Promise<unknown>[] = [];
  for (const [connection, tickers] of phase.unsubscribe) {
    const leaving: string[] = [];
    for (const ticker of tickers) {
      if (target.canRemove(ticker, connection)) leaving.push(ticker);
      else outcome.deferred.push({ ticker, connection });
    }
    if (leaving.length === 0) continue;
    outcome.unsubscribed += leaving.length;
    unsubscribing.push(target.unsubscribe(connection, leaving));
  }
  await Promise.all(unsubscribing);
}
