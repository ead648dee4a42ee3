import { ROUTING_STRATEGIES, type RoutingStrategyName } from '@tickmux/core';

/** A connection's id, e.g. `connection_1`. */
export type ConnectionId = string;

/** Every routing strategy, by the name `WEBSOCKET_ROUTING_STRATEGY` uses (the one list in core). */
export const STRATEGY_NAMES = ROUTING_STRATEGIES;

export type StrategyName = RoutingStrategyName;

/** Critical tickers and how many distinct connections each should be on. */
export interface Replication {
  /** The critical tickers; those not among the routed tickers are ignored. */
  readonly symbols: readonly string[];
  /** Connections per critical ticker; capped at the number of live connections. */
  readonly factor: number;
}

/** What a strategy routes: the tickers, the live connections, the limits and what is known. */
export interface RoutingInput {
  /** Tickers to place; normalised and de-duplicated (first occurrence wins). */
  readonly tickers: readonly string[];
  /** The live connections. Their order breaks every tie, so it makes plans deterministic. */
  readonly connections: readonly ConnectionId[];
  /** Most tickers one connection may carry, replicas included. @default Infinity */
  readonly capacity?: number;
  /** Critical tickers kept on several connections. @default { symbols: [], factor: 2 } */
  readonly replication?: Replication;
  /** `load-balanced`: observed messages per second per ticker; unknown tickers count as the mean. @default empty */
  readonly stats?: ReadonlyMap<string, number>;
  /** `manual`: each connection's own list; unlisted tickers go to the least-loaded connection. @default empty */
  readonly manual?: ReadonlyMap<ConnectionId, readonly string[]>;
  /** `priority`: ticker → tier (0 highest); tier i goes to the i-th connection, unknown to the last. @default empty */
  readonly tiers?: ReadonlyMap<string, number>;
  /** `sector`: ticker → sector. @default `sectorMap()` of `@tickmux/core` (504 US stocks) */
  readonly sectors?: ReadonlyMap<string, string>;
  /** `sector`: sector → connection; other sectors are placed whole, largest first, least-loaded. @default empty */
  readonly sectorConnections?: ReadonlyMap<string, ConnectionId>;
}

/** Defaults of the optional {@link RoutingInput} fields. */
export const DEFAULT_ROUTING_INPUT: Readonly<
  Required<
    Pick<
      RoutingInput,
      'capacity' | 'replication' | 'stats' | 'manual' | 'tiers' | 'sectorConnections'
    >
  >
> = Object.freeze({
  capacity: Number.POSITIVE_INFINITY,
  replication: Object.freeze({ symbols: Object.freeze([]), factor: 2 }),
  stats: new Map(),
  manual: new Map(),
  tiers: new Map(),
  sectorConnections: new Map(),
});

/**
 * One step of a plan: subscribe `ticker` on `to` and unsubscribe it from `from`. `from` null is a
 * new copy (subscribe only); `to` null drops a copy (unsubscribe only).
 */
export interface Move {
  readonly ticker: string;
  readonly from: ConnectionId | null;
  readonly to: ConnectionId | null;
}

/** The moves that turn one assignment into another. */
export interface RebalancePlan {
  readonly moves: readonly Move[];
}
