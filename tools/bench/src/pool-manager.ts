import type { MassiveEvent, TickData } from '@tickmux/core';

/**
 * The part of `MultiConnectionManager` (architecture.md, "Public API") the pool bench uses. Typed
 * here rather than imported, so the bench compiles and reports `skipped` until the manager lands
 * in @tickmux/pool; once it does, `findManager` returns the real class.
 */
export interface PoolManager {
  connect(): Promise<boolean>;
  subscribe(tickers: string[]): Promise<boolean>;
  disconnect(): Promise<void>;
  getConnectionForTicker(ticker: string): string | null | undefined;
  getHealthStatus(): PoolHealth;
}

/** What the bench reads of `getHealthStatus()`. */
export interface PoolHealth {
  total_connections: number;
  connected: number;
  duplicates_dropped: number;
  connections: Record<string, { status: string; messages: number }>;
}

/** The options the bench passes (architecture.md); callbacks as for MassiveClient. */
export interface PoolManagerOptions {
  url: string;
  apiKey: string;
  maxConnections: number;
  routing: string;
  replication?: { symbols: string[]; factor: number };
  failover: boolean;
  /** The account's slots: how long a killed socket is assumed to still count on the server. */
  budget?: { zombieGraceMs: number };
  /** How long a socket must live to count as stable (the clients' flapping brake). */
  stableAfterMs?: number;
  /** `info.connection_id`: the connection whose copy was delivered. */
  onTick: (tick: TickData, event: MassiveEvent, info?: { connection_id: string }) => void;
  onStatus?: (status: unknown) => void;
}

export type PoolManagerConstructor = new (options: PoolManagerOptions) => PoolManager;

/** Why the pool bench skips: the lead removes this once the manager is wired. */
export const MANAGER_MISSING =
  'MultiConnectionManager is not exported by @tickmux/pool yet (issue 10); the bench runs once it is';

/** The manager class from the pool package's exports, or why there is none. */
export function findManager(exports: Record<string, unknown>): PoolManagerConstructor | string {
  const ctor = exports['MultiConnectionManager'];
  if (ctor === undefined) return MANAGER_MISSING;
  if (typeof ctor !== 'function')
    return `@tickmux/pool exports MultiConnectionManager as a ${typeof ctor}, not a class`;
  return ctor as PoolManagerConstructor;
}

/** Options for a bench manager: `n` connections, dedup always on (it is not optional). */
export function managerOptions(
  url: string,
  onTick: PoolManagerOptions['onTick'],
  {
    connections = 3,
    replicated = [] as string[],
    failover = false,
    zombieGraceMs = undefined as number | undefined,
    stableAfterMs = undefined as number | undefined,
  } = {},
): PoolManagerOptions {
  return {
    url,
    apiKey: 'demo',
    maxConnections: connections,
    routing: 'round-robin',
    ...(replicated.length > 0 ? { replication: { symbols: replicated, factor: 2 } } : {}),
    failover,
    ...(zombieGraceMs !== undefined ? { budget: { zombieGraceMs } } : {}),
    ...(stableAfterMs !== undefined ? { stableAfterMs } : {}),
    onTick,
  };
}
