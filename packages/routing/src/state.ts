import type { RoutingPolicy } from './policy.js';
import type { ConnectionId, Displacement } from './types.js';

/**
 * The data behind an {@link Assignment}, shared (never changed) once the assignment is built: a
 * {@link Draft} copies what it changes.
 */
export interface AssignmentState {
  readonly policy: RoutingPolicy;
  /** Every known connection, live or down, in order: the order that breaks ties and numbers tiers. */
  readonly slots: readonly ConnectionId[];
  /** The slots that are down (failed and not yet restored). */
  readonly down: ReadonlySet<ConnectionId>;
  /**
   * Ticker → its connections, primary first. Every value is frozen; a ticker on one connection
   * shares that connection's one-element array with every other such ticker.
   */
  readonly byTicker: ReadonlyMap<string, readonly ConnectionId[]>;
  /** Live connection → its tickers in placement order. */
  readonly byConnection: ReadonlyMap<ConnectionId, ReadonlySet<string>>;
  /** Wanted tickers on no connection, in the order they became so. */
  readonly unplaced: ReadonlySet<string>;
  /** Failed connection → what its failure moved, for `restore`. */
  readonly displaced: ReadonlyMap<ConnectionId, readonly Displacement[]>;
}

const singles = new Map<ConnectionId, readonly ConnectionId[]>();

/** The shared frozen `[connection]`, so a ticker on one connection costs no array of its own. */
export function single(connection: ConnectionId): readonly ConnectionId[] {
  let one = singles.get(connection);
  if (one === undefined) {
    one = Object.freeze([connection]);
    // Bounded by the connection ids a process ever sees; a few per account.
    if (singles.size < 10_000) singles.set(connection, one);
  }
  return one;
}

/** Adds a copy of `ticker` on `connection` (after its others) to mutable maps; false if already there. */
export function addCopy(
  byTicker: Map<string, readonly ConnectionId[]>,
  set: Set<string>,
  ticker: string,
  connection: ConnectionId,
): boolean {
  if (set.has(ticker)) return false;
  set.add(ticker);
  const on = byTicker.get(ticker);
  byTicker.set(ticker, on === undefined ? single(connection) : Object.freeze([...on, connection]));
  return true;
}
