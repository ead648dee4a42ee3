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
   * Ticker → its connection (most tickers: the id itself, so the hot lookup is one `Map.get` with
   * no array behind it) or its connections, primary first (a frozen array).
   */
  readonly byTicker: ReadonlyMap<string, OnConnections>;
  /** Live connection → its tickers in placement order. */
  readonly byConnection: ReadonlyMap<ConnectionId, ReadonlySet<string>>;
  /** Wanted tickers on no connection, in the order they became so. */
  readonly unplaced: ReadonlySet<string>;
  /** Failed connection → what its failure moved, for `restore`. */
  readonly displaced: ReadonlyMap<ConnectionId, readonly Displacement[]>;
}

/** Where a ticker is: one connection, or several (frozen, primary first). */
export type OnConnections = ConnectionId | readonly ConnectionId[];

/** The connections of a `byTicker` value, as a frozen array. */
export function listOf(on: OnConnections | undefined): readonly ConnectionId[] {
  return typeof on === 'string' ? single(on) : (on ?? NONE);
}

const NONE: readonly never[] = Object.freeze([]);
const singles = new Map<ConnectionId, readonly ConnectionId[]>();

/** The shared frozen `[connection]`, so a ticker on one connection costs no array of its own. */
function single(connection: ConnectionId): readonly ConnectionId[] {
  let one = singles.get(connection);
  if (one === undefined) {
    one = Object.freeze([connection]);
    // Bounded by the connection ids a process ever sees; a few per account.
    if (singles.size < 10_000) singles.set(connection, one);
  }
  return one;
}

/** `on` with one more connection, after the others. */
export function withCopy(on: OnConnections | undefined, connection: ConnectionId): OnConnections {
  if (on === undefined) return connection;
  return Object.freeze(typeof on === 'string' ? [on, connection] : [...on, connection]);
}

/** `on` without the connection; undefined when none is left. */
export function withoutCopy(
  on: OnConnections,
  connection: ConnectionId,
): OnConnections | undefined {
  if (typeof on === 'string') return on === connection ? undefined : on;
  const rest = on.filter((c) => c !== connection);
  return rest.length === 1 ? rest[0]! : Object.freeze(rest);
}

/** Adds a copy of `ticker` on `connection` (after its others) to mutable maps; false if already there. */
export function addCopy(
  byTicker: Map<string, OnConnections>,
  set: Set<string>,
  ticker: string,
  connection: ConnectionId,
): boolean {
  if (set.has(ticker)) return false;
  set.add(ticker);
  byTicker.set(ticker, withCopy(byTicker.get(ticker), connection));
  return true;
}
