import { normaliseTickers } from '@tickmux/core';
import { assertLimit } from './context.js';
import { CapacityExceededError } from './errors.js';
import { DEFAULT_ROUTING_INPUT, type Replication } from './types.js';

/** Options of {@link connectionsNeeded}. */
export interface ConnectionsNeededOptions {
  /** Most tickers one connection may carry, replicas included. @default Infinity */
  capacity?: number;
  /** Critical tickers and their copies. @default { symbols: [], factor: 2 } */
  replication?: Replication;
  /** The account's connection limit (`WEBSOCKET_CONNECTIONS_MAX`). @default Infinity */
  maxConnections?: number;
}

/** Defaults of {@link ConnectionsNeededOptions}. */
export const DEFAULT_CONNECTIONS_NEEDED_OPTIONS: Required<ConnectionsNeededOptions> = Object.freeze(
  {
    capacity: DEFAULT_ROUTING_INPUT.capacity,
    replication: DEFAULT_ROUTING_INPUT.replication,
    maxConnections: Number.POSITIVE_INFINITY,
  },
);

/**
 * The fewest connections that carry these tickers within the capacity, with every critical ticker
 * on `factor` of them (when the limit allows): 200 tickers at capacity 100 need 2. Open that many
 * and route over them to fill each evenly. 0 for no tickers. Throws `CAPACITY_EXCEEDED` when even
 * `maxConnections` are not enough.
 */
export function connectionsNeeded(
  tickers: readonly string[],
  options: ConnectionsNeededOptions = {},
): number {
  const { capacity, replication, maxConnections } = {
    ...DEFAULT_CONNECTIONS_NEEDED_OPTIONS,
    ...options,
  };
  assertLimit('capacity', capacity);
  assertLimit('maxConnections', maxConnections);
  assertLimit('replication.factor', replication.factor, false);
  const unique = new Set(normaliseTickers(tickers, 'tickers'));
  if (unique.size === 0) return 0;
  const critical = normaliseTickers(replication.symbols, 'replication.symbols').filter((t) =>
    unique.has(t),
  ).length;
  const spread = critical === 0 ? 1 : Math.min(replication.factor, maxConnections);
  for (let n = Math.max(1, spread); n <= maxConnections; n++) {
    const needed = unique.size + critical * (Math.min(replication.factor, n) - 1);
    if (needed <= n * capacity) return n;
  }
  const needed = unique.size + critical * (Math.min(replication.factor, maxConnections) - 1);
  throw new CapacityExceededError(
    `${unique.size} tickers need ${needed} slots but ${maxConnections} connection(s) of ` +
      `capacity ${capacity} offer ${maxConnections * capacity}`,
    needed,
    maxConnections * capacity,
  );
}
