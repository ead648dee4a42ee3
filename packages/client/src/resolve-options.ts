import {
  assertChannel,
  CLUSTERS,
  clusterOfUrl,
  InvalidArgumentError,
  silentLogger,
  systemClock,
} from '@tickmux/core';
import WebSocket from 'ws';
import {
  DEFAULT_CLIENT_OPTIONS as D,
  type MassiveClientOptions,
  type ResolvedClientOptions,
} from './options.js';
import type { WebSocketConstructor } from './socket.js';

/** Room for the longest topic in the longest control message: smaller frames could not send it. */
const MIN_FRAME_BYTES = 256;

const check = (ok: boolean, field: string, value: unknown, reason: string) => {
  if (!ok) throw new InvalidArgumentError(field, value, reason);
};
const isNumber = (v: unknown): v is number => typeof v === 'number' && !Number.isNaN(v);
const nonNegative = (field: string, v: unknown) =>
  check(isNumber(v) && v >= 0, field, v, 'must be a number >= 0');
const positive = (field: string, v: unknown) =>
  check(isNumber(v) && v > 0, field, v, 'must be a number > 0');
const atLeast = (field: string, v: unknown, min: number, minName: string) =>
  check(isNumber(v) && v >= min, field, v, `must be a number >= ${minName}`);
const integerAtLeast = (field: string, v: unknown, min: number) =>
  check(Number.isInteger(v) && (v as number) >= min, field, v, `must be an integer >= ${min}`);

/**
 * Applies defaults and validates every option; throws {@link InvalidArgumentError} naming the
 * first bad one (`chunk.maxFrameBytes`, `circuitBreaker.maxOpenMs`, ...). Nothing is checked later,
 * so no bad option can fail inside a socket listener.
 */
export function resolveClientOptions(o: MassiveClientOptions): ResolvedClientOptions {
  check(o !== null && typeof o === 'object', 'options', o, 'must be an object');
  check(
    typeof o.apiKey === 'string' && o.apiKey.trim() !== '',
    'apiKey',
    '[redacted]',
    'must be a non-empty string',
  );
  const url = o.url ?? D.url;
  check(
    typeof url === 'string' && /^wss?:\/\/[^\s]+$/.test(url),
    'url',
    url,
    'must be a ws:// or wss:// URL',
  );
  const cluster = o.cluster ?? clusterOfUrl(url);
  check(CLUSTERS.includes(cluster), 'cluster', cluster, `must be one of ${CLUSTERS.join(', ')}`);
  const channels = o.channels ?? D.channels;
  check(
    Array.isArray(channels) && channels.length > 0,
    'channels',
    channels,
    'must list at least one channel',
  );
  channels.forEach((c, i) => assertChannel(c, `channels[${i}]`));
  const r: ResolvedClientOptions = {
    url,
    cluster,
    channels: [...new Set(channels)],
    connectTimeoutMs: o.connectTimeoutMs ?? D.connectTimeoutMs,
    backoff: { ...D.backoff, ...o.backoff },
    maxRetries: o.maxRetries ?? D.maxRetries,
    stableAfterMs: o.stableAfterMs ?? D.stableAfterMs,
    maxConnectionsDelayMs: o.maxConnectionsDelayMs ?? D.maxConnectionsDelayMs,
    heartbeatIntervalMs: o.heartbeatIntervalMs ?? D.heartbeatIntervalMs,
    heartbeatTimeoutMs: o.heartbeatTimeoutMs ?? D.heartbeatTimeoutMs,
    dataSilenceMs: o.dataSilenceMs ?? D.dataSilenceMs,
    circuitBreaker: { ...D.circuitBreaker, ...o.circuitBreaker },
    confirmTimeoutMs: o.confirmTimeoutMs ?? D.confirmTimeoutMs,
    chunk: { ...D.chunk, ...o.chunk },
    logger: o.logger ?? silentLogger,
    clock: o.clock ?? systemClock,
    WebSocket: o.WebSocket ?? (WebSocket as unknown as WebSocketConstructor),
    random: o.random ?? Math.random,
    onTick: o.onTick,
    onEvent: o.onEvent,
    onStatus: o.onStatus,
    onStateChange: o.onStateChange,
    onSocketClose: o.onSocketClose,
    onTopicState: o.onTopicState,
    socketGate: o.socketGate,
  };
  for (const field of [
    'maxConnectionsDelayMs',
    'heartbeatIntervalMs',
    'heartbeatTimeoutMs',
    'dataSilenceMs',
  ] as const)
    nonNegative(field, r[field]);
  for (const field of ['connectTimeoutMs', 'stableAfterMs', 'confirmTimeoutMs'] as const)
    positive(field, r[field]);
  check(
    r.maxRetries === Number.POSITIVE_INFINITY ||
      (Number.isInteger(r.maxRetries) && r.maxRetries >= 0),
    'maxRetries',
    r.maxRetries,
    'must be an integer >= 0 or Infinity',
  );
  const { backoff, circuitBreaker: cb, chunk } = r;
  nonNegative('backoff.baseDelayMs', backoff.baseDelayMs);
  atLeast('backoff.maxDelayMs', backoff.maxDelayMs, backoff.baseDelayMs, 'backoff.baseDelayMs');
  check(
    isNumber(backoff.jitter) && backoff.jitter >= 0 && backoff.jitter <= 1,
    'backoff.jitter',
    backoff.jitter,
    'must be within [0, 1]',
  );
  integerAtLeast('circuitBreaker.failureThreshold', cb.failureThreshold, 1);
  integerAtLeast('circuitBreaker.successThreshold', cb.successThreshold, 1);
  nonNegative('circuitBreaker.openMs', cb.openMs);
  atLeast('circuitBreaker.maxOpenMs', cb.maxOpenMs, cb.openMs, 'circuitBreaker.openMs');
  integerAtLeast('chunk.maxTopicsPerFrame', chunk.maxTopicsPerFrame, 1);
  integerAtLeast('chunk.maxFrameBytes', chunk.maxFrameBytes, MIN_FRAME_BYTES);
  for (const cb of [
    'onTick',
    'onEvent',
    'onStatus',
    'onStateChange',
    'onSocketClose',
    'onTopicState',
    'socketGate',
    'random',
    'WebSocket',
  ] as const) {
    check(r[cb] === undefined || typeof r[cb] === 'function', cb, r[cb], 'must be a function');
  }
  for (const [field, obj, methods] of [
    [
      'clock',
      r.clock,
      ['now', 'monotonic', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'],
    ],
    ['logger', r.logger, ['debug', 'info', 'warn', 'error']],
  ] as const) {
    const rec = obj as unknown as Record<string, unknown>;
    check(
      typeof obj === 'object' && obj !== null && methods.every((m) => typeof rec[m] === 'function'),
      field,
      obj,
      `must have ${methods.join(', ')}`,
    );
  }
  return r;
}
