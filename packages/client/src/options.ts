import {
  assertChannel,
  DEFAULT_CHANNELS,
  DEFAULT_CHUNK_OPTIONS,
  InvalidArgumentError,
  silentLogger,
  systemClock,
  type ChunkOptions,
  type Clock,
  type Logger,
  type MassiveEvent,
  type TickData,
} from '@tickmux/core';
import WebSocket from 'ws';
import type { BackoffPolicy } from './backoff.js';
import type { CircuitBreakerOptions } from './circuit-breaker.js';
import type { WebSocketConstructor } from './socket.js';

/** Options of `new MassiveClient(options)`. Only `apiKey` is required. */
export interface MassiveClientOptions {
  /** The vendor's API key. Never logged or reported. */
  apiKey: string;
  /** Socket URL (`MASSIVE_WEBSOCKET_URL`). @default 'wss://socket.massive.com/stocks' */
  url?: string;
  /** Channels each ticker is subscribed on (`MASSIVE_CHANNELS`). @default ['T', 'Q', 'AM'] */
  channels?: readonly string[];
  /** Called for each event that has a normalised tick (T, Q, A, AM), in arrival order. */
  onTick?: (tick: TickData, event: MassiveEvent) => void;
  /** Called for every event, including channels without a tick (LULD, NOI, ...). */
  onEvent?: (event: MassiveEvent) => void;
  /**
   * Called for every server status (`data.kind === 'server'`, the status object) and every
   * lifecycle change (`data.kind === 'lifecycle'`, `status` = the new state).
   */
  onStatus?: (status: string, data: Record<string, unknown>) => void;
  /** No authenticated session within this long fails the attempt, ms. @default 10000 */
  connectTimeoutMs?: number;
  /** Reconnect delays (`MASSIVE_WEBSOCKET_RECONNECT_DELAY` is `baseDelayMs`). */
  backoff?: Partial<BackoffPolicy>;
  /**
   * Consecutive failed attempts before giving up (`MASSIVE_WEBSOCKET_MAX_RETRIES`, 3 in the
   * original adapter's configuration); `Infinity` never gives up. @default 3
   */
  maxRetries?: number;
  /** A connection that stayed up this long resets the retry count, ms. @default 60000 */
  stableAfterMs?: number;
  /** Wait after `max_connections` (the account limit), ms, with the backoff jitter. @default 60000 */
  maxConnectionsDelayMs?: number;
  /** Ping interval, ms; 0 disables pings (frames still count as life). @default 25000 */
  heartbeatIntervalMs?: number;
  /** No frame and no pong for this long declares the socket dead, ms; 0 disables. @default 30000 */
  heartbeatTimeoutMs?: number;
  /** Subscribed but no data for this long → reconnect, ms; 0 (the default) is off, for quiet tickers. @default 0 */
  dataSilenceMs?: number;
  /** Circuit breaker over connection attempts. */
  circuitBreaker?: Partial<CircuitBreakerOptions>;
  /** How long `subscribe()`/`unsubscribe()` wait for the server's acks, ms. @default 5000 */
  confirmTimeoutMs?: number;
  /** Limits for subscribe/unsubscribe frames. @default { maxFrameBytes: 16384, maxTopicsPerFrame: 1000 } */
  chunk?: Omit<ChunkOptions, 'action'>;
  /** pino-compatible logger. @default silent */
  logger?: Logger;
  /** Time and timers. @default systemClock */
  clock?: Clock;
  /** The WebSocket implementation. @default the `ws` package */
  WebSocket?: WebSocketConstructor;
  /** Random source for backoff jitter, in [0, 1). @default Math.random */
  random?: () => number;
}

export const DEFAULT_CLIENT_OPTIONS = Object.freeze({
  url: 'wss://socket.massive.com/stocks',
  channels: DEFAULT_CHANNELS,
  connectTimeoutMs: 10_000,
  backoff: Object.freeze({ baseDelayMs: 1_000, maxDelayMs: 30_000, jitter: 0.2 }),
  maxRetries: 3,
  stableAfterMs: 60_000,
  maxConnectionsDelayMs: 60_000,
  heartbeatIntervalMs: 25_000,
  heartbeatTimeoutMs: 30_000,
  dataSilenceMs: 0,
  circuitBreaker: Object.freeze({
    failureThreshold: 5,
    openMs: 10_000,
    maxOpenMs: 80_000,
    successThreshold: 3,
  }),
  confirmTimeoutMs: 5_000,
  chunk: Object.freeze({
    maxFrameBytes: DEFAULT_CHUNK_OPTIONS.maxFrameBytes,
    maxTopicsPerFrame: DEFAULT_CHUNK_OPTIONS.maxTopicsPerFrame,
  }),
});

/** Options with defaults applied (the API key is kept apart, see MassiveClient). */
export interface ResolvedClientOptions {
  url: string;
  channels: readonly string[];
  connectTimeoutMs: number;
  backoff: BackoffPolicy;
  maxRetries: number;
  stableAfterMs: number;
  maxConnectionsDelayMs: number;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  dataSilenceMs: number;
  circuitBreaker: CircuitBreakerOptions;
  confirmTimeoutMs: number;
  chunk: Omit<ChunkOptions, 'action'>;
  logger: Logger;
  clock: Clock;
  WebSocket: WebSocketConstructor;
  random: () => number;
  onTick: MassiveClientOptions['onTick'];
  onEvent: MassiveClientOptions['onEvent'];
  onStatus: MassiveClientOptions['onStatus'];
}

const nonNegative = (field: string, v: number) => {
  if (typeof v !== 'number' || Number.isNaN(v) || v < 0)
    throw new InvalidArgumentError(field, v, 'must be a number >= 0');
};

/** Applies defaults and validates; throws {@link InvalidArgumentError} naming the first bad option. */
export function resolveClientOptions(o: MassiveClientOptions): ResolvedClientOptions {
  if (o === null || typeof o !== 'object')
    throw new InvalidArgumentError('options', o, 'must be an object');
  if (typeof o.apiKey !== 'string' || o.apiKey.trim() === '')
    throw new InvalidArgumentError('apiKey', '[redacted]', 'must be a non-empty string');
  const d = DEFAULT_CLIENT_OPTIONS;
  const url = o.url ?? d.url;
  if (typeof url !== 'string' || !/^wss?:\/\/[^\s]+$/.test(url))
    throw new InvalidArgumentError('url', url, 'must be a ws:// or wss:// URL');
  const channels = o.channels ?? d.channels;
  if (!Array.isArray(channels) || channels.length === 0)
    throw new InvalidArgumentError('channels', channels, 'must list at least one channel');
  channels.forEach((c, i) => assertChannel(c, `channels[${i}]`));
  const r: ResolvedClientOptions = {
    url,
    channels: [...new Set(channels)],
    connectTimeoutMs: o.connectTimeoutMs ?? d.connectTimeoutMs,
    backoff: { ...d.backoff, ...o.backoff },
    maxRetries: o.maxRetries ?? d.maxRetries,
    stableAfterMs: o.stableAfterMs ?? d.stableAfterMs,
    maxConnectionsDelayMs: o.maxConnectionsDelayMs ?? d.maxConnectionsDelayMs,
    heartbeatIntervalMs: o.heartbeatIntervalMs ?? d.heartbeatIntervalMs,
    heartbeatTimeoutMs: o.heartbeatTimeoutMs ?? d.heartbeatTimeoutMs,
    dataSilenceMs: o.dataSilenceMs ?? d.dataSilenceMs,
    circuitBreaker: { ...d.circuitBreaker, ...o.circuitBreaker },
    confirmTimeoutMs: o.confirmTimeoutMs ?? d.confirmTimeoutMs,
    chunk: { ...d.chunk, ...o.chunk },
    logger: o.logger ?? silentLogger,
    clock: o.clock ?? systemClock,
    WebSocket: o.WebSocket ?? (WebSocket as unknown as WebSocketConstructor),
    random: o.random ?? Math.random,
    onTick: o.onTick,
    onEvent: o.onEvent,
    onStatus: o.onStatus,
  };
  for (const [field, v] of [
    ['connectTimeoutMs', r.connectTimeoutMs],
    ['maxRetries', r.maxRetries],
    ['stableAfterMs', r.stableAfterMs],
    ['maxConnectionsDelayMs', r.maxConnectionsDelayMs],
    ['heartbeatIntervalMs', r.heartbeatIntervalMs],
    ['heartbeatTimeoutMs', r.heartbeatTimeoutMs],
    ['dataSilenceMs', r.dataSilenceMs],
    ['confirmTimeoutMs', r.confirmTimeoutMs],
    ['backoff.baseDelayMs', r.backoff.baseDelayMs],
    ['backoff.maxDelayMs', r.backoff.maxDelayMs],
    ['circuitBreaker.openMs', r.circuitBreaker.openMs],
  ] as const) {
    nonNegative(field, v);
  }
  if (r.connectTimeoutMs === 0)
    throw new InvalidArgumentError('connectTimeoutMs', 0, 'must be > 0');
  if (!(r.backoff.jitter >= 0 && r.backoff.jitter <= 1))
    throw new InvalidArgumentError('backoff.jitter', r.backoff.jitter, 'must be within [0, 1]');
  if (!(
    Number.isInteger(r.circuitBreaker.failureThreshold) && r.circuitBreaker.failureThreshold >= 1
  )) {
    throw new InvalidArgumentError(
      'circuitBreaker.failureThreshold',
      r.circuitBreaker.failureThreshold,
      'must be an integer >= 1',
    );
  }
  for (const cb of ['onTick', 'onEvent', 'onStatus'] as const) {
    if (r[cb] !== undefined && typeof r[cb] !== 'function')
      throw new InvalidArgumentError(cb, r[cb], 'must be a function');
  }
  return r;
}
