import { bundledUniverses, readEnvFile } from '@tickmux/config';
import type { Env } from '@tickmux/config';
import { existsSync } from 'node:fs';

/** The API key the embedded simulator accepts. */
export const EMBEDDED_API_KEY = 'demo';

/** pnpm start's critical tickers: each kept on two connections at once. */
export const DEMO_CRITICAL_SYMBOLS = Object.freeze([
  'AAPL',
  'MSFT',
  'NVDA',
  'AMZN',
  'GOOGL',
  'META',
  'TSLA',
  'JPM',
  'V',
  'UNH',
]);

/** pnpm start's universe: 300 tickers spanning every sector (bundled, no Redis needed). */
export const DEMO_UNIVERSE = 'market_leaders:top_300';

/**
 * What `tickmux start` uses for every key the user did not set when it runs the embedded
 * simulator: three connections, round-robin over the bundled 300-ticker universe, ten critical
 * tickers replicated on two connections. With `multi` false (no manager), one connection.
 */
export function embeddedDefaults(multi: boolean): Record<string, string> {
  // The same 300 as the fallback list, for when REDIS_URL is set and Redis has no such universe
  // (load it with `tickmux universe load --bundled`).
  const fallback = (bundledUniverses().get(DEMO_UNIVERSE) ?? []).join(',');
  if (!multi)
    return {
      SYMBOL_UNIVERSE_KEY: DEMO_UNIVERSE,
      WEBSOCKET_CONNECTION_1_SYMBOLS: fallback,
      USE_MULTI_CONNECTION: 'false',
    };
  return {
    USE_MULTI_CONNECTION: 'true',
    WEBSOCKET_CONNECTION_1_SYMBOLS: fallback,
    WEBSOCKET_CONNECTION_1_UNIVERSE_KEY: DEMO_UNIVERSE,
    WEBSOCKET_CONNECTIONS_MAX: '3',
    WEBSOCKET_ROUTING_STRATEGY: 'round-robin',
    WEBSOCKET_CONNECTION_1_ENABLED: 'true',
    WEBSOCKET_CONNECTION_2_ENABLED: 'true',
    WEBSOCKET_CONNECTION_3_ENABLED: 'true',
    WEBSOCKET_CRITICAL_SYMBOLS: DEMO_CRITICAL_SYMBOLS.join(','),
    WEBSOCKET_REPLICATION_FACTOR: '2',
  };
}

const TRUE = /^(true|1|yes)$/i;

/**
 * The embedded simulator runs when nothing points elsewhere: no `MASSIVE_WEBSOCKET_URL`, and not
 * `USE_MASSIVE_API=true` with a `MASSIVE_API_KEY` (the vendor, at its default URL).
 */
export function wantsEmbeddedSim(env: Env): boolean {
  const url = env['MASSIVE_WEBSOCKET_URL'];
  if (url !== undefined && url !== '') return false;
  const vendor = TRUE.test(env['USE_MASSIVE_API'] ?? '') && (env['MASSIVE_API_KEY'] ?? '') !== '';
  return !vendor;
}

/** The env files merged in order (missing ones skipped), then `env` over them. */
export function userEnv(files: readonly string[], env: Env): Record<string, string | undefined> {
  const merged: Record<string, string | undefined> = {};
  for (const file of files) if (existsSync(file)) Object.assign(merged, readEnvFile(file));
  for (const [k, v] of Object.entries(env)) if (v !== undefined) merged[k] = v;
  return merged;
}

/** `defaults` without the keys the user set (to a non-empty value). */
export function unsetDefaults(
  defaults: Readonly<Record<string, string>>,
  user: Env,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(defaults))
    if (user[k] === undefined || user[k] === '') out[k] = v;
  return out;
}
