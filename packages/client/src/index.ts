export { MassiveClient } from './massive-client.js';
export type {
  ClientState,
  StateChangeCause,
  StateChangeReason,
  SocketCloseInfo,
  TopicLifecycleState,
} from './lifecycle.js';
export { DEFAULT_CLIENT_OPTIONS } from './options.js';
export type { MassiveClientOptions, ResolvedClientOptions } from './options.js';
export { resolveClientOptions } from './resolve-options.js';
export {
  AuthFailedError,
  AuthTimeoutError,
  MaxConnectionsError,
  ConnectTimeoutError,
  ConnectionClosedError,
  HeartbeatTimeoutError,
  DataSilenceError,
  RetriesExhaustedError,
  SlowConsumerError,
  ForceDisconnectError,
  SocketGateError,
} from './errors.js';
export { backoffDelay, retryDecision } from './backoff.js';
export type { BackoffPolicy, RetryContext, RetryDecision } from './backoff.js';
export { CircuitBreaker } from './circuit-breaker.js';
export type { CircuitBreakerOptions, CircuitState, CircuitSnapshot } from './circuit-breaker.js';
export { statusEffect } from './status-effect.js';
export type { StatusEffect } from './status-effect.js';
export { EventStream } from './event-stream.js';
export type { StreamItem, OverflowPolicy, EventStreamOptions } from './event-stream.js';
export type { ClientStats } from './stats.js';
export type { TopicState, TopicStatus, ConfirmLatency } from './subscription-book.js';
export type { WebSocketLike, WebSocketConstructor } from './socket.js';
export { topicEntries, selectTopics, selectTickers } from './topics.js';
export type { TopicEntry, TopicSelection } from './topics.js';
