/**
 * Latency samples in microseconds, kept whole (a few seconds at 20k events/s is a few hundred
 * thousand doubles) so percentiles are exact rather than bucketed; grows by doubling.
 */
export class LatencyRecorder {
  private samples = new Float64Array(1 << 16);
  private n = 0;
  private sorted = true;

  get count(): number {
    return this.n;
  }

  record(us: number): void {
    if (this.n === this.samples.length) {
      const grown = new Float64Array(this.samples.length * 2);
      grown.set(this.samples);
      this.samples = grown;
    }
    this.samples[this.n++] = us;
    this.sorted = false;
  }

  private view(): Float64Array {
    const v = this.samples.subarray(0, this.n);
    if (!this.sorted) {
      v.sort();
      this.sorted = true;
    }
    return v;
  }

  /** The value at quantile `q` (0..1), nearest rank; NaN when empty. */
  quantile(q: number): number {
    const v = this.view();
    if (v.length === 0) return Number.NaN;
    return v[Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1))]!;
  }

  /** Points of the cumulative distribution, (latency µs, percent at or below), for a chart. */
  cdf(): [number, number][] {
    if (this.n === 0) return [];
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
