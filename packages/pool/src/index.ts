export { Dedup } from './dedup.js';
export type { DedupStats } from './dedup.js';
export { DedupSource } from './dedup-source.js';
export type { DedupVerdict } from './dedup-source.js';
export { DEFAULT_DEDUP_OPTIONS } from './dedup-options.js';
export type { DedupOptions } from './dedup-options.js';
export { barFingerprint, BAR_CONTENT_FIELDS } from './bar-fingerprint.js';
export { tradingDay, toMillis, TRADING_DAY_OFFSET_MS } from './trading-day.js';
export { GapLedger } from './gap-ledger.js';
export { DEFAULT_GAP_LEDGER_OPTIONS } from './gap-ledger-options.js';
export type { GapLedgerOptions, GapReport, OpenGap } from './gap-ledger-options.js';
export { SocketBudget } from './socket-budget.js';
export type { SocketSlot, SocketBudgetStats } from './socket-budget.js';
export {
  DEFAULT_SOCKET_BUDGET_OPTIONS,
  slotHoldMs,
  jitteredDelay,
} from './socket-budget-options.js';
export type { SocketBudgetOptions, SlotRelease } from './socket-budget-options.js';
export { ConnectionPool } from './connection-pool.js';
export type { ConnectionPoolStats } from './connection-pool.js';
export { DEFAULT_CONNECTION_POOL_OPTIONS } from './connection-pool-options.js';
export type { ConnectionFactory, ConnectionPoolOptions } from './connection-pool-options.js';
export { HealthStats, ConnectionStats } from './health-stats.js';
export type { HealthStatus, ConnectionHealth, HealthTotals } from './health-stats.js';
export {
  AcquireTimeoutError,
  AcquireAbortedError,
  PoolClosedError,
  PoolCreateError,
  BudgetClosedError,
} from './errors.js';
export { MultiConnectionManager } from './manager.js';
export {
  DEFAULT_MANAGER_OPTIONS,
  poolConnectionId,
  resolveManagerOptions,
} from './manager-options.js';
export type {
  MultiConnectionManagerOptions,
  ResolvedManagerOptions,
  ConnectionSpec,
  PoolClient,
  ClientFactory,
  PoolRouting,
  TickInfo,
  PoolStatus,
  PoolStateChangeReason,
  ResolvedPoolUniverse,
} from './manager-options.js';
export { freeSlot } from './slot-gate.js';
export type { SlotGateFn, SlotPass } from './slot-gate.js';
export { createManagerFromConfig } from './create-manager.js';
export type { ManagerFromConfigOptions } from './create-manager.js';
export { applyPlan } from './plan-applier.js';
export type { PlanTarget, PlanOutcome } from './plan-applier.js';
export { Wants } from './wants.js';
export type { Want, WantsChange } from './wants.js';
export { LiveTopics } from './live-topics.js';
