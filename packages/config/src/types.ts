import type { RoutingStrategyName } from '@tickmux/core';

/** The environment a config is read from: `process.env`, a parsed `.env` file, or a test record. */
export type Env = Readonly<Record<string, string | undefined>>;

/** The routing strategies `WEBSOCKET_ROUTING_STRATEGY` accepts: one list, in `@tickmux/core`. */
export { ROUTING_STRATEGIES } from '@tickmux/core';
export type { RoutingStrategyName } from '@tickmux/core';

/** One connection slot, `WEBSOCKET_CONNECTION_<n>_*`. */
export interface ConnectionConfig {
  /** `connection_<n>`: the id the pool, routing and status callbacks use. */
  readonly id: string;
  /** n, from 1 to `maxConnections`. */
  readonly index: number;
  /** `_NAME`. @default 'primary', 'secondary', 'tertiary', then `connection_<n>` */
  readonly name: string;
  /** `_ENABLED`. @default true for connection 1, false for the others */
  readonly enabled: boolean;
  /** `_UNIVERSE_KEY` (in single-connection mode, `SYMBOL_UNIVERSE_KEY`). @default null */
  readonly universeKey: string | null;
  /** `_SYMBOLS`, normalised: the list itself, or the fallback when the universe is unknown. @default [] */
  readonly symbols: readonly string[];
}

/** `HA_MODE`: `leader` (one instance holds every slot) or `share` (slots spread across instances). */
export type HaMode = 'leader' | 'share';

/** High availability: two or more tickmux processes on one account, coordinated through Redis. */
export interface HaConfig {
  /** `HA_ENABLED`: coordinate slot leases through Redis (needs `REDIS_URL`). @default false */
  readonly enabled: boolean;
  /** `HA_INSTANCE_ID`: this process's name in the leases; null derives `<hostname>-<pid>`. @default null */
  readonly instanceId: string | null;
  /** `HA_LEASE_MS`: lease expiry, ms (renewed every third of it). @default 10000 */
  readonly leaseMs: number;
  /** `HA_MODE`. @default 'leader' */
  readonly mode: HaMode;
  /** `HA_ZOMBIE_MS`: how long the vendor may still count an abandoned socket, ms. @default 30000 */
  readonly zombieMs: number;
}

/** Something worth telling the operator that does not stop the config from loading. */
export interface ConfigWarning {
  readonly key: string;
  readonly message: string;
}

/** The typed, validated, frozen tickmux configuration `loadConfig` returns. */
export interface TickmuxConfig {
  /** `USE_MASSIVE_API`: connect to the vendor at all. @default false */
  readonly useMassiveApi: boolean;
  /** `MASSIVE_API_KEY`. Never logged: use `redactConfig` before printing a config. @default '' */
  readonly apiKey: string;
  /** `MASSIVE_WEBSOCKET_URL` (honoured, unlike the original client). @default 'wss://socket.massive.com/stocks' */
  readonly url: string;
  /** `MASSIVE_CHANNELS`. @default ['T', 'Q', 'AM'] */
  readonly channels: readonly string[];
  /** `MASSIVE_WEBSOCKET_MAX_RETRIES`, alias `MASSIVE_WEBSOCKET_MAX_RECONNECT_ATTEMPTS`. @default 3 */
  readonly maxRetries: number;
  /** `MASSIVE_WEBSOCKET_RECONNECT_DELAY` (seconds in the env). @default 1000 */
  readonly reconnectDelayMs: number;
  /** `SYMBOL_UNIVERSE_KEY`: the universe of single-connection mode. @default 'stock_etf_test:combo_test' */
  readonly symbolUniverseKey: string;
  /** `USE_MULTI_CONNECTION`. @default false */
  readonly useMultiConnection: boolean;
  /** `WEBSOCKET_CONNECTIONS_MAX`: the account's connection limit. @default 3 */
  readonly maxConnections: number;
  /** `WEBSOCKET_ROUTING_STRATEGY`. @default 'manual' */
  readonly routingStrategy: RoutingStrategyName;
  /**
   * Every slot from 1 to `maxConnections`, in order. In single-connection mode only slot 1 is
   * enabled and its universe is `SYMBOL_UNIVERSE_KEY`.
   */
  readonly connections: readonly ConnectionConfig[];
  /** `WEBSOCKET_HEALTH_CHECK_INTERVAL` (seconds in the env). @default 30000 */
  readonly healthCheckIntervalMs: number;
  /** `WEBSOCKET_AUTO_REBALANCE`. @default true */
  readonly autoRebalance: boolean;
  /** `WEBSOCKET_FAILOVER_ENABLED`. @default true */
  readonly failoverEnabled: boolean;
  /** `WEBSOCKET_MAX_TICKERS_PER_CONNECTION`; null means no limit. @default null */
  readonly maxTickersPerConnection: number | null;
  /** `WEBSOCKET_CRITICAL_SYMBOLS`: tickers kept on several connections at once. @default [] */
  readonly criticalSymbols: readonly string[];
  /** `WEBSOCKET_REPLICATION_FACTOR`: connections per critical ticker. @default 2 */
  readonly replicationFactor: number;
  /** `REDIS_URL`: universes resolve through Redis when set, else the bundled sample. @default null */
  readonly redisUrl: string | null;
  /** `HA_*`: leases on the account's slots shared by several instances (see @tickmux/ha). */
  readonly ha: HaConfig;
  /** What `loadConfig` warned about (also sent to its logger). */
  readonly warnings: readonly ConfigWarning[];
}
