import type { Clock, Logger } from '@tickmux/core';
import type { HaMode, LeaseCoordinatorOptions } from './coordinator-options.js';
import { LeaseCoordinator } from './lease-coordinator.js';
import { RedisLeaseStore } from './redis-lease-store.js';

/** The parts of `@tickmux/config`'s `TickmuxConfig` the coordinator reads (`config.ha`, ...). */
export interface HaSettings {
  readonly maxConnections: number;
  readonly redisUrl: string | null;
  readonly ha: {
    readonly enabled: boolean;
    readonly instanceId: string | null;
    readonly leaseMs: number;
    readonly mode: HaMode;
    readonly zombieMs: number;
  };
}

/** Coordinator options from the config (`HA_*`, `WEBSOCKET_CONNECTIONS_MAX`), without the store. */
export function coordinatorOptionsFromConfig(
  config: HaSettings,
): Omit<LeaseCoordinatorOptions, 'store'> {
  const { ha } = config;
  return {
    slots: config.maxConnections,
    mode: ha.mode,
    leaseMs: ha.leaseMs,
    zombieMs: ha.zombieMs,
    ...(ha.instanceId === null ? {} : { instanceId: ha.instanceId }),
  };
}

/**
 * The coordinator the service runs when `HA_ENABLED=true` (undefined otherwise: one process, no
 * Redis), with a `RedisLeaseStore` on `REDIS_URL` under `account`. Call `start()`; on shutdown
 * `stop()`, then `store.close()`.
 */
export function createCoordinatorFromConfig(
  config: HaSettings,
  extra: { account?: string; clock?: Clock; logger?: Logger } = {},
): { coordinator: LeaseCoordinator; store: RedisLeaseStore } | undefined {
  if (!config.ha.enabled || config.redisUrl === null) return undefined;
  const store = new RedisLeaseStore({
    redis: config.redisUrl,
    ...(extra.account === undefined ? {} : { account: extra.account }),
  });
  const coordinator = new LeaseCoordinator({
    ...coordinatorOptionsFromConfig(config),
    store,
    ...(extra.clock === undefined ? {} : { clock: extra.clock }),
    ...(extra.logger === undefined ? {} : { logger: extra.logger }),
  });
  return { coordinator, store };
}
