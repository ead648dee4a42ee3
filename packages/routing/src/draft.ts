import { assignmentOf, stateOf, type Assignment } from './assignment.js';
import type { RoutingPolicy } from './policy.js';
import {
  listOf,
  withCopy,
  withoutCopy,
  type AssignmentState,
  type OnConnections,
} from './state.js';
import type { ConnectionId, Displacement } from './types.js';

/**
 * A working copy of an assignment that an operation changes and then freezes into a new
 * {@link Assignment}. Connections are addressed by their index among the live ones (`live`),
 * which is what strategies rank. It records every ticker it touches, so the plan is the diff of
 * those only: an incremental change costs what it changes plus one copy of the index.
 */
export class Draft {
  policy: RoutingPolicy;
  readonly slots: ConnectionId[];
  readonly down: Set<ConnectionId>;
  /** Live connections in slot order; strategies address them by index. */
  live: ConnectionId[] = [];
  /** Tickers per live connection, by index. */
  loads: number[] = [];
  readonly #byTicker: Map<string, OnConnections>;
  readonly unplaced: Set<string>;
  readonly displaced: Map<ConnectionId, readonly Displacement[]>;
  /** Tickers whose copies changed, in the order they first did. */
  readonly touched = new Set<string>();
  /** The assignment this draft started from, if any. */
  readonly base: Assignment | undefined;
  readonly #byConnection: Map<ConnectionId, Set<string>>;
  // Sets still shared with the base assignment: copied before their first change.
  readonly #shared = new Set<Set<string> | ReadonlySet<string>>();
  #sets: (Set<string> | undefined)[] = [];

  private constructor(s: AssignmentState, base: Assignment | undefined) {
    this.policy = s.policy;
    this.slots = [...s.slots];
    this.down = new Set(s.down);
    this.#byTicker = new Map(s.byTicker);
    this.#byConnection = new Map(s.byConnection as Map<ConnectionId, Set<string>>);
    if (base !== undefined) for (const set of s.byConnection.values()) this.#shared.add(set);
    this.unplaced = new Set(s.unplaced);
    this.displaced = new Map(s.displaced);
    this.base = base;
    this.#index();
  }

  /** A draft of `assignment`, which stays as it is. */
  static of(assignment: Assignment): Draft {
    return new Draft(stateOf(assignment), assignment);
  }

  /** A draft with these connections and nothing placed. */
  static empty(policy: RoutingPolicy, connections: readonly ConnectionId[]): Draft {
    return new Draft(
      {
        policy,
        slots: connections,
        down: new Set(),
        byTicker: new Map(),
        byConnection: new Map(connections.map((c) => [c, new Set<string>()])),
        unplaced: new Set(),
        displaced: new Map(),
      },
      undefined,
    );
  }

  /** Copies of the ticker on live connections. */
  copies(ticker: string): number {
    const on = this.#byTicker.get(ticker);
    return on === undefined ? 0 : typeof on === 'string' ? 1 : on.length;
  }

  /** The live connections carrying the ticker, primary first (frozen). */
  copiesOf(ticker: string): readonly ConnectionId[] {
    return listOf(this.#byTicker.get(ticker));
  }

  /** Every placed ticker with its connections. */
  *placed(): IterableIterator<[string, readonly ConnectionId[]]> {
    for (const [t, on] of this.#byTicker) yield [t, listOf(on)];
  }

  /** Copies the ticker should have now: its wanted copies, at most one per live connection. */
  target(ticker: string): number {
    const want = this.policy.critical.has(ticker) ? this.policy.factor : 1;
    return Math.min(want, this.live.length);
  }

  /** True if the ticker has a copy on the live connection with this index. */
  holds(ticker: string, index: number): boolean {
    const on = this.#byTicker.get(ticker);
    const c = this.live[index]!;
    return typeof on === 'string' ? on === c : (on?.includes(c) ?? false);
  }

  /** True if the live connection with this index can take one more ticker. */
  hasRoom(index: number): boolean {
    return this.loads[index]! < this.policy.capacity;
  }

  /** The live connection's tickers (do not change them while iterating). */
  tickersOn(connection: ConnectionId): ReadonlySet<string> {
    return this.#byConnection.get(connection)!;
  }

  /**
   * True while the connection's tickers are still those of the assignment the draft started from:
   * that set never changes again, so what is computed from it may be kept with it.
   */
  unchanged(connection: ConnectionId): boolean {
    return this.#shared.has(this.#byConnection.get(connection)!);
  }

  isWanted(ticker: string): boolean {
    return this.#byTicker.has(ticker) || this.unplaced.has(ticker);
  }

  /** Marks a ticker wanted; until placed it is unplaced. */
  want(ticker: string): void {
    if (!this.isWanted(ticker)) {
      this.unplaced.add(ticker);
      this.touched.add(ticker);
    }
  }

  /** Puts a copy of the ticker on the live connection with this index. */
  place(ticker: string, index: number): void {
    // The hot path of a full assign: one Set.add, one Map.get and one Map.set per copy.
    const set = this.#sets[index] ?? this.#ownAt(index);
    if (set.has(ticker)) return;
    set.add(ticker);
    this.#byTicker.set(ticker, withCopy(this.#byTicker.get(ticker), this.live[index]!));
    this.loads[index]!++;
    if (this.unplaced.size > 0) this.unplaced.delete(ticker);
    if (this.base !== undefined) this.touched.add(ticker);
  }

  /** Puts the first copy of a ticker that has none on the live connection with this index. */
  placeFirst(ticker: string, index: number): void {
    (this.#sets[index] ?? this.#ownAt(index)).add(ticker);
    this.#byTicker.set(ticker, this.live[index]!);
    this.loads[index]!++;
    if (this.unplaced.size > 0) this.unplaced.delete(ticker);
    if (this.base !== undefined) this.touched.add(ticker);
  }

  /** Takes the ticker's copy off a live connection; a wanted ticker left with none is unplaced. */
  unplace(ticker: string, connection: ConnectionId): void {
    if (!this.#own(connection).delete(ticker)) return;
    this.loads[this.live.indexOf(connection)]!--;
    const rest = withoutCopy(this.#byTicker.get(ticker)!, connection);
    if (rest === undefined) {
      this.#byTicker.delete(ticker);
      this.unplaced.add(ticker);
    } else this.#byTicker.set(ticker, rest);
    this.touched.add(ticker);
  }

  /** Forgets a ticker: every copy taken off, no longer wanted. */
  drop(ticker: string): void {
    for (const c of this.copiesOf(ticker)) this.unplace(ticker, c);
    this.unplaced.delete(ticker);
    this.touched.add(ticker);
  }

  /** Adds a live connection at the end of the slots. */
  addSlot(connection: ConnectionId): void {
    this.slots.push(connection);
    this.#byConnection.set(connection, new Set());
    this.#index();
  }

  /**
   * Takes a live connection out (down, or forgotten when `forget`): each of its tickers loses that
   * copy. Returns them, in placement order.
   */
  takeDown(connection: ConnectionId, forget: boolean): string[] {
    const tickers = [...this.tickersOn(connection)];
    for (const t of tickers) this.unplace(t, connection);
    this.#byConnection.delete(connection);
    if (forget) this.slots.splice(this.slots.indexOf(connection), 1);
    else this.down.add(connection);
    this.#index();
    return tickers;
  }

  /** Forgets a connection that is down, and what its failure displaced. */
  forgetDown(connection: ConnectionId): void {
    this.down.delete(connection);
    this.slots.splice(this.slots.indexOf(connection), 1);
    this.displaced.delete(connection);
  }

  /** Brings a down connection back, empty. */
  bringUp(connection: ConnectionId): void {
    this.down.delete(connection);
    this.#byConnection.set(connection, new Set());
    this.#index();
  }

  /** Freezes the draft into an assignment; the draft must not be used afterwards. */
  finish(): Assignment {
    return assignmentOf({
      policy: this.policy,
      slots: Object.freeze(this.slots),
      down: this.down,
      byTicker: this.#byTicker,
      byConnection: this.#byConnection,
      unplaced: this.unplaced,
      displaced: this.displaced,
    });
  }

  #own(connection: ConnectionId): Set<string> {
    let set = this.#byConnection.get(connection)!;
    if (this.#shared.has(set)) {
      this.#shared.delete(set);
      set = new Set(set);
      this.#byConnection.set(connection, set);
      const i = this.live.indexOf(connection);
      if (i !== -1) this.#sets[i] = set;
    }
    return set;
  }

  #ownAt(index: number): Set<string> {
    const set = this.#own(this.live[index]!);
    this.#sets[index] = set;
    return set;
  }

  #index(): void {
    this.live = this.slots.filter((c) => !this.down.has(c));
    this.loads = this.live.map((c) => this.#byConnection.get(c)!.size);
    // Sets this draft owns, by live index; shared ones are copied on first change.
    this.#sets = this.live.map((c) => {
      const set = this.#byConnection.get(c)!;
      return this.#shared.has(set) ? undefined : set;
    });
  }
}
