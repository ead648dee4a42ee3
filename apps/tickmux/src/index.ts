// The service's building blocks, for the CLI and for whatever wires the manager (or one client) in.
export { FAULT_KINDS } from './service-source.js';
export type {
  ServiceSource,
  HealthStatus,
  ConnectionHealth,
  GapReport,
  RebalanceMove,
  FaultKind,
  HaHealth,
} from './service-source.js';
export { newCounters, assertTick, assertGap, OVERFLOW_POLICIES } from './sinks/sink.js';
export type { TickSink, SinkCounters, OverflowPolicy } from './sinks/sink.js';
export { SinkSet } from './sinks/sink-set.js';
export type { SinkSetOptions } from './sinks/sink-set.js';
export { BoundedQueue } from './sinks/bounded-queue.js';
export { encodeTick, encodeGap } from './sinks/tick-format.js';
export { MemorySink, DEFAULT_MEMORY_SINK_OPTIONS } from './sinks/memory-sink.js';
export type { MemorySinkOptions } from './sinks/memory-sink.js';
export { RedisBatchSink } from './sinks/redis-batch-sink.js';
export { DEFAULT_REDIS_SINK_OPTIONS, resolveRedisSinkOptions } from './sinks/redis-sink-options.js';
export type { RedisSinkOptions, ResolvedRedisSinkOptions } from './sinks/redis-sink-options.js';
export { createIoRedis } from './sinks/redis-client.js';
export type { RedisLike, PipelineLike, RedisFactory, RedisTimeouts } from './sinks/redis-client.js';
export { RedisPubSubSink, DEFAULT_REDIS_PUBSUB_OPTIONS } from './sinks/redis-pubsub-sink.js';
export type { RedisPubSubSinkOptions } from './sinks/redis-pubsub-sink.js';
export { RedisStreamSink, DEFAULT_REDIS_STREAM_OPTIONS } from './sinks/redis-stream-sink.js';
export type { RedisStreamSinkOptions } from './sinks/redis-stream-sink.js';
export { WebSocketFanoutSink, DEFAULT_WEBSOCKET_FANOUT_OPTIONS } from './sinks/ws-fanout-sink.js';
export type { WebSocketFanoutOptions, SlowClientPolicy } from './sinks/ws-fanout-sink.js';
export { parseFilterMessage } from './sinks/ws-client-message.js';
export type { FilterMessage, FilterAction } from './sinks/ws-client-message.js';
export { TickmuxMetrics } from './metrics/metrics.js';
export type { MetricsOptions } from './metrics/metrics.js';
export {
  LatencyHistogram,
  DEFAULT_LATENCY_BUCKETS_S,
  registerLatencyHistogram,
} from './metrics/latency-histogram.js';
export type { LatencySummary } from './metrics/latency-histogram.js';
export { HttpService, DEFAULT_HTTP_SERVICE_OPTIONS } from './http/http-service.js';
export type { HttpServiceOptions } from './http/http-service.js';
export { HttpError } from './http/http-error.js';
export type { DashboardSnapshot } from './http/dashboard-snapshot.js';
export { DASHBOARD_DIR } from './http/static-files.js';
export { assessReadiness, DEFAULT_READINESS_OPTIONS } from './readiness.js';
export type { Readiness, ReadinessOptions } from './readiness.js';
export { createServiceLogger } from './logger.js';
export type { ServiceLoggerOptions } from './logger.js';
export {
  RealTimeDataAdapter,
  DEFAULT_REAL_TIME_ADAPTER_OPTIONS,
} from './adapter/real-time-data-adapter.js';
export type { RealTimeDataAdapterOptions } from './adapter/real-time-data-adapter.js';
export {
  SyntheticDataAdapter,
  DEFAULT_SYNTHETIC_OPTIONS,
} from './adapter/synthetic-data-adapter.js';
export type { SyntheticDataAdapterOptions } from './adapter/synthetic-data-adapter.js';
export type { DataAdapter, TickCallback, StatusCallback } from './adapter/data-adapter.js';
export type {
  ConnectionManagerLike,
  ManagerCallbacks,
  ManagerFactory,
  ManagerGap,
  ManagerMove,
  ManagerHealthStatus,
  ManagerConnectionHealth,
} from './adapter/connection-manager.js';
export type { ClientLike } from './adapter/single-client-core.js';
export { SimFaults, STALL_FAULT_MS } from './adapter/sim-faults.js';
export { defaultManagerFactory, managerFactory } from './adapter/default-manager.js';
export {
  startService,
  DEFAULT_SERVICE_OPTIONS,
  REDIS_TICK_CHANNELS,
} from './service/start-service.js';
export type { ServiceOptions, RunningService } from './service/start-service.js';
export { ServiceHa, startServiceHa, haAccount } from './service/service-ha.js';
export type { ServiceHaOptions, LeaderlessDeps } from './service/service-ha.js';
export { createProgram } from './cli/program.js';
export { healthTable } from './cli/health-table.js';
export {
  embeddedDefaults,
  wantsEmbeddedSim,
  DEMO_CRITICAL_SYMBOLS,
  DEMO_UNIVERSE,
} from './cli/embedded-env.js';
