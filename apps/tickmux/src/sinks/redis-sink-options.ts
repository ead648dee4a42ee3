import type { BackoffPolicy } from '@tickmux/client';
import {
  InvalidArgumentError,
  silentLogger,
  systemClock,
  type Clock,
  type Logger,
} from '@tickmux/core';
import { createIoRedis, type RedisFactory } from './redis-client.js';
import { OVERFLOW_POLICIES, type OverflowPolicy } from './sink.js';

/** Options every Redis sink takes. */
export interface RedisSinkOptions {
  /** The Redis to write to (`REDIS_URL`). @default 'redis://127.0.0.1:6379' */
  url?: string;
  /** Sink name in counters, logs and metrics. @default 'redis-pubsub' / 'redis-stream' */
  name?: string;
  /**
   * Items held while Redis is slow or down (ticks; gap reports have their own buffer of
   * `maxGapsBuffered`). Beyond it the overflow policy drops, and counts. Memory: at most
   * `maxBuffered` + `batchSize` ticks (one batch in flight). @default 100000
   */
  maxBuffered?: number;
  /** Gap reports held while Redis is down. @default 10000 */
  maxGapsBuffered?: number;
  /** What a full buffer gives up. @default 'drop-oldest' (a live feed values the newest ticks) */
  overflow?: OverflowPolicy;
  /** Items per pipeline (one round trip). @default 500 */
  batchSize?: number;
  /** A partial batch waits at most this long for more items, ms. @default 5 */
  flushIntervalMs?: number;
  /** Delays between reconnect attempts. @default { baseDelayMs: 100, maxDelayMs: 5000, jitter: 0.2 } */
  reconnect?: Partial<BackoffPolicy>;
  /** One connect attempt, ms. @default 5000 */
  connectTimeoutMs?: number;
  /** A batch not answered within this long treats the connection as dead, ms. @default 10000 */
  commandTimeoutMs?: number;
  /** How long `flush()` (and so `close()`) waits for Redis to take the buffer, ms. @default 5000 */
  flushTimeoutMs?: number;
  /** @default systemClock */
  clock?: Clock;
  /** @default silent */
  logger?: Logger;
  /** Random source for reconnect jitter, in [0, 1). @default Math.random */
  random?: () => number;
  /** Makes the connection. @default ioredis, without offline queue or automatic reconnect */
  createClient?: RedisFactory;
}

export const DEFAULT_REDIS_SINK_OPTIONS = Object.freeze({
  url: 'redis://127.0.0.1:6379',
  maxBuffered: 100_000,
  maxGapsBuffered: 10_000,
  overflow: 'drop-oldest',
  batchSize: 500,
  flushIntervalMs: 5,
  reconnect: Object.freeze({ baseDelayMs: 100, maxDelayMs: 5_000, jitter: 0.2 }),
  connectTimeoutMs: 5_000,
  commandTimeoutMs: 10_000,
  flushTimeoutMs: 5_000,
});

export interface ResolvedRedisSinkOptions {
  url: string;
  name: string;
  maxBuffered: number;
  maxGapsBuffered: number;
  overflow: OverflowPolicy;
  batchSize: number;
  flushIntervalMs: number;
  reconnect: BackoffPolicy;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  flushTimeoutMs: number;
  clock: Clock;
  logger: Logger;
  random: () => number;
  createClient: RedisFactory;
}

/** Applies defaults and validates; throws {@link InvalidArgumentError} naming the first bad option. */
export function resolveRedisSinkOptions(
  o: RedisSinkOptions,
  defaultName: string,
): ResolvedRedisSinkOptions {
  if (o === null || typeof o !== 'object')
    throw new InvalidArgumentError('options', o, 'must be an object');
  const d = DEFAULT_REDIS_SINK_OPTIONS;
  const r: ResolvedRedisSinkOptions = {
    url: o.url ?? d.url,
    name: o.name ?? defaultName,
    maxBuffered: o.maxBuffered ?? d.maxBuffered,
    maxGapsBuffered: o.maxGapsBuffered ?? d.maxGapsBuffered,
    overflow: o.overflow ?? d.overflow,
    batchSize: o.batchSize ?? d.batchSize,
    flushIntervalMs: o.flushIntervalMs ?? d.flushIntervalMs,
    reconnect: { ...d.reconnect, ...o.reconnect },
    connectTimeoutMs: o.connectTimeoutMs ?? d.connectTimeoutMs,
    commandTimeoutMs: o.commandTimeoutMs ?? d.commandTimeoutMs,
    flushTimeoutMs: o.flushTimeoutMs ?? d.flushTimeoutMs,
    clock: o.clock ?? systemClock,
    logger: o.logger ?? silentLogger,
    random: o.random ?? Math.random,
    createClient: o.createClient ?? createIoRedis,
  };
  if (typeof r.url !== 'string' || !/^rediss?:\/\/\S+$/.test(r.url))
    throw new InvalidArgumentError('url', r.url, 'must be a redis:// or rediss:// URL');
  nonEmpty('name', r.name);
  for (const f of ['maxBuffered', 'maxGapsBuffered', 'batchSize'] as const) {
    if (!Number.isInteger(r[f]) || r[f] < 1)
      throw new InvalidArgumentError(f, r[f], 'must be an integer >= 1');
  }
  if (!OVERFLOW_POLICIES.includes(r.overflow))
    throw new InvalidArgumentError(
      'overflow',
      r.overflow,
      `must be ${OVERFLOW_POLICIES.join(' or ')}`,
    );
  for (const [f, v] of [
    ['flushIntervalMs', r.flushIntervalMs],
    ['reconnect.baseDelayMs', r.reconnect.baseDelayMs],
    ['reconnect.maxDelayMs', r.reconnect.maxDelayMs],
  ] as const) {
    if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v))
      throw new InvalidArgumentError(f, v, 'must be a finite number >= 0');
  }
  for (const f of ['connectTimeoutMs', 'commandTimeoutMs', 'flushTimeoutMs'] as const) {
    if (typeof r[f] !== 'number' || !(r[f] > 0) || !Number.isFinite(r[f]))
      throw new InvalidArgumentError(f, r[f], 'must be a finite number > 0');
  }
  if (!(r.reconnect.jitter >= 0 && r.reconnect.jitter <= 1))
    throw new InvalidArgumentError('reconnect.jitter', r.reconnect.jitter, 'must be within [0, 1]');
  if (typeof r.createClient !== 'function')
    throw new InvalidArgumentError('createClient', r.createClient, 'must be a function');
  return r;
}

/** Throws unless `v` is a non-empty string. */
export function nonEmpty(field: string, v: unknown): void {
  if (typeof v !== 'string' || v.trim() === '')
    throw new InvalidArgumentError(field, v, 'must be a non-empty string');
}
