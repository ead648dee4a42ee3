import {
  MassiveClient,
  type ClientState,
  type MassiveClientOptions,
  type SocketCloseInfo,
  type StateChangeReason,
  type TopicSelection,
} from '@tickmux/client';
import {
  InvalidArgumentError,
  silentLogger,
  systemClock,
  type MassiveEvent,
  type ServerStatus,
  type TickData,
} from '@tickmux/core';
import {
  STRATEGY_NAMES,
  type Replication,
  type RoutingOptions,
  type StrategyName,
} from '@tickmux/routing';
import type { DedupOptions } from './dedup-options.js';
import type { GapLedgerOptions, GapReport } from './gap-ledger-options.js';
import type { SlotGateFn } from './slot-gate.js';
import type { SocketBudgetOptions } from './socket-budget-options.js';
import { assertFunction, assertName, integerOption, optionsObject } from './validate.js';

/** What the manager needs of a client: the slice of `MassiveClient` it drives (fakes in tests). */
export interface PoolClient {
  readonly state: ClientState;
  /** `clock.now()` when the last frame arrived, set before its events are delivered. */
  readonly lastMessageAt: number | null;
  /** Tickers the client holds (on any channel). */
  readonly tickers: string[];
  connect(): Promise<boolean>;
  subscribe(selection: TopicSelection): Promise<boolean>;
  unsubscribe(selection: TopicSelection): Promise<boolean>;
  disconnect(): Promise<void>;
}

/** Makes the client of one connection; the manager passes every option and callback it needs. */
export type ClientFactory = (options: MassiveClientOptions) => PoolClient;

/** One connection of the pool: its id (`connection_<n>`), display name and initial tickers. */
export interface ConnectionSpec {
  readonly id: string;
  /** @default the id */
  readonly name?: string;
  /** Subscribed at start (once each); under `manual` routing, this connection's own list. */
  readonly tickers?: readonly string[];
}

/** Routing: a strategy name, or the strategy with the options it reads (`@tickmux/routing`). */
export type PoolRouting =
  StrategyName | (Omit<RoutingOptions, 'replication'> & { readonly strategy?: StrategyName });

/** The third argument of `onTick` and second of `onEvent`. */
export interface TickInfo {
  /** The connection whose copy was delivered (the first to arrive). */
  readonly connection_id: string;
  /** True for an A/AM bar that re-sends a window already delivered, with new values. */
  readonly correction: boolean;
}

/** A server status as the pool reports it: the client's typed status plus its connection. */
export type PoolStatus = ServerStatus & { readonly connection_id: string };

/** A lifecycle change of one connection, as the pool reports it. */
export type PoolStateChangeReason = StateChangeReason & { readonly connection_id: string };

/** The universe, resolved when `connect()` runs (what `createManagerFromConfig` supplies). */
export interface ResolvedPoolUniverse {
  /** Each connection's own list (manual routing), by id. */
  readonly connections: readonly { readonly id: string; readonly tickers: readonly string[] }[];
  /** Every ticker to subscribe (de-duplicated). */
  readonly tickers: readonly string[];
  /** Ticker → tier for `priority` routing. */
  readonly tiers?: ReadonlyMap<string, number>;
}

type ClientPassThrough = Pick<
  MassiveClientOptions,
  | 'apiKey'
  | 'url'
  | 'cluster'
  | 'channels'
  | 'connectTimeoutMs'
  | 'backoff'
  | 'maxRetries'
  | 'stableAfterMs'
  | 'maxConnectionsDelayMs'
  | 'heartbeatIntervalMs'
  | 'heartbeatTimeoutMs'
  | 'dataSilenceMs'
  | 'circuitBreaker'
  | 'confirmTimeoutMs'
  | 'chunk'
  | 'logger'
  | 'clock'
  | 'WebSocket'
  | 'random'
>;

/**
 * Options of `new MultiConnectionManager(options)`: every `MassiveClient` option (passed to each
 * connection's client) plus the pool's own. Only `apiKey` is required.
 */
export interface MultiConnectionManagerOptions extends ClientPassThrough {
  /** The account's socket limit N (`WEBSOCKET_CONNECTIONS_MAX`); sockets never exceed it. @default 3 */
  maxConnections?: number;
  /**
   * The connections, in order (ids or specs). @default `connection_1` … `connection_<maxConnections>`
   * (just `connection_1` when `multiConnection` is false, or at first when `autoScale` is on)
   */
  connections?: readonly (string | ConnectionSpec)[];
  /**
   * Open only as many connections as the wanted tickers need under `routing.capacity` and the
   * replication (`connectionsNeeded`), adding `connection_<n>` as tickers arrive, up to
   * `maxConnections`. @default false
   */
  autoScale?: boolean;
  /**
   * `USE_MULTI_CONNECTION`. False: one connection that behaves exactly like one `MassiveClient`
   * (its own reconnects and resubscription; no failover, rebalance or replication). @default true
   */
  multiConnection?: boolean;
  /** @default 'least-loaded' */
  routing?: PoolRouting;
  /** Critical tickers and the connections each is kept on. @default { symbols: [], factor: 2 } */
  replication?: Replication;
  /** `WEBSOCKET_FAILOVER_ENABLED`: move a dead connection's tickers to survivors at once. @default true */
  failover?: boolean;
  /** `WEBSOCKET_AUTO_REBALANCE`: move them back on recovery; re-plan `load-balanced` on observed rates. @default true */
  autoRebalance?: boolean;
  /** `WEBSOCKET_HEALTH_CHECK_INTERVAL`, ms; 0 runs no loop. @default 30000 */
  healthCheckIntervalMs?: number;
  /** Rebalance hysteresis ε (`@tickmux/routing` `rebalance`). @default 0.1 */
  rebalanceTolerance?: number;
  /** De-duplication bounds (`Dedup`). */
  dedup?: Omit<DedupOptions, 'clock' | 'maxSources'>;
  /** Gap accounting (`GapLedger`): `contiguous` only against the simulator's contiguous mode. */
  gaps?: Pick<GapLedgerOptions, 'contiguous' | 'settleMs' | 'historySize' | 'sequencedChannels'>;
  /** The account's slots (`SocketBudget`); `maxSockets` is `maxConnections`. */
  budget?: Omit<SocketBudgetOptions, 'maxSockets' | 'clock' | 'logger'>;
  /** Resolves the universe when `connect()` runs (see `createManagerFromConfig`). */
  universe?: () => Promise<ResolvedPoolUniverse>;
  /** @default a `MassiveClient` */
  createClient?: ClientFactory;
  /**
   * Consulted after the socket budget and before each socket of connection n (from 1, in order)
   * with slot n, e.g. `@tickmux/ha`'s lease on that slot: the socket opens once it resolves and is
   * closed at once (close handshake) when its pass's signal aborts; the connection then waits at
   * the gate again, its tickers' gaps open, and nothing fails over. @default none
   */
  slotGate?: SlotGateFn;
  /** Each delivered event with a tick (T, Q, A, AM), de-duplicated across connections. */
  onTick?: (tick: TickData, event: MassiveEvent, info: TickInfo) => void;
  /** Every delivered event (any channel), de-duplicated. */
  onEvent?: (event: MassiveEvent, info: TickInfo) => void;
  /** Every server status of every connection, with `connection_id`. */
  onStatus?: (status: PoolStatus) => void;
  /** Every lifecycle change of every connection, with `reason.connection_id`. */
  onStateChange?: (
    state: ClientState,
    previous: ClientState,
    reason: PoolStateChangeReason,
  ) => void;
  /** An interval in which a ticker had no live subscription, for backfill. */
  onGap?: (gap: GapReport) => void;
  /** Each socket of each connection that ends, with its connection. */
  onSocketClose?: (info: SocketCloseInfo & { readonly connection_id: string }) => void;
}

export const DEFAULT_MANAGER_OPTIONS: Readonly<{
  maxConnections: number;
  autoScale: boolean;
  multiConnection: boolean;
  routing: StrategyName;
  failover: boolean;
  autoRebalance: boolean;
  healthCheckIntervalMs: number;
  rebalanceTolerance: number;
}> = Object.freeze({
  maxConnections: 3,
  autoScale: false,
  multiConnection: true,
  routing: 'least-loaded',
  failover: true,
  autoRebalance: true,
  healthCheckIntervalMs: 30_000,
  rebalanceTolerance: 0.1,
});

/** Options with defaults applied and checked. */
export interface ResolvedManagerOptions {
  client: Omit<MassiveClientOptions, 'apiKey'>;
  apiKey: string;
  maxConnections: number;
  connections: ConnectionSpec[];
  autoScale: boolean;
  multiConnection: boolean;
  strategy: StrategyName;
  routing: Omit<RoutingOptions, 'replication'>;
  replication: Replication;
  failover: boolean;
  autoRebalance: boolean;
  healthCheckIntervalMs: number;
  rebalanceTolerance: number;
  dedup: Omit<DedupOptions, 'clock' | 'maxSources'>;
  gaps: Pick<GapLedgerOptions, 'contiguous' | 'settleMs' | 'historySize' | 'sequencedChannels'>;
  budget: Omit<SocketBudgetOptions, 'maxSockets' | 'clock' | 'logger'>;
  universe: MultiConnectionManagerOptions['universe'];
  createClient: ClientFactory;
  slotGate: SlotGateFn | undefined;
  onTick: MultiConnectionManagerOptions['onTick'];
  onEvent: MultiConnectionManagerOptions['onEvent'];
  onStatus: MultiConnectionManagerOptions['onStatus'];
  onStateChange: MultiConnectionManagerOptions['onStateChange'];
  onGap: MultiConnectionManagerOptions['onGap'];
  onSocketClose: MultiConnectionManagerOptions['onSocketClose'];
}

const POOL_KEYS = new Set([
  'maxConnections',
  'connections',
  'autoScale',
  'multiConnection',
  'routing',
  'replication',
  'failover',
  'autoRebalance',
  'healthCheckIntervalMs',
  'rebalanceTolerance',
  'dedup',
  'gaps',
  'budget',
  'universe',
  'createClient',
  'slotGate',
  'onTick',
  'onEvent',
  'onStatus',
  'onStateChange',
  'onGap',
  'onSocketClose',
  'apiKey',
]);

/** `connection_<n>`: the id config, routing and status callbacks use for slot n. */
export const poolConnectionId = (n: number): string => `connection_${n}`;

/** Applies defaults and validates; throws `InvalidArgumentError` naming the first bad option. */
export function resolveManagerOptions(
  options: MultiConnectionManagerOptions,
): ResolvedManagerOptions {
  const o = optionsObject(options) as MultiConnectionManagerOptions;
  const d = DEFAULT_MANAGER_OPTIONS;
  if (typeof o.apiKey !== 'string' || o.apiKey === '')
    throw new InvalidArgumentError('apiKey', '[redacted]', 'must be a non-empty string');
  const maxConnections = integerOption(o, d, 'maxConnections', 1, 64);
  const flag = (key: 'autoScale' | 'multiConnection' | 'failover' | 'autoRebalance') => {
    const v = o[key] ?? d[key];
    if (typeof v !== 'boolean') throw new InvalidArgumentError(key, v, 'must be a boolean');
    return v;
  };
  const multiConnection = flag('multiConnection');
  const autoScale = flag('autoScale');
  const connections = connectionSpecs(o.connections, maxConnections, multiConnection, autoScale);
  const routingOption = o.routing ?? d.routing;
  const { strategy = d.routing, ...routing } =
    typeof routingOption === 'string' ? { strategy: routingOption } : routingOption;
  if (!(STRATEGY_NAMES as readonly string[]).includes(strategy))
    throw new InvalidArgumentError(
      'routing.strategy',
      strategy,
      `must be one of ${STRATEGY_NAMES.join(', ')}`,
    );
  const tolerance = o.rebalanceTolerance ?? d.rebalanceTolerance;
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0)
    throw new InvalidArgumentError('rebalanceTolerance', tolerance, 'must be a finite number >= 0');
  const client: Omit<MassiveClientOptions, 'apiKey'> = {};
  for (const [key, value] of Object.entries(o)) {
    if (!POOL_KEYS.has(key) && value !== undefined)
      (client as Record<string, unknown>)[key] = value;
  }
  client.logger ??= silentLogger;
  client.clock ??= systemClock;
  const fn = <F>(key: string, f: F | undefined) => (f === undefined ? f : assertFunction(key, f));
  return {
    client,
    apiKey: o.apiKey,
    maxConnections,
    connections,
    autoScale: multiConnection && autoScale,
    multiConnection,
    strategy,
    routing,
    replication: multiConnection
      ? (o.replication ?? { symbols: [], factor: 2 })
      : { symbols: [], factor: 1 },
    failover: multiConnection && flag('failover'),
    autoRebalance: multiConnection && flag('autoRebalance'),
    healthCheckIntervalMs: integerOption(o, d, 'healthCheckIntervalMs', 0, 86_400_000),
    rebalanceTolerance: tolerance,
    dedup: o.dedup ?? {},
    gaps: o.gaps ?? {},
    budget: o.budget ?? {},
    universe: fn('universe', o.universe),
    createClient: fn('createClient', o.createClient) ?? ((opts) => new MassiveClient(opts)),
    slotGate: fn('slotGate', o.slotGate),
    onTick: fn('onTick', o.onTick),
    onEvent: fn('onEvent', o.onEvent),
    onStatus: fn('onStatus', o.onStatus),
    onStateChange: fn('onStateChange', o.onStateChange),
    onGap: fn('onGap', o.onGap),
    onSocketClose: fn('onSocketClose', o.onSocketClose),
  };
}

function connectionSpecs(
  given: MultiConnectionManagerOptions['connections'],
  maxConnections: number,
  multiConnection: boolean,
  autoScale: boolean,
): ConnectionSpec[] {
  if (given === undefined) {
    const n = !multiConnection || autoScale ? 1 : maxConnections;
    return Array.from({ length: n }, (_, i) => ({ id: poolConnectionId(i + 1) }));
  }
  if (!Array.isArray(given) || given.length === 0)
    throw new InvalidArgumentError('connections', given, 'must list at least one connection');
  const specs = (given as readonly unknown[]).map((c, i): ConnectionSpec => {
    const spec = (typeof c === 'string' ? { id: c } : c) as ConnectionSpec | null;
    if (spec === null || typeof spec !== 'object')
      throw new InvalidArgumentError(
        `connections[${i}]`,
        c,
        'must be an id or { id, name?, tickers? }',
      );
    assertName(`connections[${i}].id`, spec.id);
    if (spec.name !== undefined) assertName(`connections[${i}].name`, spec.name);
    if (spec.tickers !== undefined && !Array.isArray(spec.tickers))
      throw new InvalidArgumentError(`connections[${i}].tickers`, spec.tickers, 'must be a list');
    return spec;
  });
  const ids = new Set(specs.map((s) => s.id));
  if (ids.size !== specs.length)
    throw new InvalidArgumentError('connections', given.length, 'has a duplicate id');
  const limit = multiConnection ? maxConnections : 1;
  if (specs.length > limit)
    throw new InvalidArgumentError(
      'connections',
      specs.length,
      multiConnection
        ? `lists more connections than maxConnections (${maxConnections})`
        : 'lists more than one connection with multiConnection false',
    );
  return specs;
}
