import { InvalidArgumentError } from '@tickmux/core';
import type { Assignment } from './assignment.js';
import { Draft } from './draft.js';
import { schedule, type TickerChange } from './phases.js';
import type { ConnectionId, Move, Plan } from './types.js';

/**
 * The plan from `before` to `after` over the tickers that changed: the moves (per ticker, a
 * connection left paired with one joined, the rest plain subscribes or unsubscribes) and the
 * phases. Copies on `gone` connections (failed: their subscriptions are already lost) appear in
 * the moves but are not unsubscribed.
 */
export function planChange(
  before: Assignment,
  after: Assignment,
  tickers: Iterable<string>,
  gone?: ConnectionId,
): Plan {
  const moves: Move[] = [];
  const changes: TickerChange[] = [];
  for (const ticker of tickers) {
    const from = before.connectionsFor(ticker);
    const to = after.connectionsFor(ticker);
    const leaving = from.filter((c) => !to.includes(c));
    const joining = to.filter((c) => !from.includes(c));
    for (let i = 0; i < Math.max(leaving.length, joining.length); i++) {
      moves.push({ ticker, from: leaving[i] ?? null, to: joining[i] ?? null });
    }
    if (leaving.length + joining.length > 0) {
      changes.push({
        ticker,
        before: gone === undefined ? from : from.filter((c) => c !== gone),
        after: to,
      });
    }
  }
  const loads = new Map<ConnectionId, number>();
  for (const c of before.connections) if (c !== gone) loads.set(c, before.load(c));
  const { phases, headroom } = schedule(changes, loads, after.capacity);
  return Object.freeze({ moves: Object.freeze(moves), phases: Object.freeze(phases), headroom });
}

/**
 * The plan from `current` to any `target` (say, a fresh `assign` the operator asked for): the
 * fewest moves (tickers already where the target wants them are not touched) in phases under the
 * target's capacity. Between full connections a swap cannot be done without going over the
 * capacity; `headroom` then says by how much. Moves come in `current`'s ticker order, then the
 * target's new tickers.
 */
export function planRebalance(current: Assignment, target: Assignment): Plan {
  const tickers = new Set(current.tickers());
  for (const t of target.tickers()) tickers.add(t);
  return planChange(current, target, tickers);
}

/**
 * `current` with the plan's moves applied, as a new assignment with `current`'s rules (`current`
 * is not changed). Connections a move goes to must be live in `current`. Throws
 * `INVALID_ARGUMENT` naming the move (`moves[i]`) whose ticker is not on its `from`, or
 * `UNKNOWN_CONNECTION` for a `to` that is not live.
 */
export function applyPlan(current: Assignment, plan: Pick<Plan, 'moves'>): Assignment {
  const draft = Draft.of(current);
  plan.moves.forEach((move, i) => {
    if (move.from !== null) {
      if (!current.hasConnection(move.from) || !draft.copiesOf(move.ticker).includes(move.from)) {
        throw new InvalidArgumentError(`moves[${i}]`, move.ticker, `not on ${move.from}`);
      }
      draft.unplace(move.ticker, move.from);
    }
    if (move.to !== null) {
      current.load(move.to); // throws UNKNOWN_CONNECTION for a connection that is not live
      draft.want(move.ticker);
      draft.place(move.ticker, draft.live.indexOf(move.to));
    }
    // A copy dropped by the plan is the plan's choice, not a lack of room.
    if (draft.copies(move.ticker) === 0) draft.unplaced.delete(move.ticker);
  });
  return draft.finish();
}
