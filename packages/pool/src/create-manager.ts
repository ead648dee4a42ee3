import {
  createUniverseSource,
  resolveUniverses,
  type TickmuxConfig,
  type UniverseSource,
} from '@tickmux/config';
import { MultiConnectionManager } from './manager.js';
import type { MultiConnectionManagerOptions } from './manager-options.js';

/** What `createManagerFromConfig` takes beside the config: callbacks and injections. */
export type ManagerFromConfigOptions = Partial<Omit<MultiConnectionManagerOptions, 'universe'>> & {
  /** Where universe keys resolve. @default `createUniverseSource(config)` (Redis or the bundled sample), closed after use */
  universeSource?: UniverseSource;
};

/**
 * A manager configured from a `TickmuxConfig` (`loadConfig(process.env)`): its enabled connection
 * slots, strategy, capacity, replication, failover, auto-rebalance, health interval, retries and
 * reconnect delay. Universe keys are resolved when `connect()` runs (Redis at `REDIS_URL`, else
 * the bundled sample). With `USE_MULTI_CONNECTION=false`, one connection that behaves as one
 * client. `options` (callbacks first of all) override what the config says.
 */
export function createManagerFromConfig(
  config: TickmuxConfig,
  options: ManagerFromConfigOptions = {},
): MultiConnectionManager {
  const { universeSource, ...overrides } = options;
  const enabled = config.connections.filter((c) => c.enabled);
  const multi = config.useMultiConnection;
  const slots = multi ? enabled : enabled.slice(0, 1);
  const logger = overrides.logger;
  return new MultiConnectionManager({
    apiKey: config.apiKey,
    url: config.url,
    channels: config.channels,
    maxRetries: config.maxRetries,
    backoff: { baseDelayMs: config.reconnectDelayMs },
    maxConnections: config.maxConnections,
    multiConnection: multi,
    connections: slots.map((c) => ({ id: c.id, name: c.name })),
    routing: {
      strategy: config.routingStrategy,
      capacity: config.maxTickersPerConnection ?? Number.POSITIVE_INFINITY,
    },
    replication: { symbols: config.criticalSymbols, factor: config.replicationFactor },
    failover: config.failoverEnabled,
    autoRebalance: config.autoRebalance,
    healthCheckIntervalMs: config.healthCheckIntervalMs,
    universe: async () => {
      const source = universeSource ?? createUniverseSource(config);
      try {
        const resolved = await resolveUniverses(config, source, logger ? { logger } : {});
        return {
          connections: resolved.connections,
          tickers: resolved.tickers,
          tiers: resolved.tiers,
        };
      } finally {
        if (universeSource === undefined) await source.close();
      }
    },
    ...overrides,
  });
}
