import type { ClientState } from '@tickmux/client';
import type { HaStatus } from '@tickmux/ha';

/** One connection in {@link HealthStatus}: the shape of architecture.md's `getHealthStatus()`. */
export interface ConnectionHealth {
  /** Display name (`WEBSOCKET_CONNECTION_<n>_NAME`). */
  name: string;
  /** The connection's lifecycle state; only `connected` counts as healthy. */
  status: ClientState;
  /** Tickers assigned to this connection. */
  tickers: number;
  /** Events received on this connection (before de-duplication). */
  messages: number;
  errors: number;
  /** Unix ms of the last frame, or null before the first. */
  last_message_at: number | null;
  reconnects: number;
}

/** What `getHealthStatus()` returns (architecture.md); every count is cumulative since start. */
export interface HealthStatus {
  total_connections: number;
  connected: number;
  total_tickers: number;
  /** Events emitted (after de-duplication). */
  total_ticks: number;
  total_errors: number;
  duplicates_dropped: number;
  corrections: number;
  /** Gap reports so far (the reports themselves come from `ServiceSource.gaps()`). */
  gaps: number;
  /** Times another process was seen taking one of the account's connection slots. */
  account_contention: number;
  connections: Record<string, ConnectionHealth>;
  /** With `HA_ENABLED=true`: `@tickmux/ha`'s status (role, fencing token, lease age, slots). */
  ha?: HaHealth;
}

/** The HA part of the health object: `LeaseCoordinator.status()` of `@tickmux/ha`. */
export type HaHealth = HaStatus;

/**
 * An interval in which a ticker had no live subscription on any connection (issue [pool]): the
 * consumer backfills it from the vendor's REST API. Times are Unix milliseconds.
 */
export interface GapReport {
  ticker: string;
  /** Channels the ticker was subscribed on (`T`, `Q`, `AM`, ...). */
  channels: readonly string[];
  /** Last sign of life of the connection that carried the ticker. */
  from: number;
  /** Confirmed resubscription; null while the gap is still open. */
  to: number | null;
  /** Why the ticker lost its subscription (the pool's wording, e.g. `connection_lost`). */
  reason: string;
  /** Exact count of missing events, where sequence numbers are known contiguous. */
  missing?: number;
}

/** One ticker moved by a rebalance. */
export interface RebalanceMove {
  ticker: string;
  /** The connection it left, or null when it was not assigned. */
  from: string | null;
  to: string;
}

/** Faults the dashboard can inject on a connection in simulator mode (the simulator's own kinds). */
export const FAULT_KINDS = ['drop', 'kill', 'stall', 'max_connections'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * What the HTTP API, the dashboard and the metrics read: the multi-connection manager (or a
 * single-client adapter) behind a small interface, so the service runs against either, and tests
 * against a fake that implements it.
 */
export interface ServiceSource {
  /** The health object, built fresh on each call (callers may keep it). */
  getHealthStatus(): HealthStatus;
  /** The tickers assigned to a connection, or undefined for an unknown id. */
  getConnectionTickers(id: string): readonly string[] | undefined;
  /** Re-plans the assignment and applies it; resolves with the moves made. */
  rebalance(): Promise<readonly RebalanceMove[]>;
  /** Gap reports kept so far, oldest first (open gaps have `to: null`). */
  gaps(): readonly GapReport[];
  /** Simulator mode only: injects a fault on a connection the health object lists. */
  injectFault?(id: string, kind: FaultKind): Promise<void>;
}
