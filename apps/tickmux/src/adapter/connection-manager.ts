import type { TickmuxConfig } from '@tickmux/config';
import type { Logger, MassiveEvent, TickData } from '@tickmux/core';
import type {
  ConnectionHealth as PoolConnectionHealth,
  HealthStatus as PoolHealthStatus,
  SlotGateFn,
} from '@tickmux/pool';

/** One connection in a manager's health object: the pool's own type. */
export type ManagerConnectionHealth = PoolConnectionHealth;

/** A manager's `getHealthStatus()` (architecture.md): the pool's own type. */
export type ManagerHealthStatus = PoolHealthStatus;

/** A gap as the manager reports it: closed ones through `onGap`, open ones (no `to`) if it lists them. */
export interface ManagerGap {
  ticker: string;
  channels: readonly string[];
  from: number;
  to?: number | null;
  reason: string;
  missing?: number;
}

/** One ticker moved by `rebalance()`. */
export interface ManagerMove {
  ticker: string;
  from: string | null;
  to: string;
}

/**
 * What the service needs from the multi-connection manager (`@tickmux/pool`'s
 * `MultiConnectionManager` is the one meant): connect, subscribe, disconnect, health, the tickers
 * of a connection, rebalance, and gap reports. Optional members are used when present.
 */
export interface ConnectionManagerLike {
  connect(): Promise<boolean>;
  subscribe(tickers: readonly string[]): Promise<boolean>;
  disconnect(): Promise<void>;
  getHealthStatus(): ManagerHealthStatus;
  rebalance(): Promise<readonly ManagerMove[]>;
  /** The tickers a connection carries (undefined: unknown id). */
  getConnectionTickers?(id: string): readonly string[] | undefined;
  /** Gaps still open (no confirmed resubscription yet). */
  openGaps?(): readonly ManagerGap[];
}

/** What the adapter hands the manager it creates. */
export interface ManagerCallbacks {
  /** Each emitted tick, once (after de-duplication). */
  onTick: (tick: TickData, event?: MassiveEvent) => void;
  /** Server statuses and lifecycle changes; the data carries `connection_id`. */
  onStatus: (status: unknown) => void;
  /** A closed gap: an interval in which a ticker had no live subscription. */
  onGap: (gap: ManagerGap) => void;
  /** The adapter's logger. */
  logger?: Logger;
  /**
   * HA (`HA_ENABLED`): consulted before each socket of connection n with slot n (the manager's
   * `slotGate` option of `@tickmux/pool`; `@tickmux/ha`'s `SlotGate.acquire` fits).
   */
  slotGate?: SlotGateFn;
}

/** Creates the manager for a config (`createManagerFromConfig` of `@tickmux/pool`). */
export type ManagerFactory = (
  config: TickmuxConfig,
  callbacks: ManagerCallbacks,
) => ConnectionManagerLike;
