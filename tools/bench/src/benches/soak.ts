import { median, round, type Bench, type ChartSpec } from '../harness.js';
import { openMassiveClient } from '../readers.js';
import { startSimProcess } from '../sim-process.js';

const MB = 2 ** 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const gc = (globalThis as { gc?: () => void }).gc;

/** Least-squares slope of y over x. */
function slope(points: readonly [number, number][]): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return sxx === 0 ? 0 : sxy / sxx;
}

/**
 * A bounded soak: one MassiveClient subscribed to everything on a sim process (1000 tickers,
 * 50k events/s) for `soakMs`, heap (after a full GC when node runs with --expose-gc, as
 * `pnpm bench` does) and RSS sampled throughout. The first 30 % is warm-up; after it, memory
 * must not grow: the figures are the growth over the warm part (median of its last three samples
 * minus median of its first three) and the fitted slope per minute.
 */
export const soakBench: Bench = {
  name: 'soak',
  description: 'heap and RSS of one MassiveClient over a bounded soak (1000 tickers, 50k ev/s)',
  async run({ quick }) {
    const soakMs = quick ? 8_000 : 180_000;
    const everyMs = quick ? 250 : 2_000;
    const server = await startSimProcess([
      '--symbols',
      '1000',
      '--rate',
      '50000',
      '--tick-ms',
      '2',
    ]);
    const heap: [number, number][] = [];
    const rss: [number, number][] = [];
    let events: number;
    try {
      const reader = await openMassiveClient(server.url);
      try {
        const t0 = performance.now();
        while (performance.now() - t0 < soakMs) {
          await sleep(everyMs);
          gc?.();
          const m = process.memoryUsage();
          const s = (performance.now() - t0) / 1000;
          heap.push([s, m.heapUsed / MB]);
          rss.push([s, m.rss / MB]);
        }
        events = reader.count();
      } finally {
        await reader.close();
      }
    } finally {
      await server.stop();
    }
    const warmFrom = (soakMs / 1000) * 0.3;
    const warm = (pts: [number, number][]) => pts.filter(([s]) => s >= warmFrom);
    const growth = (pts: [number, number][]) => {
      const w = warm(pts).map(([, v]) => v);
      return median(w.slice(-3)) - median(w.slice(0, 3));
    };
    const chart: ChartSpec = {
      file: 'soak-memory',
      title: `Memory over a ${soakMs / 1000} s soak (MassiveClient, 1000 tickers, 50k events/s)`,
      xLabel: 'seconds',
      yLabel: 'MB',
      series: [
        { name: `heap used${gc ? ' (after full GC)' : ''}`, points: heap },
        { name: 'RSS', points: rss },
      ],
      bands: [{ from: 0, to: warmFrom, label: 'warm-up' }],
    };
    const w = warm(heap);
    return {
      charts: [chart],
      table: [
        {
          memory: 'heap used',
          'warm start MB': round(median(w.slice(0, 3).map(([, v]) => v)), 1),
          'end MB': round(median(w.slice(-3).map(([, v]) => v)), 1),
          'growth MB': round(growth(heap), 2),
          'MB/min (fit)': round(slope(warm(heap)) * 60, 2),
        },
        {
          memory: 'RSS',
          'warm start MB': round(
            median(
              warm(rss)
                .slice(0, 3)
                .map(([, v]) => v),
            ),
            1,
          ),
          'end MB': round(
            median(
              warm(rss)
                .slice(-3)
                .map(([, v]) => v),
            ),
            1,
          ),
          'growth MB': round(growth(rss), 2),
          'MB/min (fit)': round(slope(warm(rss)) * 60, 2),
        },
      ],
      summary: {
        bench: 'soak',
        soak_s: soakMs / 1000,
        events: events,
        gc_forced: gc !== undefined,
        heap_mb: round(median(w.slice(-3).map(([, v]) => v)), 1),
        heap_growth_mb: round(growth(heap), 2),
        heap_growth_mb_per_min: round(slope(warm(heap)) * 60, 2),
        rss_mb: round(
          median(
            warm(rss)
              .slice(-3)
              .map(([, v]) => v),
          ),
          1,
        ),
        rss_growth_mb: round(growth(rss), 2),
        rss_growth_mb_per_min: round(slope(warm(rss)) * 60, 2),
      },
    };
  },
};
