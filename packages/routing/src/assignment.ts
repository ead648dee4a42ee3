import { isValidTicker, normaliseTickers } from '@tickmux/core';
import { UnknownConnectionError } from './errors.js';
import { createPolicy, validConnections, type RoutingPolicy } from './policy.js';
import { addCopy, listOf, type AssignmentState, type OnConnections } from './state.js';
import type { ConnectionId, Displacement, RoutingOptions, StrategyName } from './types.js';

const NONE: readonly never[] = Object.freeze([]);

let build: (state: AssignmentState) => Assignment;
let read: (assignment: Assignment) => AssignmentState;

/**
 * Which connections carry which tickers, and the rules that put them there. Immutable: every
 * operation (`addTickers`, `failConnection`, `restore`, `rebalance`, ...) returns a new one with a
 * plan from this one. Lookups are O(1) and take tickers in any case (`aapl` finds `AAPL`); what
 * they return is frozen. Besides placements it knows its capacity and wanted copies, the tickers
 * that did not fit (`unplaced`), the critical tickers short of copies (`underReplicated`), the
 * connections that are down, and what their failure moved (`displaced`), so `restore` can move
 * it back.
 */
export class Assignment {
  readonly #s: AssignmentState;
  // The lookup's map, held directly: `connectionFor` is on the hot path of every tick.
  readonly #byTicker: ReadonlyMap<string, OnConnections>;
  #connections: readonly ConnectionId[] | undefined;
  #underReplicated: readonly string[] | undefined;

  private constructor(state: AssignmentState) {
    this.#s = state;
    this.#byTicker = state.byTicker;
  }

  static {
    build = (state) => new Assignment(state);
    read = (a) => a.#s;
  }

  /**
   * An assignment of what each connection carries (`toJSON()`'s shape, e.g. what a pool has
   * subscribed), with the rules later operations follow (`strategy` default `least-loaded`). A
   * ticker listed under several connections is on each; the first listed is its primary.
   * Tickers are normalised; throws `INVALID_TICKER`/`INVALID_ARGUMENT` naming the field.
   */
  static fromRecord(
    record: Readonly<Record<ConnectionId, readonly string[]>>,
    options: RoutingOptions & { readonly strategy?: StrategyName } = {},
  ): Assignment {
    const policy = createPolicy(options.strategy ?? 'least-loaded', options);
    const slots = validConnections(Object.keys(record));
    const byTicker = new Map<string, OnConnections>();
    const byConnection = new Map<ConnectionId, Set<string>>();
    for (const c of slots) {
      const set = new Set<string>();
      byConnection.set(c, set);
      for (const t of normaliseTickers(record[c]!, `record.${c}`)) addCopy(byTicker, set, t, c);
    }
    const none = new Set<string>();
    return new Assignment({
      policy,
      slots,
      down: none,
      byTicker,
      byConnection,
      unplaced: none,
      displaced: new Map(),
    });
  }

  /** The rules every operation on this assignment follows (strategy, capacity, replication, ...). */
  get policy(): RoutingPolicy {
    return this.#s.policy;
  }

  get strategy(): StrategyName {
    return this.#s.policy.strategy;
  }

  /** Most tickers one connection may carry, replicas included. */
  get capacity(): number {
    return this.#s.policy.capacity;
  }

  /** The live connections, in order (frozen). */
  get connections(): readonly ConnectionId[] {
    this.#connections ??= Object.freeze(this.#s.slots.filter((c) => !this.#s.down.has(c)));
    return this.#connections;
  }

  /** Connections that failed and were not restored, in order (frozen). */
  get downConnections(): readonly ConnectionId[] {
    return Object.freeze(this.#s.slots.filter((c) => this.#s.down.has(c)));
  }

  /** Distinct placed tickers. */
  get size(): number {
    return this.#byTicker.size;
  }

  /** Ticker copies over all connections (replicas counted). */
  get placements(): number {
    let n = 0;
    for (const set of this.#s.byConnection.values()) n += set.size;
    return n;
  }

  /** Wanted tickers on no connection: no room, or no live connection (frozen). */
  get unplaced(): readonly string[] {
    return this.#s.unplaced.size === 0 ? NONE : Object.freeze([...this.#s.unplaced]);
  }

  /** Placed critical tickers with fewer copies than the replication factor (frozen). */
  get underReplicated(): readonly string[] {
    if (this.#underReplicated === undefined) {
      const { critical, factor } = this.#s.policy;
      const short: string[] = [];
      if (factor > 1) {
        for (const t of critical) {
          const on = this.#byTicker.get(t);
          if (on !== undefined && listOf(on).length < factor) short.push(t);
        }
      }
      this.#underReplicated = short.length === 0 ? NONE : Object.freeze(short);
    }
    return this.#underReplicated;
  }

  /** True when some critical ticker has fewer copies than the factor (too few live connections, or no room). */
  get replicationCut(): boolean {
    return this.underReplicated.length > 0;
  }

  /** The ticker's primary connection, or undefined if it is not placed. O(1). */
  connectionFor(ticker: string): ConnectionId | undefined {
    const on = this.#byTicker.get(ticker);
    if (typeof on === 'string') return on;
    return on === undefined ? this.#lookup(ticker)[0] : on[0];
  }

  /** Every connection carrying the ticker, primary first (frozen); empty if it is not placed. O(1). */
  connectionsFor(ticker: string): readonly ConnectionId[] {
    const on = this.#byTicker.get(ticker);
    return on === undefined ? this.#lookup(ticker) : listOf(on);
  }

  /** True if the ticker is on some connection. */
  has(ticker: string): boolean {
    return this.connectionsFor(ticker).length > 0;
  }

  /** True if the ticker is wanted: placed, or unplaced for want of room. */
  isWanted(ticker: string): boolean {
    const t = normalised(ticker);
    return t !== undefined && (this.#byTicker.has(t) || this.#s.unplaced.has(t));
  }

  /** Copies the policy wants of a ticker: the factor if critical, else 1 (before any cut). */
  copiesWanted(ticker: string): number {
    const t = normalised(ticker);
    return t !== undefined && this.#s.policy.critical.has(t) ? this.#s.policy.factor : 1;
  }

  /** True if the connection is live here. */
  hasConnection(connection: ConnectionId): boolean {
    return this.#s.byConnection.has(connection);
  }

  /** The connection's tickers in placement order. Throws `UNKNOWN_CONNECTION` for an id that is not live. */
  tickersOn(connection: ConnectionId): string[] {
    return [...this.#set(connection)];
  }

  /** How many tickers the connection carries. Throws `UNKNOWN_CONNECTION` for an id that is not live. */
  load(connection: ConnectionId): number {
    return this.#set(connection).size;
  }

  /** Tickers the connection can still take: capacity − load (Infinity without a capacity). */
  room(connection: ConnectionId): number {
    return Math.max(0, this.#s.policy.capacity - this.load(connection));
  }

  /** What the failure of `connection` moved, for `restore` (frozen; empty if nothing). */
  displacedFrom(connection: ConnectionId): readonly Displacement[] {
    return this.#s.displaced.get(connection) ?? NONE;
  }

  /** Every placed ticker, in placement order. */
  tickers(): IterableIterator<string> {
    return this.#byTicker.keys();
  }

  /** Every placed ticker with its connections (primary first). */
  *entries(): IterableIterator<[string, readonly ConnectionId[]]> {
    for (const [t, on] of this.#byTicker) yield [t, listOf(on)];
  }

  /**
   * True when both place every ticker on the same set of connections. Connections without
   * tickers, which copy is primary and placement order are not compared.
   */
  samePlacements(other: Assignment): boolean {
    if (other.size !== this.size) return false;
    for (const [t, conns] of this.entries()) {
      const theirs = other.connectionsFor(t);
      if (theirs.length !== conns.length || !conns.every((c) => theirs.includes(c))) return false;
    }
    return true;
  }

  /** Each live connection's tickers: `{ connection_1: ['AAPL', ...], ... }`. */
  toJSON(): Record<ConnectionId, string[]> {
    const out: Record<ConnectionId, string[]> = {};
    for (const [c, set] of this.#s.byConnection) out[c] = [...set];
    return out;
  }

  #lookup(ticker: string): readonly ConnectionId[] {
    const t = typeof ticker === 'string' && !isValidTicker(ticker) ? normalised(ticker) : undefined;
    return t === undefined ? NONE : listOf(this.#byTicker.get(t));
  }

  #set(connection: ConnectionId): ReadonlySet<string> {
    const set = this.#s.byConnection.get(connection);
    if (set === undefined) throw new UnknownConnectionError(connection, this.connections);
    return set;
  }
}

/** A ticker in normal form, or undefined if it cannot be one. */
function normalised(ticker: unknown): string | undefined {
  if (typeof ticker !== 'string') return undefined;
  const t = ticker.trim().toUpperCase();
  return isValidTicker(t) ? t : undefined;
}

/** An assignment over this state (the package's own constructor; not exported publicly). */
export const assignmentOf = (state: AssignmentState): Assignment => build(state);

/** The state behind an assignment, for a {@link Draft} to copy. */
export const stateOf = (assignment: Assignment): AssignmentState => read(assignment);
