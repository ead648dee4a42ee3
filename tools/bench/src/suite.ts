import type { Bench, BenchResult } from './harness.js';
import { killLeftoverServers } from './sim-process.js';

/** What one `pnpm bench all` run produced. */
export interface SuiteRun {
  quick: boolean;
  /** When the run started (ISO). */
  startedAt: string;
  durationMs: number;
  /** Each benchmark's result, by name, in run order. */
  results: Record<string, BenchResult & { durationMs: number }>;
}

/** How long one benchmark may run before it counts as hung: quick, full (ms). */
export const DEADLINE_MS = { quick: 5 * 60_000, full: 20 * 60_000 } as const;

/**
 * Runs benchmarks one after another (never two at once: they would measure each other), with
 * progress on `log` (stderr in the CLI, so stdout stays the tables and the JSON). A benchmark that
 * throws, or does not finish within `deadlineMs` (default {@link DEADLINE_MS}), is recorded as
 * `{ bench, error }` and the run goes on: the gate then fails on it rather than hanging CI.
 */
export async function runSuite(
  benches: readonly Bench[],
  {
    quick,
    log,
    deadlineMs = quick ? DEADLINE_MS.quick : DEADLINE_MS.full,
  }: { quick: boolean; log: (line: string) => void; deadlineMs?: number },
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
    let timer: NodeJS.Timeout | undefined;
    try {
      const hung = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`did not finish within ${Math.round(deadlineMs / 1000)} s`)),
          deadlineMs,
        );
      });
      result = await Promise.race([bench.run({ quick }), hung]);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      result = { summary: { bench: bench.name, error: message }, table: [] };
    } finally {
      clearTimeout(timer);
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
    const heapMb = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
    const leftover = killLeftoverServers();
    log(
      `[${i + 1}/${benches.length}] ${bench.name}: ${outcome} in ${(durationMs / 1000).toFixed(1)} s (heap ${heapMb} MB${leftover > 0 ? `; killed ${leftover} server process(es) it left running` : ''})`,
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
