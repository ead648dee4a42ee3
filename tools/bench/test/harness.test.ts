import { describe, expect, it } from 'vitest';
import {
  alternate,
  checkTargets,
  figureAt,
  formatTable,
  geometricMean,
  growthExponent,
  median,
} from '../src/harness.js';
import { LatencyRecorder } from '../src/latency.js';

describe('bench harness', () => {
  it('takes medians of odd and even samples', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('takes geometric means', () => {
    expect(geometricMean([1, 4])).toBeCloseTo(2);
  });

  it('checks targets in both directions and fails a missing figure', () => {
    const checks = checkTargets({ a: 0.95, b: 250 }, [
      { figure: 'a', op: '>=', value: 0.9 },
      { figure: 'b', op: '<=', value: 200 },
      { figure: 'c', op: '>=', value: 1 },
    ]);
    expect(checks.map((c) => c.pass)).toEqual([true, false, false]);
    expect(checks[1]!.reason).toBe('b = 250 is above its budget <= 200');
    expect(checks[2]!.reason).toBe('c is missing');
  });

  it('fails a figure that is not finite: a ratio over a baseline that counted nothing', () => {
    const checks = checkTargets({ up: Infinity, nan: NaN, down: -Infinity, text: '1' }, [
      { figure: 'up', op: '>=', value: 0.85 },
      { figure: 'nan', op: '>=', value: 0.85 },
      { figure: 'down', op: '<=', value: 100 },
      { figure: 'text', op: '>=', value: 0 },
    ]);
    expect(checks.map((c) => [c.pass, c.actual])).toEqual([
      [false, null],
      [false, null],
      [false, null],
      [false, null],
    ]);
    expect(checks[0]!.reason).toContain('Infinity, not a finite number');
  });

  it('reads nested figures by dotted path', () => {
    const summary = { by_batch: { '1': 0.7, '100': 0.95 } };
    expect(figureAt(summary, 'by_batch.1')).toBe(0.7);
    expect(figureAt(summary, 'by_batch.7')).toBeUndefined();
    expect(figureAt(summary, 'by_batch.1.x')).toBeUndefined();
    expect(checkTargets(summary, [{ figure: 'by_batch.1', op: '>=', value: 0.8 }])[0]!.pass).toBe(
      false,
    );
  });

  it('alternates which contender goes first and reports the median of every round', async () => {
    const calls: string[] = [];
    const values = { a: [5, 1, 3], b: [10, 30, 20] };
    const fake = (name: 'a' | 'b') => () => {
      calls.push(name);
      return Promise.resolve(values[name][calls.filter((c) => c === name).length - 1]!);
    };
    const result = await alternate(
      [
        { name: 'a', measure: fake('a') },
        { name: 'b', measure: fake('b') },
      ],
      3,
    );
    expect(calls).toEqual(['a', 'b', 'b', 'a', 'a', 'b']);
    expect(result.get('a')).toEqual({ median: 3, samples: [5, 1, 3] });
    expect(result.get('b')).toEqual({ median: 20, samples: [10, 30, 20] });
  });

  it('fits the growth exponent on log-log axes', () => {
    const sizes = [100, 1_000, 10_000];
    expect(growthExponent(sizes.map((n) => [n, 3 * n * n]))).toBeCloseTo(2, 6);
    expect(growthExponent(sizes.map((n) => [n, 0.5 * n]))).toBeCloseTo(1, 6);
    expect(growthExponent(sizes.map((n) => [n, 42]))).toBeCloseTo(0, 6);
    expect(
      growthExponent([
        [100, 1],
        [1_000, 0],
      ]),
    ).toBeNaN();
    expect(
      growthExponent([
        [100, 1],
        [100, 2],
      ]),
    ).toBeNaN();
  });

  it('aligns a table', () => {
    const text = formatTable([
      { name: 'x', rate: 1000 },
      { name: 'long', rate: 5 },
    ]);
    expect(text.split('\n')).toEqual(['name   rate', '----  -----', '   x  1,000', 'long      5']);
  });

  it('gives a column to a key only later rows have', () => {
    const text = formatTable([{ name: 'x' }, { name: 'y', p99: 7 }]);
    expect(text.split('\n')).toEqual(['name  p99', '----  ---', '   x     ', '   y    7']);
  });
});

describe('latency recorder', () => {
  it('gives nearest-rank percentiles within 0.1 % (an HDR histogram of 3 significant digits)', () => {
    const r = new LatencyRecorder();
    // 100_000 samples 1..100_000 in a scrambled order.
    for (let i = 0; i < 100_000; i++) r.record(((i * 7_919) % 100_000) + 1);
    expect(r.count).toBe(100_000);
    for (const [q, exact] of [
      [0.5, 50_000],
      [0.99, 99_000],
      [0.999, 99_900],
      [1, 100_000],
    ] as const) {
      expect(Math.abs(r.quantile(q) - exact) / exact).toBeLessThanOrEqual(0.001);
    }
    const cdf = r.cdf();
    expect(Math.abs(cdf.at(-1)![0] - 100_000)).toBeLessThanOrEqual(100);
    expect(cdf.at(-1)![1]).toBe(100);
    expect(cdf.every(([, p], i) => i === 0 || p > cdf[i - 1]![1])).toBe(true);
  });

  it('keeps small values exact and counts out-of-range ones instead of dropping them', () => {
    const r = new LatencyRecorder();
    for (const us of [-3, 0.2, 1, 2, 3, 1_000, 2e9]) r.record(us);
    expect(r.count).toBe(7);
    expect(r.quantile(0.01)).toBe(0);
    expect(r.quantile(4 / 7)).toBe(2);
    expect(r.quantile(5 / 7)).toBe(3);
    expect(r.quantile(1)).toBeGreaterThanOrEqual(59_000_000);
  });

  it('is NaN and has no curve when empty', () => {
    expect(new LatencyRecorder().quantile(0.5)).toBeNaN();
    expect(new LatencyRecorder().cdf()).toEqual([]);
  });
});
