import type { Assignment } from './assignment.js';
import { assertLimit } from './context.js';
import { UnknownConnectionError } from './errors.js';
import { planRebalance } from './rebalance.js';
import type { ConnectionId, RebalancePlan } from './types.js';

/** Options of {@link reassign}. */
export interface ReassignOptions {
  /** Most tickers one connection may carry. @default Infinity */
  capacity?: number;
}

/** Defaults of {@link ReassignOptions}. */
export const DEFAULT_REASSIGN_OPTIONS: Required<ReassignOptions> = Object.freeze({
  capacity: Number.POSITIVE_INFINITY,
});

/** What {@link reassign} returns. */
export interface Failover {
  /** The assignment without the dead connection. */
  readonly assignment: Assignment;
  /** The moves from the current assignment: each off the dead connection, onto a survivor. */
  readonly plan: RebalancePlan;
  /**
   * Tickers that needed a new connection but found no survivor with room. Those that had no
   * other copy are now on no connection: the caller must report them (or raise the capacity).
   */
  readonly unplaced: readonly string[];
}

/**
 * Fails over a dead connection: only its tickers move, each to the least-loaded survivor with
 * room that does not already carry it (ties: connection order). Every ticker keeps as many
 * copies as it had, up to the number of survivors, so a critical ticker gets a new replica
 * rather than running on one. Tickers on survivors stay where they are; `current` is not
 * changed. Throws `UNKNOWN_CONNECTION` if `current` has no connection `deadId`.
 */
export function reassign(
  current: Assignment,
  deadId: ConnectionId,
  options: ReassignOptions = {},
): Failover {
  const { capacity } = { ...DEFAULT_REASSIGN_OPTIONS, ...options };
  assertLimit('capacity', capacity);
  if (!current.hasConnection(deadId)) throw new UnknownConnectionError(deadId, current.connections);
  const next = current.clone();
  const orphans = next.removeConnection(deadId);
  const survivors = next.connections;
  const unplaced: string[] = [];
  for (const ticker of orphans) {
    const want = Math.min(current.connectionsFor(ticker).length, survivors.length);
    let missing = want - next.connectionsFor(ticker).length;
    while (missing > 0) {
      const to = lightest(next, survivors, ticker, capacity);
      if (to === undefined) break;
      next.place(ticker, to);
      missing--;
    }
    if (missing > 0 || !next.has(ticker)) unplaced.push(ticker);
  }
  return { assignment: next, plan: planRebalance(current, next), unplaced };
}

function lightest(
  a: Assignment,
  survivors: readonly ConnectionId[],
  ticker: string,
  capacity: number,
): ConnectionId | undefined {
  let best: ConnectionId | undefined;
  let bestLoad = Number.POSITIVE_INFINITY;
  const holders = a.connectionsFor(ticker);
  for (const c of survivors) {
    const load = a.load(c);
    if (load < capacity && load < bestLoad && !holders.includes(c)) {
      best = c;
      bestLoad = load;
    }
  }
  return best;
}
