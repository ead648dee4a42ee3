import { InvalidArgumentError } from '@tickmux/core';
import type { Metric, Registry } from 'prom-client';

/** Bucket upper bounds, seconds: 100 µs to 10 s. */
export const DEFAULT_LATENCY_BUCKETS_S: readonly number[] = Object.freeze([
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]);

/** A quantile estimate and the count behind it. */
export interface LatencySummary {
  count: number;
  /** Upper bounds of the buckets holding the 50th and 99th percentiles, seconds; null when empty. */
  p50: number | null;
  p99: number | null;
}

/**
 * A latency histogram with preallocated buckets: `record()` is a short loop and two additions, no
 * allocation, so it can run for every tick. prom-client's own `Histogram.observe` allocates per
 * call (labels object, closure); this one is exposed to a prom-client registry as a histogram
 * series by {@link registerLatencyHistogram}.
 */
export class LatencyHistogram {
  readonly bounds: Float64Array;
  /** Per-bucket counts (not cumulative); the last slot is +Inf. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(bounds: readonly number[] = DEFAULT_LATENCY_BUCKETS_S) {
    if (!Array.isArray(bounds) || bounds.length === 0)
      throw new InvalidArgumentError('latencyBuckets', bounds, 'must list at least one bound');
    bounds.forEach((b, i) => {
      if (!(b > 0) || !Number.isFinite(b) || (i > 0 && b <= bounds[i - 1]!))
        throw new InvalidArgumentError(
          `latencyBuckets[${i}]`,
          b,
          'must be finite, > 0 and increasing',
        );
    });
    this.bounds = Float64Array.from(bounds);
    this.counts = new Float64Array(bounds.length + 1);
  }

  /** Records one duration in seconds; a negative one (clock skew) counts as 0, NaN is ignored. */
  record(seconds: number): void {
    if (seconds !== seconds) return;
    const v = seconds > 0 ? seconds : 0;
    const b = this.bounds;
    let i = 0;
    while (i < b.length && v > b[i]!) i++;
    this.counts[i]!++;
    this.sum += v;
    this.count++;
  }

  /** Upper bound of the bucket holding quantile `q` (the last finite bound for +Inf); null when empty. */
  quantile(q: number): number | null {
    if (this.count === 0) return null;
    const rank = q * this.count;
    let acc = 0;
    for (let i = 0; i < this.counts.length; i++) {
      acc += this.counts[i]!;
      if (acc >= rank && acc > 0) return this.bounds[Math.min(i, this.bounds.length - 1)]!;
    }
    return this.bounds[this.bounds.length - 1]!;
  }

  summary(): LatencySummary {
    return { count: this.count, p50: this.quantile(0.5), p99: this.quantile(0.99) };
  }

  reset(): void {
    this.counts.fill(0);
    this.sum = 0;
    this.count = 0;
  }
}

/**
 * Registers `hist` on `registry` as the histogram `name` (`name_bucket{le}`, `name_sum`,
 * `name_count`). The registry reads a metric through its `get()`, which this object provides in
 * the shape prom-client's own histograms return.
 */
export function registerLatencyHistogram(
  registry: Registry,
  name: string,
  help: string,
  hist: LatencyHistogram,
): void {
  const get = () => {
    const values: { labels: Record<string, string | number>; value: number; metricName: string }[] =
      [];
    let acc = 0;
    hist.bounds.forEach((le, i) => {
      acc += hist.counts[i]!;
      values.push({ labels: { le }, value: acc, metricName: `${name}_bucket` });
    });
    values.push({ labels: { le: '+Inf' }, value: hist.count, metricName: `${name}_bucket` });
    values.push({ labels: {}, value: hist.sum, metricName: `${name}_sum` });
    values.push({ labels: {}, value: hist.count, metricName: `${name}_count` });
    return Promise.resolve({ name, help, type: 'histogram', values, aggregator: 'sum' });
  };
  const metric = {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    get,
    reset: () => hist.reset(),
  };
  registry.registerMetric(metric as unknown as Metric);
}
