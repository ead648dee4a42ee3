import { systemClock, type Clock } from '@tickmux/core';
import { Counter, Gauge, Registry } from 'prom-client';
import type { ConnectionHealth, HealthStatus, ServiceSource } from '../service-source.js';
import type { SinkCounters, TickSink } from '../sinks/sink.js';
import {
  DEFAULT_LATENCY_BUCKETS_S,
  LatencyHistogram,
  registerLatencyHistogram,
  type LatencySummary,
} from './latency-histogram.js';

export interface MetricsOptions {
  /** Where the connection figures come from, read at each scrape. */
  source: ServiceSource;
  /** The sinks whose counters are exported, read at each scrape. @default none */
  sinks?: () => readonly TickSink[];
  /** @default a new prom-client Registry */
  registry?: Registry;
  /** Latency bucket bounds, seconds. @default DEFAULT_LATENCY_BUCKETS_S (100 µs to 10 s) */
  latencyBuckets?: readonly number[];
  /** @default systemClock */
  clock?: Clock;
  /**
   * The source's clock minus the wall clock, ms, subtracted from event times before the
   * event-latency histogram: the embedded simulator's market time runs at wall pace from 10:00
   * US/Eastern, hours away from the wall clock. @default 0
   */
  eventTimeOffsetMs?: number;
}

type Kind = 'counter' | 'gauge';
const TOTALS: [string, Kind, string, (h: HealthStatus, s: ServiceSource) => number][] = [
  ['connections', 'gauge', 'Connections configured', (h) => h.total_connections],
  ['connections_connected', 'gauge', 'Connections connected now', (h) => h.connected],
  ['tickers', 'gauge', 'Tickers subscribed', (h) => h.total_tickers],
  ['ticks_total', 'counter', 'Events emitted after de-duplication', (h) => h.total_ticks],
  ['errors_total', 'counter', 'Errors on all connections', (h) => h.total_errors],
  ['duplicates_dropped_total', 'counter', 'Duplicate events dropped', (h) => h.duplicates_dropped],
  ['corrections_total', 'counter', 'Corrected aggregate bars emitted', (h) => h.corrections],
  ['gaps_total', 'counter', 'Gap reports (intervals with no live subscription)', (h) => h.gaps],
  ['gaps_open', 'gauge', 'Gaps not yet closed', (_, s) => openGaps(s)],
  [
    'account_contention_total',
    'counter',
    'Account slots seen taken by another process',
    (h) => h.account_contention,
  ],
];
const PER_CONNECTION: [string, Kind, string, (c: ConnectionHealth, nowMs: number) => number][] = [
  [
    'connection_up',
    'gauge',
    '1 when the connection is connected',
    (c) => (c.status === 'connected' ? 1 : 0),
  ],
  ['connection_tickers', 'gauge', 'Tickers assigned to the connection', (c) => c.tickers],
  ['connection_messages_total', 'counter', 'Events received on the connection', (c) => c.messages],
  ['connection_errors_total', 'counter', 'Errors on the connection', (c) => c.errors],
  ['connection_reconnects_total', 'counter', 'Reconnects of the connection', (c) => c.reconnects],
  [
    'connection_last_message_age_seconds',
    'gauge',
    'Seconds since the connection last received a frame (-1 before the first)',
    (c, now) => (c.last_message_at === null ? -1 : Math.max(0, now - c.last_message_at) / 1000),
  ],
];
const PER_SINK: [string, Kind, string, keyof SinkCounters][] = [
  ['sink_published_total', 'counter', 'Items a sink delivered', 'published'],
  [
    'sink_dropped_total',
    'counter',
    'Items a sink dropped (overflow, refused, after close)',
    'dropped',
  ],
  ['sink_buffered', 'gauge', 'Items waiting in a sink buffer', 'buffered'],
  ['sink_errors_total', 'counter', 'Errors seen by a sink', 'errors'],
  ['sink_reconnects_total', 'counter', 'Reconnects of a sink', 'reconnects'],
];

/**
 * The service's Prometheus metrics, every series prefixed `tickmux_`. Connection and sink figures
 * are read from the health object and the sink counters when scraped (nothing per tick); the two
 * latency histograms are fed per tick by `observe()`, which allocates nothing.
 */
export class TickmuxMetrics {
  readonly registry: Registry;
  /** Event time (the vendor's timestamp) to emit. */
  readonly eventLatency: LatencyHistogram;
  /** Receive time (the frame's arrival) to emit. */
  readonly receiveLatency: LatencyHistogram;
  private readonly clock: Clock;
  private readonly offsetS: number;
  private snapshot: HealthStatus | undefined;

  constructor(private readonly options: MetricsOptions) {
    this.registry = options.registry ?? new Registry();
    this.clock = options.clock ?? systemClock;
    this.offsetS = (options.eventTimeOffsetMs ?? 0) / 1000;
    const buckets = options.latencyBuckets ?? DEFAULT_LATENCY_BUCKETS_S;
    this.eventLatency = new LatencyHistogram(buckets);
    this.receiveLatency = new LatencyHistogram(buckets);
    const reg = [this.registry];
    const health = () => this.health();
    for (const [name, kind, help, read] of TOTALS) {
      metric(kind, `tickmux_${name}`, help, [], reg, (m) => {
        m.set({}, read(health(), options.source));
      });
    }
    for (const [name, kind, help, read] of PER_CONNECTION) {
      metric(kind, `tickmux_${name}`, help, ['connection', 'name'], reg, (m) => {
        const now = this.clock.now();
        for (const [id, c] of Object.entries(health().connections))
          m.set({ connection: id, name: c.name }, read(c, now));
      });
    }
    for (const [name, kind, help, field] of PER_SINK) {
      metric(kind, `tickmux_${name}`, help, ['sink'], reg, (m) => {
        for (const s of options.sinks?.() ?? []) m.set({ sink: s.name }, s.counters[field]);
      });
    }
    registerLatencyHistogram(
      this.registry,
      'tickmux_event_latency_seconds',
      'Event time (vendor timestamp) to emit, seconds',
      this.eventLatency,
    );
    registerLatencyHistogram(
      this.registry,
      'tickmux_receive_latency_seconds',
      'Frame receive time to emit, seconds',
      this.receiveLatency,
    );
  }

  /**
   * Records one emitted tick: `eventTimeS` is its timestamp (seconds), `receivedAt` the clock's
   * monotonic ms when its frame arrived, if known. No allocation.
   */
  observe(eventTimeS: number, receivedAt?: number): void {
    this.eventLatency.record(this.clock.now() / 1000 - (eventTimeS - this.offsetS));
    if (receivedAt !== undefined)
      this.receiveLatency.record((this.clock.monotonic() - receivedAt) / 1000);
  }

  /** The exposition text for `GET /metrics`, from one health snapshot. */
  async text(): Promise<string> {
    this.snapshot = this.options.source.getHealthStatus();
    try {
      return await this.registry.metrics();
    } finally {
      this.snapshot = undefined;
    }
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  latency(): { event: LatencySummary; receive: LatencySummary } {
    return { event: this.eventLatency.summary(), receive: this.receiveLatency.summary() };
  }

  private health(): HealthStatus {
    return this.snapshot ?? this.options.source.getHealthStatus();
  }
}

/**
 * A gauge or a counter whose values are set from a reading at each scrape. A counter mirrors a
 * running total kept elsewhere: it is reset, then the total is added.
 */
function metric(
  kind: Kind,
  name: string,
  help: string,
  labelNames: string[],
  registers: Registry[],
  fill: (m: { set(labels: Record<string, string>, v: number): void }) => void,
): void {
  const config = { name, help, labelNames, registers };
  if (kind === 'gauge')
    new Gauge({
      ...config,
      collect() {
        this.reset();
        fill({ set: (l, v) => this.set(l, v) });
      },
    });
  else
    new Counter({
      ...config,
      collect() {
        this.reset();
        fill({ set: (l, v) => this.inc(l, Math.max(0, v)) });
      },
    });
}

function openGaps(source: ServiceSource): number {
  let n = 0;
  for (const g of source.gaps()) if (g.to === null) n++;
  return n;
}
