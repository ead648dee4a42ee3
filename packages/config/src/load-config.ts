import { silentLogger, STOCK_CHANNELS, type Logger } from '@tickmux/core';
import { Collector } from './collector.js';
import { ConfigError } from './config-error.js';
import { buildConnections } from './connections.js';
import { CONFIG_DEFAULTS } from './defaults.js';
import { RETRIES_ALIAS, RETRIES_KEY } from './keys.js';
import { staticSchema } from './schema.js';
import { unknownKeyWarnings } from './similar-keys.js';
import type { Env, TickmuxConfig } from './types.js';

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Receives each warning (`logger.warn({ key }, message)`). @default silentLogger */
  logger?: Logger;
}

/** Defaults of {@link LoadConfigOptions}. */
export const DEFAULT_LOAD_CONFIG_OPTIONS: Required<LoadConfigOptions> = Object.freeze({
  logger: silentLogger,
});

/**
 * Reads the tickmux configuration from an env record (usually `process.env`; see
 * `loadConfigFromFiles` for `.env` files). Strings are coerced, defaults filled in, and the result
 * is frozen. Every problem is collected and thrown at once as a {@link ConfigError}; warnings
 * (unknown-but-similar keys, ignored slots) go to the logger and to `config.warnings`.
 * Universes are not resolved here (that needs Redis): see `resolveUniverses`.
 */
export function loadConfig(env: Env, options: LoadConfigOptions = {}): TickmuxConfig {
  const { logger } = { ...DEFAULT_LOAD_CONFIG_OPTIONS, ...options };
  const c = new Collector(env);
  c.warnings.push(...unknownKeyWarnings(env));

  // Read the alias as the canonical key, but report problems under the name actually written.
  const input = { ...c.input };
  const aliasOnly = !c.has(RETRIES_KEY) && c.has(RETRIES_ALIAS);
  if (aliasOnly) input[RETRIES_KEY] = c.input[RETRIES_ALIAS]!;
  else if (c.has(RETRIES_ALIAS) && c.input[RETRIES_ALIAS] !== c.input[RETRIES_KEY]) {
    c.issue(RETRIES_ALIAS, `conflicts with ${RETRIES_KEY}=${c.input[RETRIES_KEY]}; set only one`);
  }
  const v = c.parse(staticSchema, input, aliasOnly ? { [RETRIES_KEY]: RETRIES_ALIAS } : {});

  const d = CONFIG_DEFAULTS;
  const useMultiConnection = v.USE_MULTI_CONNECTION ?? d.useMultiConnection;
  const maxConnections = v.WEBSOCKET_CONNECTIONS_MAX ?? d.maxConnections;
  const routingStrategy = v.WEBSOCKET_ROUTING_STRATEGY ?? d.routingStrategy;
  const connections = buildConnections(c, {
    max: maxConnections,
    multi: useMultiConnection,
    strategy: routingStrategy,
    symbolUniverseKey: v.SYMBOL_UNIVERSE_KEY,
  });
  const criticalSymbols = c.tickers('WEBSOCKET_CRITICAL_SYMBOLS');
  const replicationFactor = v.WEBSOCKET_REPLICATION_FACTOR ?? d.replicationFactor;
  const useMassiveApi = v.USE_MASSIVE_API ?? d.useMassiveApi;
  const apiKey = v.MASSIVE_API_KEY ?? d.apiKey;
  const channels = Object.freeze(v.MASSIVE_CHANNELS ?? [...d.channels]);

  const ha = Object.freeze({
    enabled: v.HA_ENABLED ?? d.ha.enabled,
    instanceId: v.HA_INSTANCE_ID ?? d.ha.instanceId,
    leaseMs: v.HA_LEASE_MS ?? d.ha.leaseMs,
    mode: v.HA_MODE ?? d.ha.mode,
    zombieMs: v.HA_ZOMBIE_MS ?? d.ha.zombieMs,
  });
  if (ha.enabled && !c.has('REDIS_URL')) {
    c.issue('HA_ENABLED', 'needs REDIS_URL: the leases live in Redis');
  }

  if (useMassiveApi && !c.has('MASSIVE_API_KEY')) {
    c.issue('MASSIVE_API_KEY', 'required when USE_MASSIVE_API=true');
  }
  for (const ch of channels.filter((x) => !(STOCK_CHANNELS as readonly string[]).includes(x))) {
    c.warn('MASSIVE_CHANNELS', `${ch} is not a stocks channel (${STOCK_CHANNELS.join(', ')})`);
  }
  const enabledCount = connections.filter((s) => s.enabled).length;
  if (criticalSymbols.length > 0 && !useMultiConnection) {
    c.warn('WEBSOCKET_CRITICAL_SYMBOLS', 'replication needs USE_MULTI_CONNECTION=true; ignored');
  } else if (criticalSymbols.length > 0 && replicationFactor > enabledCount) {
    c.warn(
      'WEBSOCKET_REPLICATION_FACTOR',
      `${replicationFactor} copies asked for, but only ${enabledCount} connection(s) enabled`,
    );
  }

  // Warnings first: a misspelt key often explains an error (a list that was never read).
  for (const w of c.warnings) logger.warn({ key: w.key }, `config: ${w.key}: ${w.message}`);
  if (c.issues.length > 0) throw new ConfigError(c.issues);

  return Object.freeze({
    useMassiveApi,
    apiKey,
    url: v.MASSIVE_WEBSOCKET_URL ?? d.url,
    channels,
    maxRetries: v.MASSIVE_WEBSOCKET_MAX_RETRIES ?? d.maxRetries,
    reconnectDelayMs: v.MASSIVE_WEBSOCKET_RECONNECT_DELAY ?? d.reconnectDelayMs,
    symbolUniverseKey: v.SYMBOL_UNIVERSE_KEY ?? d.symbolUniverseKey,
    useMultiConnection,
    maxConnections,
    routingStrategy,
    connections: Object.freeze(connections),
    healthCheckIntervalMs: v.WEBSOCKET_HEALTH_CHECK_INTERVAL ?? d.healthCheckIntervalMs,
    autoRebalance: v.WEBSOCKET_AUTO_REBALANCE ?? d.autoRebalance,
    failoverEnabled: v.WEBSOCKET_FAILOVER_ENABLED ?? d.failoverEnabled,
    maxTickersPerConnection: v.WEBSOCKET_MAX_TICKERS_PER_CONNECTION ?? d.maxTickersPerConnection,
    criticalSymbols,
    replicationFactor,
    redisUrl: v.REDIS_URL ?? d.redisUrl,
    ha,
    warnings: Object.freeze(c.warnings.map((w) => Object.freeze(w))),
  });
}
