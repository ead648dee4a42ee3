import { createManualClock } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import { LatencyHistogram, MemorySink, SinkSet, TickmuxMetrics } from '../src/index.js';
import { FakeSource } from './fake-source.js';
import { tick } from './helpers.js';

function setup() {
  const clock = createManualClock(1_700_000_010_000);
  const source = new FakeSource({ clock });
  const memory = new MemorySink({ capacity: 2 });
  const metrics = new TickmuxMetrics({ source, sinks: () => [memory], clock });
  return { clock, source, memory, metrics };
}

/** The value of one exposition line, e.g. `tickmux_ticks_total` or `x{a="b"}`. */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('TickmuxMetrics', () => {
  it('names every series tickmux_ and reads the health object at scrape time', async () => {
    const { source, metrics } = setup();
    source.receive(9);
    const text = await metrics.text();
    const names = text
      .split('\n')
      .filter((l) => l.startsWith('# TYPE '))
      .map((l) => l.split(' ')[2]!);
    expect(names.length).toBeGreaterThanOrEqual(20);
    expect(names.every((n) => n.startsWith('tickmux_'))).toBe(true);
    expect(value(text, 'tickmux_connections')).toBe(3);
    expect(value(text, 'tickmux_connections_connected')).toBe(3);
    expect(value(text, 'tickmux_ticks_total')).toBe(18);
    expect(value(text, 'tickmux_duplicates_dropped_total')).toBe(9);
    expect(value(text, 'tickmux_corrections_total')).toBe(1);
    expect(
      value(text, 'tickmux_connection_messages_total{connection="connection_2",name="secondary"}'),
    ).toBe(9);
    expect(
      value(text, 'tickmux_connection_tickers{connection="connection_1",name="primary"}'),
    ).toBe(4);
    expect(value(text, 'tickmux_connection_up{connection="connection_3",name="tertiary"}')).toBe(1);
    expect(
      value(
        text,
        'tickmux_connection_last_message_age_seconds{connection="connection_1",name="primary"}',
      ),
    ).toBe(0);
  });

  it('follows the source between scrapes: faults, reconnects, errors, gaps open and closed', async () => {
    const { clock, source, metrics } = setup();
    await source.injectFault!('connection_2', 'kill');
    let text = await metrics.text();
    expect(value(text, 'tickmux_connection_up{connection="connection_2",name="secondary"}')).toBe(
      0,
    );
    expect(value(text, 'tickmux_connections_connected')).toBe(2);
    expect(value(text, 'tickmux_gaps_total')).toBe(4);
    expect(value(text, 'tickmux_gaps_open')).toBe(4);
    expect(value(text, 'tickmux_errors_total')).toBe(1);
    clock.advance(2_000);
    text = await metrics.text();
    expect(
      value(
        text,
        'tickmux_connection_reconnects_total{connection="connection_2",name="secondary"}',
      ),
    ).toBe(1);
    expect(value(text, 'tickmux_gaps_open')).toBe(0);
    expect(
      value(
        text,
        'tickmux_connection_last_message_age_seconds{connection="connection_2",name="secondary"}',
      ),
    ).toBe(-1);
  });

  it('exports each sink counter with a sink label', async () => {
    const { memory, metrics } = setup();
    for (let i = 0; i < 3; i++) memory.write(tick(i));
    const text = await metrics.text();
    expect(value(text, 'tickmux_sink_published_total{sink="memory"}')).toBe(3);
    expect(value(text, 'tickmux_sink_dropped_total{sink="memory"}')).toBe(1);
    expect(value(text, 'tickmux_sink_buffered{sink="memory"}')).toBe(2);
    expect(value(text, 'tickmux_sink_errors_total{sink="memory"}')).toBe(0);
    expect(value(text, 'tickmux_sink_reconnects_total{sink="memory"}')).toBe(0);
  });

  it('histograms: event time to emit and receive time to emit, cumulative buckets, sum and count', async () => {
    const { clock, memory, metrics } = setup();
    const sinks = new SinkSet([memory], { metrics });
    // now = 1_700_000_010 s; events 3 ms and 40 ms old; frames received 0.2 ms and 2 ms ago.
    const now = clock.monotonic();
    clock.advance(2);
    sinks.write({ ...tick(0), timestamp: 1_700_000_010.002 - 0.003 }, now);
    sinks.write({ ...tick(1), timestamp: 1_700_000_010.002 - 0.04 }, clock.monotonic() - 0.2);
    sinks.write(tick(2)); // no receive time: event latency only
    const text = await metrics.text();
    expect(value(text, 'tickmux_event_latency_seconds_bucket{le="0.0025"}')).toBe(0);
    expect(value(text, 'tickmux_event_latency_seconds_bucket{le="0.005"}')).toBe(1);
    expect(value(text, 'tickmux_event_latency_seconds_bucket{le="0.05"}')).toBe(2);
    expect(value(text, 'tickmux_event_latency_seconds_bucket{le="+Inf"}')).toBe(3);
    expect(value(text, 'tickmux_event_latency_seconds_count')).toBe(3);
    expect(value(text, 'tickmux_receive_latency_seconds_bucket{le="0.00025"}')).toBe(1);
    expect(value(text, 'tickmux_receive_latency_seconds_bucket{le="0.0025"}')).toBe(2);
    expect(value(text, 'tickmux_receive_latency_seconds_count')).toBe(2);
    expect(value(text, 'tickmux_receive_latency_seconds_sum')).toBeCloseTo(0.0022, 6);
    expect(metrics.latency().receive).toEqual({ count: 2, p50: 0.00025, p99: 0.0025 });
  });

  it('measures event latency on the source clock when it runs at an offset (the simulator market)', async () => {
    const clock = createManualClock(1_700_000_010_000);
    const source = new FakeSource({ clock });
    // The market is 5 hours behind the wall clock: an event stamped 3 ms before market-now.
    const offsetMs = -5 * 3_600_000;
    const metrics = new TickmuxMetrics({ source, clock, eventTimeOffsetMs: offsetMs });
    metrics.observe((1_700_000_010_000 + offsetMs - 3) / 1000);
    const text = await metrics.text();
    expect(value(text, 'tickmux_event_latency_seconds_bucket{le="0.0025"}')).toBe(0);
    expect(value(text, 'tickmux_event_latency_seconds_bucket{le="0.005"}')).toBe(1);
    expect(value(text, 'tickmux_event_latency_seconds_sum')).toBeCloseTo(0.003, 6);
  });
});

describe('LatencyHistogram', () => {
  it('counts a negative duration (clock skew) as 0, ignores NaN, and estimates quantiles by bucket', () => {
    const h = new LatencyHistogram([0.001, 0.01, 0.1]);
    [-5, 0.0005, 0.005, 0.05, 5, Number.NaN].forEach((v) => h.record(v));
    expect([...h.counts]).toEqual([2, 1, 1, 1]);
    expect(h.count).toBe(5);
    expect(h.quantile(0.5)).toBe(0.01);
    expect(h.quantile(1)).toBe(0.1);
    expect(new LatencyHistogram().quantile(0.5)).toBeNull();
    expect(() => new LatencyHistogram([0.1, 0.01])).toThrow(
      expect.objectContaining({ field: 'latencyBuckets[1]' }),
    );
  });
});
