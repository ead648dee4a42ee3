import { Redis } from 'ioredis';

/** The commands a Redis sink queues on a pipeline. */
export interface PipelineLike {
  publish(channel: string, message: string): unknown;
  xadd(key: string, ...args: (string | number)[]): unknown;
  /** One `[error, reply]` per command, in order; rejects (or null) when nothing was answered. */
  exec(): Promise<[Error | null, unknown][] | null>;
}

/**
 * The part of an ioredis client the sinks use: an ioredis `Redis`, an `ioredis-mock` instance or a
 * test double. Events: `ready` (connected and usable), `close` (connection lost), `end` (no
 * reconnect will follow; the sink schedules its own), `error`.
 */
export interface RedisLike {
  pipeline(): PipelineLike;
  connect(): Promise<void>;
  on(event: 'ready' | 'close' | 'end', listener: () => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  quit(): Promise<unknown>;
  disconnect(): void;
}

/** Makes the connection a sink uses; it must not connect before `connect()` is called. */
export type RedisFactory = (url: string, timeouts: RedisTimeouts) => RedisLike;

export interface RedisTimeouts {
  connectTimeoutMs: number;
  commandTimeoutMs: number;
}

/**
 * An ioredis connection that does nothing behind the sink's back: no offline queue (a command
 * while disconnected fails at once, so the sink's bounded buffer is the only buffer), no automatic
 * reconnect and no resend of unanswered commands (the sink reconnects on its own clock and
 * decides what to send again).
 */
export const createIoRedis: RedisFactory = (url, t) =>
  new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    retryStrategy: () => null,
    connectTimeout: t.connectTimeoutMs,
    commandTimeout: t.commandTimeoutMs,
  });
