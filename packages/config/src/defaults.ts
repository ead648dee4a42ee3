import { DEFAULT_CHANNELS } from '@tickmux/core';
import type { TickmuxConfig } from './types.js';

/**
 * Every default of {@link TickmuxConfig}, as the original plan set them: single connection unless
 * `USE_MULTI_CONNECTION=true`, manual routing, health checks every 30 s, auto-rebalance and
 * failover on, three connections at most (the account limit). Retries and delay follow the
 * original adapter's settings (`MASSIVE_WEBSOCKET_MAX_RETRIES=3`, `..._RECONNECT_DELAY=1`).
 */
export const CONFIG_DEFAULTS: Readonly<Omit<TickmuxConfig, 'connections' | 'warnings'>> =
  Object.freeze({
    useMassiveApi: false,
    apiKey: '',
    url: 'wss://socket.massive.com/stocks',
    channels: DEFAULT_CHANNELS,
    maxRetries: 3,
    reconnectDelayMs: 1000,
    symbolUniverseKey: 'stock_etf_test:combo_test',
    useMultiConnection: false,
    maxConnections: 3,
    routingStrategy: 'manual',
    healthCheckIntervalMs: 30_000,
    autoRebalance: true,
    failoverEnabled: true,
    maxTickersPerConnection: null,
    criticalSymbols: Object.freeze([]),
    replicationFactor: 2,
    redisUrl: null,
    ha: Object.freeze({
      enabled: false,
      instanceId: null,
      leaseMs: 10_000,
      mode: 'leader',
      zombieMs: 30_000,
    }),
  });

const SLOT_NAMES = ['primary', 'secondary', 'tertiary'];

/** `WEBSOCKET_CONNECTION_<n>_NAME` when unset: primary, secondary, tertiary, then `connection_<n>`. */
export function defaultConnectionName(index: number): string {
  return SLOT_NAMES[index - 1] ?? connectionId(index);
}

/** `WEBSOCKET_CONNECTION_<n>_ENABLED` when unset: only connection 1 is on. */
export function defaultConnectionEnabled(index: number): boolean {
  return index === 1;
}

/** The id of slot n: `connection_<n>`. */
export function connectionId(index: number): string {
  return `connection_${index}`;
}
