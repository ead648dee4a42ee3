import { silentLogger, systemClock, type Clock, type Logger } from '@tickmux/core';
import {
  assertClock,
  assertFunction,
  integerOption,
  assertNumber,
  optionsObject,
} from './validate.js';

/** How a socket ended, as `slot.release(info)` takes it. */
export interface SlotRelease {
  /** The close handshake completed (a close frame went both ways). */
  wasClean: boolean;
  /** The socket was given up without waiting for its close (terminated, stalled, half-open). */
  abandoned: boolean;
}

/** Options of `new SocketBudget(options)`. */
export interface SocketBudgetOptions {
  /** The account's socket limit N (`WEBSOCKET_CONNECTIONS_MAX`). @default 3 */
  maxSockets?: number;
  /**
   * How long a socket that ended without a close handshake still takes its slot, ms: the server
   * may count it until it notices (the simulator's default hold is 30 s). @default 30000
   */
  zombieGraceMs?: number;
  /** After a `max_connections` status, no slot is granted for this long (± jitter), ms. @default 60000 */
  maxConnectionsBackoffMs?: number;
  /** The back-off is multiplied by a factor drawn from [1 − jitter, 1 + jitter]. @default 0.2 */
  jitter?: number;
  /**
   * Account contention lowers the limit; every this-many ms without new contention the limit is
   * raised by one again (the probe), up to `maxSockets`. @default 300000
   */
  probeIntervalMs?: number;
  /** Random source for the jitter, in [0, 1). @default Math.random */
  random?: () => number;
  /** @default systemClock */
  clock?: Clock;
  /** @default silent */
  logger?: Logger;
}

export const DEFAULT_SOCKET_BUDGET_OPTIONS = Object.freeze({
  maxSockets: 3,
  zombieGraceMs: 30_000,
  maxConnectionsBackoffMs: 60_000,
  jitter: 0.2,
  probeIntervalMs: 300_000,
});

export type ResolvedSocketBudgetOptions = Required<SocketBudgetOptions>;

const DAY_MS = 86_400_000;

/** Applies defaults and validates; throws `InvalidArgumentError` naming the first bad option. */
export function resolveSocketBudgetOptions(
  options?: SocketBudgetOptions,
): ResolvedSocketBudgetOptions {
  const o = optionsObject(options);
  const d = DEFAULT_SOCKET_BUDGET_OPTIONS;
  return {
    maxSockets: integerOption(o, d, 'maxSockets', 1, 1_000),
    zombieGraceMs: integerOption(o, d, 'zombieGraceMs', 0, DAY_MS),
    maxConnectionsBackoffMs: integerOption(o, d, 'maxConnectionsBackoffMs', 0, DAY_MS),
    jitter: assertNumber('jitter', o.jitter ?? d.jitter, 0, 1),
    probeIntervalMs: integerOption(o, d, 'probeIntervalMs', 1, DAY_MS),
    random: assertFunction('random', o.random ?? Math.random),
    clock: assertClock(o.clock ?? systemClock),
    logger: o.logger ?? silentLogger,
  };
}

/**
 * How long a released slot stays taken, ms: 0 after a completed close handshake (the server has
 * let the socket go), else the zombie grace (the server may still count it).
 */
export function slotHoldMs(info: SlotRelease, zombieGraceMs: number): number {
  return info.wasClean && !info.abandoned ? 0 : zombieGraceMs;
}

/** `ms` times a factor drawn from [1 − jitter, 1 + jitter], rounded. */
export function jitteredDelay(ms: number, jitter: number, random: () => number): number {
  return Math.max(0, Math.round(ms * (1 - jitter + 2 * jitter * random())));
}
