import { UnknownConnectionError } from './errors.js';
import type { ConnectionId } from './types.js';

const NONE: readonly ConnectionId[] = Object.freeze([]);

/**
 * Which connections carry which tickers, indexed both ways: ticker → connections in O(1) (the
 * first is the ticker's primary), connection → tickers in placement order. Strategies return a
 * new one; `applyPlan` and `reassign` clone rather than modify, so an assignment handed to them
 * is never changed. The mutators are for an owner (the pool) that tracks live subscriptions.
 */
export class Assignment {
  // A ticker on one connection (most of them) maps to the id itself, so the hot lookup is one
  // Map.get with no array behind it; replicated tickers map to their connections, primary first.
  readonly #byTicker = new Map<string, ConnectionId | ConnectionId[]>();
  readonly #byConnection = new Map<ConnectionId, Set<string>>();

  /** An assignment with these connections and no tickers. */
  constructor(connections: Iterable<ConnectionId> = []) {
    for (const c of connections) this.addConnection(c);
  }

  /**
   * Builds an assignment from each connection's tickers (`toJSON()`'s shape). A ticker listed under
   * several connections is on each; the first listed is its primary.
   */
  static fromRecord(record: Readonly<Record<ConnectionId, readonly string[]>>): Assignment {
    const a = new Assignment(Object.keys(record));
    for (const [c, tickers] of Object.entries(record)) for (const t of tickers) a.place(t, c);
    return a;
  }

  /** The connections, in the order they were added (including those without tickers). */
  get connections(): ConnectionId[] {
    return [...this.#byConnection.keys()];
  }

  /** Distinct tickers. */
  get size(): number {
    return this.#byTicker.size;
  }

  /** Ticker copies over all connections (replicas counted). */
  get placements(): number {
    let n = 0;
    for (const set of this.#byConnection.values()) n += set.size;
    return n;
  }

  /** The ticker's primary connection, or undefined if it is not placed. O(1). */
  connectionFor(ticker: string): ConnectionId | undefined {
    const on = this.#byTicker.get(ticker);
    return typeof on === 'string' ? on : on?.[0];
  }

  /** Every connection carrying the ticker, primary first; empty if it is not placed. O(1). */
  connectionsFor(ticker: string): readonly ConnectionId[] {
    const on = this.#byTicker.get(ticker);
    return on === undefined ? NONE : typeof on === 'string' ? [on] : on;
  }

  has(ticker: string): boolean {
    return this.#byTicker.has(ticker);
  }

  hasConnection(connection: ConnectionId): boolean {
    return this.#byConnection.has(connection);
  }

  /** The connection's tickers in placement order. Throws `UNKNOWN_CONNECTION` for an unknown id. */
  tickersOn(connection: ConnectionId): string[] {
    return [...this.#set(connection)];
  }

  /** How many tickers the connection carries. Throws `UNKNOWN_CONNECTION` for an unknown id. */
  load(connection: ConnectionId): number {
    return this.#set(connection).size;
  }

  /** Every placed ticker, in placement order. */
  tickers(): IterableIterator<string> {
    return this.#byTicker.keys();
  }

  /** Every placed ticker with its connections (primary first). */
  *entries(): IterableIterator<[string, readonly ConnectionId[]]> {
    for (const t of this.#byTicker.keys()) yield [t, this.connectionsFor(t)];
  }

  /** Adds a connection without tickers; nothing happens if it is already there. */
  addConnection(connection: ConnectionId): this {
    if (!this.#byConnection.has(connection)) this.#byConnection.set(connection, new Set());
    return this;
  }

  /** Removes a connection and returns the tickers it carried (they keep their other copies). */
  removeConnection(connection: ConnectionId): string[] {
    const tickers = this.tickersOn(connection);
    for (const t of tickers) this.unplace(t, connection);
    this.#byConnection.delete(connection);
    return tickers;
  }

  /** Puts a copy of the ticker on the connection (after its existing copies); idempotent. */
  place(ticker: string, connection: ConnectionId): this {
    const set = this.#set(connection);
    if (set.has(ticker)) return this;
    set.add(ticker);
    const on = this.#byTicker.get(ticker);
    if (on === undefined) this.#byTicker.set(ticker, connection);
    else if (typeof on === 'string') this.#byTicker.set(ticker, [on, connection]);
    else on.push(connection);
    return this;
  }

  /** Takes the ticker's copy off the connection; false if it was not there. */
  unplace(ticker: string, connection: ConnectionId): boolean {
    if (!this.#set(connection).delete(ticker)) return false;
    const on = this.#byTicker.get(ticker)!;
    if (typeof on === 'string') this.#byTicker.delete(ticker);
    else {
      on.splice(on.indexOf(connection), 1);
      if (on.length === 1) this.#byTicker.set(ticker, on[0]!);
    }
    return true;
  }

  /** An independent copy. */
  clone(): Assignment {
    const copy = new Assignment(this.#byConnection.keys());
    for (const [t, conns] of this.entries()) for (const c of conns) copy.place(t, c);
    return copy;
  }

  /**
   * True when both place every ticker on the same set of connections. Connections without
   * tickers, and which copy is primary, are not compared.
   */
  samePlacements(other: Assignment): boolean {
    if (other.size !== this.size) return false;
    for (const [t, conns] of this.entries()) {
      const theirs = other.connectionsFor(t);
      if (theirs.length !== conns.length || !conns.every((c) => theirs.includes(c))) return false;
    }
    return true;
  }

  /** Each connection's tickers: `{ connection_1: ['AAPL', ...], ... }`. */
  toJSON(): Record<ConnectionId, string[]> {
    const out: Record<ConnectionId, string[]> = {};
    for (const [c, set] of this.#byConnection) out[c] = [...set];
    return out;
  }

  #set(connection: ConnectionId): Set<string> {
    const set = this.#byConnection.get(connection);
    if (set === undefined) throw new UnknownConnectionError(connection, this.connections);
    return set;
  }
}
