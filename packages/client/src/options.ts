import {
  DEFAULT_CHANNELS,
  DEFAULT_CHUNK_OPTIONS,
  type ChunkOptions,
  type Clock,
  type Cluster,
  type Logger,
  type MassiveEvent,
  type ServerStatus,
  type TickData,
} from '@tickmux/core';
import type { BackoffPolicy } from './backoff.js';
import type { CircuitBreakerOptions } from './circuit-breaker.js';
import type {
  ClientState,
  SocketCloseInfo,
  StateChangeReason,
  TopicLifecycleState,
} from './lifecycle.js';
import type { WebSocketConstructor } from './socket.js';

/** Options of `new MassiveClient(options)`. Only `apiKey` is required. */
export interface MassiveClientOptions {
  /** The vendor's API key. Never logged or reported. */
  apiKey: string;
  /** Socket URL (`MASSIVE_WEBSOCKET_URL`). @default 'wss://socket.massive.com/stocks' */
  url?: string;
  /**
   * The feed, for ticker validation (`X:BTC-USD` on crypto, `I:SPX` on indices, ...).
   * @default the URL's cluster path (`/crypto` → 'crypto'), 'stocks' when it names none
   */
  cluster?: Cluster;
  /** Channels a ticker list is subscribed on (`MASSIVE_CHANNELS`). @default ['T', 'Q', 'AM'] */
  channels?: readonly string[];
  /** Called for each event that has a normalised tick (T, Q, A, AM), in arrival order. */
  onTick?: (tick: TickData, event: MassiveEvent) => void;
  /** Called for every event, including channels without a tick (LULD, NOI, ...). */
  onEvent?: (event: MassiveEvent) => void;
  /** Called for every status the server sends, typed by `kind`, with the whole object in `raw`. */
  onStatus?: (status: ServerStatus) => void;
  /** Called on every lifecycle change, after the client has finished the work it caused. */
  onStateChange?: (state: ClientState, previous: ClientState, reason: StateChangeReason) => void;
  /** Called once per socket that ends, however it ended. */
  onSocketClose?: (info: SocketCloseInfo) => void;
  /** Called when a topic becomes pending, confirmed, refused or removed; `at` is `clock.now()`. */
  onTopicState?: (topic: string, state: TopicLifecycleState, at: number) => void;
  /**
   * Awaited before every socket is opened (the first and each retry, after its backoff), e.g. to
   * wait for a free slot of the account's connection limit. `disconnect()` aborts `signal`. A
   * rejection fails the attempt (retried with backoff; not a circuit-breaker failure).
   */
  socketGate?: (signal: AbortSignal) => Promise<void>;
  /** No authenticated session within this long after the socket is created fails the attempt, ms. @default 10000 */
  connectTimeoutMs?: number;
  /** Reconnect delays (`MASSIVE_WEBSOCKET_RECONNECT_DELAY` is `baseDelayMs`). */
  backoff?: Partial<BackoffPolicy>;
  /**
   * Failed attempts in one outage before giving up (`MASSIVE_WEBSOCKET_MAX_RETRIES`); the count
   * starts again at each authentication. `Infinity` never gives up: the circuit breaker paces it.
   * @default Infinity
   */
  maxRetries?: number;
  /**
   * A connection shorter than this counts as a failure (for the breaker, and the backoff keeps
   * growing); each full period a connection stays up is a success. @default 60000
   */
  stableAfterMs?: number;
  /** Wait after `max_connections` (the account limit), ms, with the backoff jitter. @default 60000 */
  maxConnectionsDelayMs?: number;
  /** Ping interval, ms; 0 sends no pings (and so judges no silence). @default 25000 */
  heartbeatIntervalMs?: number;
  /** A ping with nothing received (no pong, no frame) this long after it means dead, ms; 0 never. @default 30000 */
  heartbeatTimeoutMs?: number;
  /** Subscribed but no data for this long → a new socket, ms; 0 (the default) is off, for quiet tickers. @default 0 */
  dataSilenceMs?: number;
  /** Circuit breaker over connection attempts. */
  circuitBreaker?: Partial<CircuitBreakerOptions>;
  /** How long `subscribe()`/`unsubscribe()` wait for the server's acks on a live connection, ms. @default 5000 */
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
  maxRetries: Number.POSITIVE_INFINITY,
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
  cluster: Cluster;
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
  chunk: Required<Omit<ChunkOptions, 'action'>>;
  logger: Logger;
  clock: Clock;
  WebSocket: WebSocketConstructor;
  random: () => number;
  onTick: MassiveClientOptions['onTick'];
  onEvent: MassiveClientOptions['onEvent'];
  onStatus: MassiveClientOptions['onStatus'];
  onStateChange: MassiveClientOptions['onStateChange'];
  onSocketClose: MassiveClientOptions['onSocketClose'];
  onTopicState: MassiveClientOptions['onTopicState'];
  socketGate: MassiveClientOptions['socketGate'];
}
