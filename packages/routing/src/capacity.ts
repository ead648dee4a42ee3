import { normaliseTickers } from '@tickmux/core';
import { assertLimit } from './policy.js';
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

/** What {@link connectionsNeeded} returns. */
export interface ConnectionsNeeded {
  /** The fewest connections that carry every ticker with its copies; at most `maxConnections`. */
  readonly connections: number;
  /** Slots the tickers need on that many connections: one per ticker, one more per replica. */
  readonly slots: number;
  /** Slots that many connections offer: connections × capacity. */
  readonly available: number;
  /** False when even `maxConnections` cannot carry them: routing then reports what does not fit. */
  readonly fits: boolean;
}

/**
 * The fewest connections that carry these tickers within the capacity, with every critical ticker
 * on `factor` of them (when the limit allows): 200 tickers at capacity 100 need 2. Open that many
 * and route over them to fill each evenly. 0 for no tickers. When even `maxConnections` are not
 * enough it says so (`fits: false`) rather than throwing, like every routing function.
 */
export function connectionsNeeded(
  tickers: readonly string[],
  options: ConnectionsNeededOptions = {},
): ConnectionsNeeded {
  const { capacity, replication, maxConnections } = {
    ...DEFAULT_CONNECTIONS_NEEDED_OPTIONS,
    ...options,
  };
  assertLimit('capacity', capacity);
  assertLimit('maxConnections', maxConnections);
  assertLimit('replication.factor', replication.factor, false);
  const unique = new Set(normaliseTickers(tickers, 'tickers'));
  const critical = normaliseTickers(replication.symbols, 'replication.symbols').filter((t) =>
    unique.has(t),
  ).length;
  const slotsOn = (n: number) => unique.size + critical * (Math.min(replication.factor, n) - 1);
  const result = (n: number) =>
    Object.freeze({
      connections: n,
      slots: slotsOn(n),
      available: n * capacity,
      fits: slotsOn(n) <= n * capacity,
    });
  if (unique.size === 0) return result(0);
  const spread = critical === 0 ? 1 : Math.min(replication.factor, maxConnections);
  for (let n = spread; n <= maxConnections; n++) if (slotsOn(n) <= n * capacity) return result(n);
  return result(maxConnections);
}
