import {
  InvalidArgumentError,
  silentLogger,
  systemClock,
  type Clock,
  type Logger,
} from '@tickmux/core';
import { assertClock, assertFunction, integerOption, optionsObject } from './validate.js';

/** How a `ConnectionPool` makes, ends and checks its connections. */
export interface ConnectionFactory<T extends object> {
  create(): Promise<T> | T;
  destroy(connection: T): Promise<void> | void;
  /** False (or a throw) marks the connection stale: it is destroyed and replaced. */
  isHealthy(connection: T): Promise<boolean> | boolean;
}

/** Options of `new ConnectionPool(options)`. Only `factory` is required. */
export interface ConnectionPoolOptions<T extends object> {
  factory: ConnectionFactory<T>;
  /** Connections at most, idle and in use together (`max_connections`). @default 5 */
  max?: number;
  /** `acquire()` rejects with `ACQUIRE_TIMEOUT` after waiting this long, ms; 0 waits forever. @default 30000 */
  acquireTimeoutMs?: number;
  /** Idle connections are checked (and stale ones replaced) this often, ms; 0 is off. @default 30000 */
  healthCheckIntervalMs?: number;
  /** @default systemClock */
  clock?: Clock;
  /** @default silent */
  logger?: Logger;
}

export const DEFAULT_CONNECTION_POOL_OPTIONS = Object.freeze({
  max: 5,
  acquireTimeoutMs: 30_000,
  healthCheckIntervalMs: 30_000,
});

export interface ResolvedConnectionPoolOptions<T extends object> {
  factory: ConnectionFactory<T>;
  max: number;
  acquireTimeoutMs: number;
  healthCheckIntervalMs: number;
  clock: Clock;
  logger: Logger;
}

const DAY_MS = 86_400_000;

/** Applies defaults and validates; throws `InvalidArgumentError` naming the first bad option. */
export function resolveConnectionPoolOptions<T extends object>(
  options: ConnectionPoolOptions<T>,
): ResolvedConnectionPoolOptions<T> {
  const o = optionsObject(options);
  const d = DEFAULT_CONNECTION_POOL_OPTIONS;
  const factory = o.factory;
  if (factory === null || typeof factory !== 'object')
    throw new InvalidArgumentError('factory', factory, 'must be { create, destroy, isHealthy }');
  const methods = factory as unknown as Record<string, unknown>;
  for (const method of ['create', 'destroy', 'isHealthy'])
    assertFunction(`factory.${method}`, methods[method]);
  const clock = assertClock(o.clock ?? systemClock);
  const healthCheckIntervalMs = integerOption(o, d, 'healthCheckIntervalMs', 0, DAY_MS);
  if (healthCheckIntervalMs > 0)
    assertFunction(
      'clock.setInterval',
      (clock as unknown as Record<string, unknown>)['setInterval'],
    );
  return {
    factory,
    max: integerOption(o, d, 'max', 1, 100_000),
    acquireTimeoutMs: integerOption(o, d, 'acquireTimeoutMs', 0, DAY_MS),
    healthCheckIntervalMs,
    clock,
    logger: o.logger ?? silentLogger,
  };
}
