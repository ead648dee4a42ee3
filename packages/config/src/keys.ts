/** The env keys tickmux reads, apart from the per-connection `WEBSOCKET_CONNECTION_<n>_*` family. */
export const ENV_KEYS = [
  'USE_MASSIVE_API',
  'MASSIVE_API_KEY',
  'MASSIVE_WEBSOCKET_URL',
  'MASSIVE_CHANNELS',
  'MASSIVE_WEBSOCKET_MAX_RETRIES',
  'MASSIVE_WEBSOCKET_MAX_RECONNECT_ATTEMPTS',
  'MASSIVE_WEBSOCKET_RECONNECT_DELAY',
  'SYMBOL_UNIVERSE_KEY',
  'USE_MULTI_CONNECTION',
  'WEBSOCKET_CONNECTIONS_MAX',
  'WEBSOCKET_ROUTING_STRATEGY',
  'WEBSOCKET_HEALTH_CHECK_INTERVAL',
  'WEBSOCKET_AUTO_REBALANCE',
  'WEBSOCKET_FAILOVER_ENABLED',
  'WEBSOCKET_MAX_TICKERS_PER_CONNECTION',
  'WEBSOCKET_CRITICAL_SYMBOLS',
  'WEBSOCKET_REPLICATION_FACTOR',
  'REDIS_URL',
  'HA_ENABLED',
  'HA_INSTANCE_ID',
  'HA_LEASE_MS',
  'HA_MODE',
  'HA_ZOMBIE_MS',
] as const;

export type EnvKey = (typeof ENV_KEYS)[number];

/** The canonical key and its accepted alias (the original `.env` used the alias; its code did not). */
export const RETRIES_KEY = 'MASSIVE_WEBSOCKET_MAX_RETRIES';
export const RETRIES_ALIAS = 'MASSIVE_WEBSOCKET_MAX_RECONNECT_ATTEMPTS';

/** The fields of one connection slot. */
export const CONNECTION_FIELDS = ['ENABLED', 'NAME', 'UNIVERSE_KEY', 'SYMBOLS'] as const;

export type ConnectionField = (typeof CONNECTION_FIELDS)[number];

/** `connectionKey(2, 'SYMBOLS')` → `'WEBSOCKET_CONNECTION_2_SYMBOLS'`. */
export function connectionKey(index: number, field: ConnectionField): string {
  return `WEBSOCKET_CONNECTION_${index}_${field}`;
}

const CONNECTION_KEY_RE = /^WEBSOCKET_CONNECTION_(\d+)_(ENABLED|NAME|UNIVERSE_KEY|SYMBOLS)$/;

/**
 * Splits a per-connection key into its slot number and field, or undefined when the key is not
 * one. `index` is NaN for numbers tickmux never reads (0, or written with leading zeros).
 */
export function parseConnectionKey(
  key: string,
): { index: number; field: ConnectionField } | undefined {
  const match = CONNECTION_KEY_RE.exec(key);
  if (match === null) return undefined;
  const digits = match[1]!;
  const index = digits.startsWith('0') ? Number.NaN : Number(digits);
  return { index, field: match[2] as ConnectionField };
}

/** Keys whose values are secret: never shown in errors or warnings. */
export const SECRET_KEYS: ReadonlySet<string> = new Set(['MASSIVE_API_KEY']);
