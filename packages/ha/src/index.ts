export { LeaseCoordinator } from './lease-coordinator.js';
export type {
  HaRole,
  HaStatus,
  CoordinatorEvents,
  LeaderlessInterval,
} from './lease-coordinator.js';
export {
  DEFAULT_LEASE_COORDINATOR_OPTIONS,
  resolveCoordinatorOptions,
  defaultInstanceId,
} from './coordinator-options.js';
export type { LeaseCoordinatorOptions, HaMode } from './coordinator-options.js';
export type { SlotLease } from './slot-lease.js';
export { SlotGate, GateAbortedError } from './slot-gate.js';
export type { SlotTicket } from './slot-gate.js';
export {
  RedisLeaseStore,
  DEFAULT_REDIS_LEASE_STORE_OPTIONS,
  LEASE_REDIS_OPTIONS,
} from './redis-lease-store.js';
export type { RedisLeaseStoreOptions } from './redis-lease-store.js';
export { MemoryLeaseStore } from './memory-lease-store.js';
export type { MemoryStoreFault } from './memory-lease-store.js';
export type {
  LeaseStore,
  LeaseName,
  AcquireRequest,
  AcquireResult,
  HeldLease,
  RenewResult,
} from './lease-store.js';
export { leaseValue, parseLeaseValue } from './lease-value.js';
export {
  LeaseLostError,
  FencedError,
  CoordinatorClosedError,
  StoreUnavailableError,
} from './errors.js';
export type { LeaseLostReason } from './errors.js';
export { coordinatorOptionsFromConfig, createCoordinatorFromConfig } from './from-config.js';
export type { HaSettings } from './from-config.js';
