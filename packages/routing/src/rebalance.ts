import { InvalidArgumentError } from '@tickmux/core';
import type { Assignment } from './assignment.js';
import type { ConnectionId, Move, RebalancePlan } from './types.js';

/**
 * The fewest moves from `current` to `target`. For each ticker, a connection it leaves is paired
 * with one it joins (one move: subscribe there, unsubscribe here); unpaired ones are plain
 * subscribes or unsubscribes. Tickers already where the target wants them are not touched.
 * Moves come in `current`'s ticker order, then the target's new tickers.
 */
export function planRebalance(current: Assignment, target: Assignment): RebalancePlan {
  const moves: Move[] = [];
  const diff = (ticker: string) => {
    const from = current.connectionsFor(ticker);
    const to = target.connectionsFor(ticker);
    const leaving = from.filter((c) => !to.includes(c));
    const joining = to.filter((c) => !from.includes(c));
    for (let i = 0; i < Math.max(leaving.length, joining.length); i++) {
      moves.push({ ticker, from: leaving[i] ?? null, to: joining[i] ?? null });
    }
  };
  for (const ticker of current.tickers()) diff(ticker);
  for (const ticker of target.tickers()) if (!current.has(ticker)) diff(ticker);
  return { moves };
}

/**
 * `current` with the plan applied, as a new assignment (`current` is not changed). Connections a
 * move goes to are added if missing. Throws `INVALID_ARGUMENT` for a move whose ticker is not on
 * its `from` connection.
 */
export function applyPlan(current: Assignment, plan: RebalancePlan): Assignment {
  const next = current.clone();
  plan.moves.forEach((move, i) => {
    if (move.from !== null) {
      if (!next.hasConnection(move.from) || !next.unplace(move.ticker, move.from)) {
        throw new InvalidArgumentError(`moves[${i}]`, move.ticker, `not on ${move.from}`);
      }
    }
    if (move.to !== null) next.addConnection(move.to).place(move.ticker, move.to);
  });
  return next;
}

/** A plan as per-connection subscribe and unsubscribe lists. */
export interface ConnectionChanges {
  readonly subscribe: ReadonlyMap<ConnectionId, readonly string[]>;
  readonly unsubscribe: ReadonlyMap<ConnectionId, readonly string[]>;
}

/**
 * Groups a plan's moves by connection, for sending frames. Send every subscribe before any
 * unsubscribe: a moving ticker is then on at least one connection throughout (the pool
 * de-duplicates the overlap), so a rebalance loses no events.
 */
export function groupMoves(plan: RebalancePlan): ConnectionChanges {
  const subscribe = new Map<ConnectionId, string[]>();
  const unsubscribe = new Map<ConnectionId, string[]>();
  const add = (map: Map<ConnectionId, string[]>, c: ConnectionId, t: string) => {
    const list = map.get(c);
    if (list === undefined) map.set(c, [t]);
    else list.push(t);
  };
  for (const m of plan.moves) {
    if (m.to !== null) add(subscribe, m.to, m.ticker);
    if (m.from !== null) add(unsubscribe, m.from, m.ticker);
  }
  return { subscribe, unsubscribe };
}
