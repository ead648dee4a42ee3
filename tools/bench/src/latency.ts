import * as hdr from 'hdr-histogram-js';

/** Latencies above this (one minute) are recorded at it: a bench that slow has failed anyway. */
const HIGHEST_US = 60_000_000;

/**
 * Latency samples in microseconds, kept in an HDR histogram (hdr-histogram-js): constant memory
 * however long the run, every value within 0.1 % (3 significant digits) of what was recorded.
 * Sub-microsecond values count as 0 µs, and negative ones (two processes' clocks a hair apart)
 * as 0 too, so that no sample is dropped; values past one minute count as one minute.
 */
export class LatencyRecorder {
  private readonly histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: 3,
  });

  get count(): number {
    return this.histogram.totalCount;
  }

  record(us: number): void {
    this.histogram.recordValue(Math.min(HIGHEST_US, Math.max(0, Math.round(us))));
  }

  /** The value at quantile `q` (0..1), as the histogram holds it; NaN when empty. */
  quantile(q: number): number {
    if (this.count === 0) return Number.NaN;
    return this.histogram.getValueAtPercentile(q * 100);
  }

  /** Points of the cumulative distribution, (latency µs, percent at or below), for a chart. */
  cdf(): [number, number][] {
    if (this.count === 0) return [];
    const qs: number[] = [];
    for (let i = 1; i <= 99; i++) qs.push(i / 100);
    for (let i = 991; i <= 999; i++) qs.push(i / 1000);
    qs.push(0.9995, 1);
    return qs.map((q) => [this.quantile(q), q * 100]);
  }
}

/** Microseconds since `simSentMs` (the sim's bench stamp, Unix ms with a fraction). */
export const sinceUs = (simSentMs: number): number =>
  (performance.timeOrigin + performance.now() - simSentMs) * 1000;
