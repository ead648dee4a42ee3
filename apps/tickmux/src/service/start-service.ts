import type { TickmuxConfig } from '@tickmux/config';
import { redactUrl } from '@tickmux/config';
import { ErrorCode, TickmuxError, silentLogger, type Logger, type TickData } from '@tickmux/core';
import type { SimControl } from '@tickmux/massive-sim';
import type { ManagerFactory } from '../adapter/connection-manager.js';
import type { DataAdapter, StatusCallback } from '../adapter/data-adapter.js';
import { RealTimeDataAdapter } from '../adapter/real-time-data-adapter.js';
import { SyntheticDataAdapter } from '../adapter/synthetic-data-adapter.js';
import { HttpService } from '../http/http-service.js';
import { TickmuxMetrics } from '../metrics/metrics.js';
import type { GapReport, ServiceSource } from '../service-source.js';
import { MemorySink } from '../sinks/memory-sink.js';
import { RedisPubSubSink, type RedisPubSubSinkOptions } from '../sinks/redis-pubsub-sink.js';
import { RedisStreamSink, type RedisStreamSinkOptions } from '../sinks/redis-stream-sink.js';
import type { TickSink } from '../sinks/sink.js';
import { SinkSet } from '../sinks/sink-set.js';
import { WebSocketFanoutSink } from '../sinks/ws-fanout-sink.js';
import { startServiceHa, type ServiceHa, type ServiceHaOptions } from './service-ha.js';

export interface ServiceOptions {
  config: TickmuxConfig;
  /**
   * Tickers to subscribe, or a function that resolves them (called once the HTTP server listens,
   * so that the dashboard's address comes before any universe lookup).
   */
  tickers: readonly string[] | (() => Promise<readonly string[]>);
  /** HTTP port; 0 picks a free one. @default 8080 */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Bearer token of the mutating API routes (`TICKMUX_API_TOKEN`). @default none */
  token?: string;
  /**
   * Publish to Redis (pub/sub on `tickstock.data.raw` and `tickstock:market:ticks`, and the
   * stream `tickstock:stream:raw`). @default config.redisUrl
   */
  redisUrl?: string | null;
  /**
   * The Redis sinks' settings beyond the URL: the pub/sub `channels` (default both of
   * {@link REDIS_TICK_CHANNELS}) and `gapChannel`, the stream's `key` and `maxLen`, and the
   * buffering both share (`maxBuffered`, `overflow`, ...; see RedisSinkOptions).
   */
  redis?: Omit<RedisPubSubSinkOptions, 'url' | 'name'> &
    Pick<RedisStreamSinkOptions, 'key' | 'maxLen'>;
  /** Ticks generated in-process (`SyntheticDataAdapter`) instead of a connection. @default false */
  synthetic?: boolean;
  /** Multi-connection mode's manager factory. */
  createManager?: ManagerFactory;
  /**
   * The embedded simulator's control: enables fault injection from the API and dashboard, and
   * the event-latency histogram measures from the simulator's market time.
   */
  sim?: SimControl;
  /** Called with every status the adapter reports. */
  onStatus?: StatusCallback;
  /** Called with the dashboard URL as soon as the HTTP server listens (before connecting). */
  onListening?: (url: string) => void;
  /** Called with the tickers once known, before connecting. */
  onTickers?: (tickers: readonly string[]) => void;
  /** HA (`HA_ENABLED=true`): the account's namespace in Redis and the coordinator's clock. */
  ha?: ServiceHaOptions;
  /** @default silent */
  logger?: Logger;
}

/** A running service: what `tickmux start` runs. */
export interface RunningService {
  url: string;
  adapter: DataAdapter;
  sinks: SinkSet;
  memory: MemorySink;
  http: HttpService;
  metrics: TickmuxMetrics;
  /**
   * What `adapter.connect()` resolved with. With HA, false: `startService` does not wait (a
   * standby connects only once it leads); see `streaming`.
   */
  connected: boolean;
  /** What `adapter.connect()` resolves with (with HA: once this instance led and connected). */
  streaming: Promise<boolean>;
  /** HA (`HA_ENABLED=true`): the coordinator, its status and slot gate; undefined otherwise. */
  ha: ServiceHa | undefined;
  /** Disconnects, flushes and closes every sink, stops the HTTP server. Idempotent. */
  close(): Promise<void>;
}

export const DEFAULT_SERVICE_OPTIONS = Object.freeze({ port: 8080, host: '127.0.0.1' });

/** The channels ticks are published on when Redis is configured. */
export const REDIS_TICK_CHANNELS = Object.freeze(['tickstock.data.raw', 'tickstock:market:ticks']);

/**
 * Assembles the service: sinks (memory, Redis when configured, WebSocket fan-out), metrics, the
 * adapter, the HTTP API and dashboard. The HTTP server listens first (so the dashboard is there
 * while the connections come up), then the adapter connects.
 */
export async function startService(options: ServiceOptions): Promise<RunningService> {
  const { config } = options;
  const logger = options.logger ?? silentLogger;
  const port = options.port ?? DEFAULT_SERVICE_OPTIONS.port;
  const host = options.host ?? DEFAULT_SERVICE_OPTIONS.host;
  const redisUrl = options.redisUrl === undefined ? config.redisUrl : options.redisUrl;

  const memory = new MemorySink();
  const sinkList: TickSink[] = [memory];
  if (redisUrl !== null) {
    const { key, maxLen, channels, gapChannel, ...shared } = options.redis ?? {};
    sinkList.push(
      new RedisPubSubSink({
        url: redisUrl,
        channels: channels ?? REDIS_TICK_CHANNELS,
        logger,
        ...shared,
        ...(gapChannel === undefined ? {} : { gapChannel }),
      }),
      new RedisStreamSink({
        url: redisUrl,
        logger,
        ...shared,
        ...(key === undefined ? {} : { key }),
        ...(maxLen === undefined ? {} : { maxLen }),
      }),
    );
    logger.info({ redis: redactUrl(redisUrl) }, `publishing to Redis at ${redactUrl(redisUrl)}`);
  }
  // The sink set needs the HTTP server (WebSocket fan-out), which needs the adapter, whose
  // callbacks write to the sink set: the callbacks reach it through this reference.
  const ha = await startServiceHa(config, {
    ...options.ha,
    logger,
    multi: !options.synthetic && config.useMultiConnection && options.createManager !== undefined,
  });
  const ref: { sinks?: SinkSet; http?: HttpService } = {};
  const onTick = (tick: TickData) => ref.sinks!.write(tick);
  const onGap = (gap: GapReport) => ref.sinks!.writeGap(gap);
  const onStatus: StatusCallback = (status, data) => {
    logger.debug({ status, ...data }, `status: ${status}`);
    // A connection's lifecycle changed (its data names the previous state): the dashboard sees it.
    if ('previous' in data) ref.http?.broadcast();
    options.onStatus?.(status, data);
  };
  const adapter: DataAdapter = options.synthetic
    ? new SyntheticDataAdapter(config, onTick, onStatus, { logger })
    : new RealTimeDataAdapter(config, onTick, onStatus, {
        logger,
        onGap,
        ...(options.createManager === undefined ? {} : { createManager: options.createManager }),
        ...(options.sim === undefined ? {} : { sim: options.sim }),
        ...(ha === undefined ? {} : { slotGate: ha.slotGate }),
      });
  const source = ha === undefined ? adapter : withHa(adapter, ha);
  const metrics = new TickmuxMetrics({
    source,
    sinks: () => ref.sinks?.sinks ?? [],
    // The simulator's market runs at wall pace, from a different start (10:00 US/Eastern).
    ...(options.sim === undefined
      ? {}
      : { eventTimeOffsetMs: options.sim.stats().marketTime - Date.now() }),
  });
  const http = new HttpService({
    source,
    metrics,
    sinks: () => ref.sinks?.sinks ?? [],
    logger,
    ...(options.token === undefined ? {} : { token: options.token }),
  });
  ref.http = http;
  sinkList.push(new WebSocketFanoutSink(http.server, { logger }));
  const sinks = new SinkSet(sinkList, { metrics, logger });
  ref.sinks = sinks;

  let url: string;
  try {
    url = await http.listen(port, host);
  } catch (err) {
    await sinks.close();
    await http.close();
    await ha?.stop();
    throw listenError(err, port, host);
  }
  options.onListening?.(url);
  let connected: boolean;
  let streaming: Promise<boolean>;
  try {
    const tickers =
      typeof options.tickers === 'function' ? await options.tickers() : options.tickers;
    options.onTickers?.(tickers);
    ha?.start({
      tickers: () => tickers,
      channels: config.channels,
      health: () => adapter.getHealthStatus(),
      writeGap: (gap) => sinks.writeGap(gap),
    });
    streaming = adapter.connect(tickers);
    if (ha === undefined) connected = await streaming;
    else {
      // A standby opens no socket until it leads: do not wait for that.
      connected = false;
      streaming = streaming.catch((err: unknown) => {
        logger.error({ err }, 'adapter: connect failed');
        return false;
      });
    }
  } catch (err) {
    await Promise.allSettled([adapter.disconnect(), sinks.close(), http.close()]);
    await ha?.stop();
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    url,
    adapter,
    sinks,
    memory,
    http,
    metrics,
    connected,
    streaming,
    ha,
    close: () =>
      (closing ??= (async () => {
        // The sockets close with a close handshake first, then the leases are released.
        await adapter.disconnect();
        await ha?.stop();
        await sinks.close();
        await http.close();
      })()),
  };
}

/** The adapter as the API and metrics see it, with `ha.status()` in its health object. */
function withHa(adapter: DataAdapter, ha: ServiceHa): ServiceSource {
  const source: ServiceSource = {
    getHealthStatus: () => ({ ...adapter.getHealthStatus(), ha: ha.status() }),
    getConnectionTickers: (id) => adapter.getConnectionTickers(id),
    rebalance: () => adapter.rebalance(),
    gaps: () => adapter.gaps(),
  };
  if (adapter.injectFault !== undefined)
    source.injectFault = (id, kind) => adapter.injectFault!(id, kind);
  return source;
}

/** A listen failure, saying what to do next. */
function listenError(err: unknown, port: number, host: string): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    return new TickmuxError(
      ErrorCode.CONFIG_INVALID,
      `port ${port} on ${host} is already in use (another tickmux?): stop it, or choose another port, e.g. PORT=${port + 1} pnpm start`,
      { cause: err },
    );
  if (code === 'EACCES')
    return new TickmuxError(
      ErrorCode.CONFIG_INVALID,
      `no permission to listen on port ${port}: choose a port above 1023, e.g. PORT=8080`,
      { cause: err },
    );
  return err instanceof Error ? err : new Error(String(err));
}
