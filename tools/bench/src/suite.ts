import type { Bench, BenchResult } from './harness.js';

/** What one `pnpm bench all` run produced. */
export interface SuiteRun {
  quick: boolean;
  /** When the run started (ISO). */
  startedAt: string;
  durationMs: number;
  /** Each benchmark's result, by name, in run order. */
  results: Record<string, BenchResult & { durationMs: number }>;
}

/**
 * Runs benchmarks one after another (never two at once: they would measure each other), with
 * progress on `log` (stderr in the CLI, so stdout stays the tables and the JSON). A benchmark that
 * throws is recorded as `{ bench, error }` and the run goes on: the gate then fails on it.
 */
export async function runSuite(
  benches: readonly Bench[],
  { quick, log }: { quick: boolean; log: (line: string) => void },
): Promise<SuiteRun> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const results: SuiteRun['results'] = {};
  for (const [i, bench] of benches.entries()) {
    log(
      `[${i + 1}/${benches.length}] ${bench.name}: ${bench.description}${quick ? ' (quick)' : ''}`,
    );
    const start = performance.now();
    let result: BenchResult;
    try {
      result = await bench.run({ quick });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      result = { summary: { bench: bench.name, error: message }, table: [] };
    }
    const durationMs = Math.round(performance.now() - start);
    results[bench.name] = { ...result, durationMs };
    const s = result.summary;
    const outcome =
      typeof s['skipped'] === 'string'
        ? `skipped: ${s['skipped']}`
        : typeof s['error'] === 'string'
          ? `ERROR: ${s['error']}`
          : 'done';
    log(
      `[${i + 1}/${benches.length}] ${bench.name}: ${outcome} in ${(durationMs / 1000).toFixed(1)} s`,
    );
  }
  return { quick, startedAt, durationMs: Math.round(performance.now() - t0), results };
}

/** The one JSON object `--json` prints last: each benchmark's summary keyed by its name. */
export function summaryObject(run: SuiteRun): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(run.results).map(([name, r]) => {
      const { bench: _bench, ...figures } = r.summary;
      return [name, figures];
    }),
  );
}
