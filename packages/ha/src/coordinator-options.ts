import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  InvalidArgumentError,
  silentLogger,
  systemClock,
  type Clock,
  type Logger,
} from '@tickmux/core';
import type { LeaseStore } from './lease-store.js';

/** `leader`: one instance holds every slot, the others stand by. `share`: slots spread across instances. */
export type HaMode = 'leader' | 'share';

/** Options of `new LeaseCoordinator(options)`. Only `store` is required. */
export interface LeaseCoordinatorOptions {
  /** Where the leases live: a `RedisLeaseStore` (or a `MemoryLeaseStore` in tests). */
  store: LeaseStore;
  /** The account's connection limit N: slots 1..N (`WEBSOCKET_CONNECTIONS_MAX`). @default 3 */
  slots?: number;
  /** `HA_MODE`. @default 'leader' */
  mode?: HaMode;
  /** `HA_INSTANCE_ID`: this process's name in the leases. @default `<hostname>-<pid>` */
  instanceId?: string;
  /** `HA_LEASE_MS`: lease expiry, ms. @default 10000 */
  leaseMs?: number;
  /** Renewal period, ms; well inside the expiry. @default a third of `leaseMs` */
  renewEveryMs?: number;
  /** A store request not answered within this long counts as failed, ms. @default a fifth of `leaseMs` */
  requestTimeoutMs?: number;
  /** Longest wait between acquisition attempts while standing by, ms. @default `renewEveryMs` */
  pollMs?: number;
  /**
   * `HA_ZOMBIE_MS`: how long the vendor may still count a socket abandoned without a close
   * handshake (the simulator's default hold is 30 s). A slot whose holder vanished is taken over
   * only after its lease expired and this long has passed since the holder's last renewal.
   * @default 30000
   */
  zombieMs?: number;
  /**
   * Bound on how much faster this machine's clock may run than Redis's, as a fraction: the local
   * deadline of a lease is `leaseMs × (1 − driftBound)` after its renewal was sent. @default 0.01
   */
  driftBound?: number;
  /**
   * Wait `leaseMs + zombieMs` before the first slot acquisition in an empty namespace (a fresh or
   * flushed Redis cannot tell whether another instance holds sockets). @default true
   */
  bootQuiet?: boolean;
  /** On `stop()`, how long to wait for slot sockets to report their close before releasing, ms. @default 2000 */
  stopGraceMs?: number;
  /** @default systemClock */
  clock?: Clock;
  /** @default silent */
  logger?: Logger;
}

export const DEFAULT_LEASE_COORDINATOR_OPTIONS = Object.freeze({
  slots: 3,
  mode: 'leader',
  leaseMs: 10_000,
  zombieMs: 30_000,
  driftBound: 0.01,
  bootQuiet: true,
  stopGraceMs: 2_000,
});

export interface ResolvedCoordinatorOptions {
  store: LeaseStore;
  slots: number;
  mode: HaMode;
  instanceId: string;
  leaseMs: number;
  renewEveryMs: number;
  requestTimeoutMs: number;
  pollMs: number;
  zombieMs: number;
  driftBound: number;
  bootQuiet: boolean;
  stopGraceMs: number;
  clock: Clock;
  logger: Logger;
}

/** The instance id used when none is configured: `<hostname>-<pid>`. */
export function defaultInstanceId(): string {
  return `${hostname()
    .replace(/[^\w.:-]/g, '_')
    .slice(0, 40)}-${process.pid}`;
}

/** A fresh incarnation id: a restarted process never takes its previous life's leases for its own. */
export function newIncarnation(): string {
  return randomUUID().slice(0, 8);
}

const DAY_MS = 86_400_000;

function integer(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new InvalidArgumentError(field, value, `must be an integer in [${min}, ${max}]`);
  return value;
}

/** Applies defaults and validates; throws `InvalidArgumentError` naming the first bad option. */
export function resolveCoordinatorOptions(
  options: LeaseCoordinatorOptions,
): ResolvedCoordinatorOptions {
  if (options === null || typeof options !== 'object')
    throw new InvalidArgumentError('options', options, 'must be an object');
  const d = DEFAULT_LEASE_COORDINATOR_OPTIONS;
  const store = options.store as unknown;
  if (
    store === null ||
    typeof store !== 'object' ||
    typeof (store as Record<string, unknown>)['acquire'] !== 'function'
  )
    throw new InvalidArgumentError('store', store, 'must be a LeaseStore');
  const mode = options.mode ?? d.mode;
  if (mode !== 'leader' && mode !== 'share')
    throw new InvalidArgumentError('mode', mode, "must be 'leader' or 'share'");
  const instanceId = options.instanceId ?? defaultInstanceId();
  if (typeof instanceId !== 'string' || !/^[\w.:-]{1,64}$/.test(instanceId))
    throw new InvalidArgumentError(
      'instanceId',
      instanceId,
      'expected up to 64 letters, digits or _.:-',
    );
  const leaseMs = integer('leaseMs', options.leaseMs ?? d.leaseMs, 30, DAY_MS);
  const renewEveryMs = integer(
    'renewEveryMs',
    options.renewEveryMs ?? Math.floor(leaseMs / 3),
    1,
    Math.floor(leaseMs / 2),
  );
  const requestTimeoutMs = integer(
    'requestTimeoutMs',
    options.requestTimeoutMs ?? Math.floor(leaseMs / 5),
    1,
    leaseMs - 1,
  );
  const pollMs = integer('pollMs', options.pollMs ?? renewEveryMs, 1, DAY_MS);
  const zombieMs = integer('zombieMs', options.zombieMs ?? d.zombieMs, 0, DAY_MS);
  const driftBound = options.driftBound ?? d.driftBound;
  if (typeof driftBound !== 'number' || !(driftBound >= 0 && driftBound < 0.5))
    throw new InvalidArgumentError('driftBound', driftBound, 'must be a number in [0, 0.5)');
  const bootQuiet = options.bootQuiet ?? d.bootQuiet;
  if (typeof bootQuiet !== 'boolean')
    throw new InvalidArgumentError('bootQuiet', bootQuiet, 'must be a boolean');
  const clock = options.clock ?? systemClock;
  if (typeof clock?.monotonic !== 'function' || typeof clock.setTimeout !== 'function')
    throw new InvalidArgumentError('clock', clock, 'must be a Clock');
  return {
    store: options.store,
    slots: integer('slots', options.slots ?? d.slots, 1, 64),
    mode,
    instanceId,
    leaseMs,
    renewEveryMs,
    requestTimeoutMs,
    pollMs,
    zombieMs,
    driftBound,
    bootQuiet,
    stopGraceMs: integer('stopGraceMs', options.stopGraceMs ?? d.stopGraceMs, 0, DAY_MS),
    clock,
    logger: options.logger ?? silentLogger,
  };
}
