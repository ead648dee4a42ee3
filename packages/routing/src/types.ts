import { ROUTING_STRATEGIES, type RoutingStrategyName } from '@tickmux/core';

/** A connection's id, e.g. `connection_1`. */
export type ConnectionId = string;

/** Every routing strategy, by the name `WEBSOCKET_ROUTING_STRATEGY` uses (the one list in core). */
export const STRATEGY_NAMES = ROUTING_STRATEGIES;

export type StrategyName = RoutingStrategyName;

/** Critical tickers and how many distinct connections each should be on. */
export interface Replication {
  /** The critical tickers; those not routed are remembered for when they are added. */
  readonly symbols: readonly string[];
  /** Connections per critical ticker; capped at the number of live connections. */
  readonly factor: number;
}

/**
 * How an assignment places tickers, kept on the {@link Assignment} so that every later operation
 * (add, remove, failover, restore, rebalance) follows the same rules: the strategy, the capacity,
 * the replication and what each strategy reads. Every ticker key is normalised.
 */
export interface RoutingOptions {
  /** Most tickers one connection may carry, replicas included. @default Infinity */
  readonly capacity?: number;
  /** Critical tickers kept on several connections. @default { symbols: [], factor: 2 } */
  readonly replication?: Replication;
  /** `load-balanced`: observed messages per second per ticker; unknown tickers count as the mean. @default empty */
  readonly stats?: ReadonlyMap<string, number>;
  /** `manual`: each connection's own list; unlisted tickers go to the least-loaded connection. @default empty */
  readonly manual?: ReadonlyMap<ConnectionId, readonly string[]>;
  /**
   * `priority`: ticker → tier (0 highest); tier i goes to the i-th connection (deeper tiers to the
   * last), tickers without a tier to the least-loaded connection. `resolveUniverses` of
   * `@tickmux/config` derives tiers from the slot order. @default empty
   */
  readonly tiers?: ReadonlyMap<string, number>;
  /** `sector`: ticker → sector. @default `sectorMap()` of `@tickmux/core` (504 US stocks) */
  readonly sectors?: ReadonlyMap<string, string>;
  /** `sector`: sector → connection; other sectors go whole, largest first, to the lightest connection. @default empty */
  readonly sectorConnections?: ReadonlyMap<string, ConnectionId>;
}

/** What {@link assign} routes: the tickers, the connections, and the {@link RoutingOptions}. */
export interface RoutingInput extends RoutingOptions {
  /** Tickers to place; normalised and de-duplicated (first occurrence wins). */
  readonly tickers: readonly string[];
  /** The connections, in order. Their order breaks every tie and numbers the priority tiers. */
  readonly connections: readonly ConnectionId[];
}

/** Defaults of the optional {@link RoutingInput} fields. */
export const DEFAULT_ROUTING_INPUT: Readonly<
  Required<Omit<RoutingOptions, 'sectors'>> & Pick<RoutingOptions, 'sectors'>
> = Object.freeze({
  capacity: Number.POSITIVE_INFINITY,
  replication: Object.freeze({ symbols: Object.freeze([]), factor: 2 }),
  stats: new Map(),
  manual: new Map(),
  tiers: new Map(),
  sectors: undefined,
  sectorConnections: new Map(),
});

/**
 * One change of a plan: subscribe `ticker` on `to` and unsubscribe it from `from`. `from` null is a
 * new copy (subscribe only); `to` null drops a copy (unsubscribe only).
 */
export interface Move {
  readonly ticker: string;
  readonly from: ConnectionId | null;
  readonly to: ConnectionId | null;
}

/**
 * One step of a plan, per connection. Send every `subscribe` of the phase (and wait for the
 * confirmations), then every `unsubscribe`, and finish the phase before starting the next.
 */
export interface Phase {
  readonly subscribe: ReadonlyMap<ConnectionId, readonly string[]>;
  readonly unsubscribe: ReadonlyMap<ConnectionId, readonly string[]>;
}

/**
 * The changes from one assignment to the next: `moves` (the diff, ticker by ticker) and the same
 * changes as ordered `phases`. Applied phase by phase, no connection ever carries more than the
 * capacity plus `headroom`, and a ticker that has a live copy before keeps one throughout (unless
 * the change drops it). `headroom` is 0 for every plan the operations return; only
 * {@link planRebalance} between arbitrary assignments may need it (a swap between full connections).
 */
export interface Plan {
  readonly moves: readonly Move[];
  readonly phases: readonly Phase[];
  readonly headroom: number;
}

/** Where a failed connection's ticker went, or which replica its failure cut (see `restore`). */
export interface Displacement {
  readonly ticker: string;
  /** The failed connection it left, or (for a replica cut to make room) the survivor it left. */
  readonly from: ConnectionId;
  /** Where it went; null when it found no room (or the replica was cut). */
  readonly to: ConnectionId | null;
}
