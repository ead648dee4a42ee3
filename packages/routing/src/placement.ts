import { Assignment } from './assignment.js';
import { createContext, leastLoadedIndex, type Context } from './context.js';
import { CapacityExceededError, NoConnectionsError } from './errors.js';
import type { RoutingInput } from './types.js';

/** How one strategy chooses connections. Created for each run, so it may keep state. */
export interface Chooser {
  /**
   * Connection indices to try for the ticker, best first. Full connections are skipped; if the
   * list runs out before the ticker has `copies` connections, the least-loaded ones are used.
   */
  prefer(ticker: string, copies: number): readonly number[];
  /** Where the ticker went (indices; valid only during the call). */
  placed?(ticker: string, on: readonly number[]): void;
}

/** A routing strategy: an optional placement order and a chooser. */
export interface Strategy {
  /** The order to place tickers in; default the input order. Critical tickers still go first. */
  order?(ctx: Context): readonly string[];
  create(ctx: Context): Chooser;
}

/**
 * Places every ticker on one connection, and every critical ticker on min(r, connections)
 * distinct ones, never past the capacity. Throws `CAPACITY_EXCEEDED` up front when the slots
 * needed exceed connections × capacity (no partial plan), `NO_CONNECTIONS` when there are
 * tickers but no connection. Within capacity a full connection spills to the strategy's next
 * choice, then to the least-loaded connection.
 */
export function place(strategy: Strategy, input: RoutingInput): Assignment {
  const ctx = createContext(input);
  const { tickers, connections, capacity, critical, copies, loads } = ctx;
  const assignment = new Assignment(connections);
  if (tickers.length === 0) return assignment;
  if (connections.length === 0) throw new NoConnectionsError(tickers.length);
  const needed = tickers.length + critical.size * (copies - 1);
  const available = connections.length * capacity;
  if (needed > available) {
    throw new CapacityExceededError(
      `${tickers.length} tickers need ${needed} slots (replicas included) but ` +
        `${connections.length} connection(s) of capacity ${capacity} offer ${available}`,
      needed,
      available,
    );
  }
  const chooser = strategy.create(ctx);
  const ordered = strategy.order?.(ctx) ?? tickers;
  // Critical tickers first: each needs several connections with room, easiest while all have some.
  const sequence =
    critical.size === 0
      ? ordered
      : [...ordered.filter((t) => critical.has(t)), ...ordered.filter((t) => !critical.has(t))];
  const picked: number[] = [];
  const free = (i: number) => loads[i]! < capacity && !picked.includes(i);
  for (const ticker of sequence) {
    const need = critical.has(ticker) ? copies : 1;
    picked.length = 0;
    for (const i of chooser.prefer(ticker, need)) {
      if (picked.length === need) break;
      if (free(i)) picked.push(i);
    }
    while (picked.length < need) {
      const i = leastLoadedIndex(ctx, free);
      if (i === -1) {
        throw new CapacityExceededError(
          `no room for ${ticker} on ${need} distinct connections (capacity ${capacity})`,
          needed,
          available,
          ticker,
        );
      }
      picked.push(i);
    }
    for (const i of picked) {
      loads[i]!++;
      assignment.place(ticker, connections[i]!);
    }
    chooser.placed?.(ticker, picked);
  }
  return assignment;
}
