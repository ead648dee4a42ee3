export { MassiveClient } from './massive-client.js';
export type { ClientState } from './massive-client.js';
export { DEFAULT_CLIENT_OPTIONS, resolveClientOptions } from './options.js';
export type { MassiveClientOptions, ResolvedClientOptions } from './options.js';
export {
  AuthFailedError,
  AuthTimeoutError,
  MaxConnectionsError,
  ConnectTimeoutError,
  ConnectionClosedError,
  HeartbeatTimeoutError,
  DataSilenceError,
  RetriesExhaustedError,
} from './errors.js';
export { backoffDelay } from './backoff.js';
export type { BackoffPolicy } from './backoff.js';
export { CircuitBreaker } from './circuit-breaker.js';
export type { CircuitBreakerOptions, CircuitState, CircuitSnapshot } from './circuit-breaker.js';
export { EventStream } from './event-stream.js';
export type { StreamItem, OverflowPolicy, EventStreamOptions } from './event-stream.js';
export type { ClientStats } from './stats.js';
export type { TopicState, TopicStatus, ConfirmLatency } from './subscription-book.js';
export type { WebSocketLike, WebSocketConstructor } from './socket.js';
export { topicEntries } from './topics.js';
export type { TopicEntry } from './topics.js';
