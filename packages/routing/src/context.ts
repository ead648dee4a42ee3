import { InvalidArgumentError, normaliseTickers } from '@tickmux/core';
import { DEFAULT_ROUTING_INPUT, type ConnectionId, type RoutingInput } from './types.js';

/** A validated {@link RoutingInput} plus the loads placement builds up, shared with the strategy. */
export interface Context {
  readonly input: RoutingInput;
  /** Normalised, unique, in input order. */
  readonly tickers: readonly string[];
  readonly connections: readonly ConnectionId[];
  readonly capacity: number;
  /** Critical tickers among `tickers`. */
  readonly critical: ReadonlySet<string>;
  /** Copies of each critical ticker: min(replication factor, connections). */
  readonly copies: number;
  /** Tickers placed so far per connection index; updated by placement as it goes. */
  readonly loads: number[];
}

/** Validates and normalises a routing input; throws `INVALID_ARGUMENT`/`INVALID_TICKER` naming the field. */
export function createContext(input: RoutingInput): Context {
  const connections = validConnections(input.connections);
  const capacity = assertLimit('capacity', input.capacity ?? DEFAULT_ROUTING_INPUT.capacity);
  const replication = input.replication ?? DEFAULT_ROUTING_INPUT.replication;
  assertLimit('replication.factor', replication.factor, false);
  const tickers = normaliseTickers(input.tickers, 'tickers');
  const wanted = new Set(tickers);
  const critical = new Set(
    normaliseTickers(replication.symbols, 'replication.symbols').filter((t) => wanted.has(t)),
  );
  return {
    input,
    tickers,
    connections,
    capacity,
    critical,
    copies: Math.min(replication.factor, connections.length),
    loads: connections.map(() => 0),
  };
}

function validConnections(connections: readonly ConnectionId[]): readonly ConnectionId[] {
  const seen = new Set<string>();
  connections.forEach((c, i) => {
    if (typeof c !== 'string' || c === '') {
      throw new InvalidArgumentError(`connections[${i}]`, c, 'must be a non-empty string');
    }
    if (seen.has(c)) throw new InvalidArgumentError(`connections[${i}]`, c, 'listed twice');
    seen.add(c);
  });
  return connections;
}

/** The connection index with the fewest tickers among those `ok` accepts (ties: lowest index); -1 if none. */
export function leastLoadedIndex(ctx: Context, ok: (i: number) => boolean = () => true): number {
  let best = -1;
  for (let i = 0; i < ctx.loads.length; i++) {
    if (ok(i) && (best === -1 || ctx.loads[i]! < ctx.loads[best]!)) best = i;
  }
  return best;
}

/**
 * Fills `out` with connection indices 0..keys.length-1 by ascending key (ties: lowest index) and
 * returns it. Insertion sort into a reused array: there are few connections and one call per
 * ticker, so this avoids an allocation and a comparator closure per ticker.
 */
export function rankInto(out: number[], keys: ArrayLike<number>): number[] {
  out.length = keys.length;
  for (let i = 0; i < keys.length; i++) {
    let j = i;
    while (j > 0 && keys[out[j - 1]!]! > keys[i]!) {
      out[j] = out[j - 1]!;
      j--;
    }
    out[j] = i;
  }
  return out;
}

/** Checks a count limit: a whole number >= 1, or Infinity where `unbounded` allows it. */
export function assertLimit(field: string, value: number, unbounded = true): number {
  const ok =
    (Number.isInteger(value) && value >= 1) || (unbounded && value === Number.POSITIVE_INFINITY);
  if (!ok) {
    const expected = unbounded ? 'a whole number >= 1 or Infinity' : 'a whole number >= 1';
    throw new InvalidArgumentError(field, value, `must be ${expected}`);
  }
  return value;
}
