/** Options every benchmark accepts: `pnpm bench <name> [--quick] [--json]`. */
export interface BenchOptions {
  /** Shorter rounds, for the CI gate and quick checks. */
  quick: boolean;
}

/** What a benchmark returns: a one-line JSON summary and a human table. */
export interface BenchResult {
  /** The machine-readable summary, printed as the last line with `--json`. */
  summary: { bench: string } & Record<string, unknown>;
  /** Rows for the readable table. */
  table: Record<string, string | number>[];
}

/** A performance target on one summary figure, checked by `pnpm bench:gate`. */
export interface Target {
  figure: string;
  op: '>=' | '<=';
  value: number;
}

/** A registered benchmark. */
export interface Bench {
  name: string;
  description: string;
  /** The targets its issue set; the gate fails when one is missed. */
  targets: readonly Target[];
  run(options: BenchOptions): Promise<BenchResult>;
}

/** Checks a summary against targets; returns one line per target with pass/fail. */
export function checkTargets(
  summary: Record<string, unknown>,
  targets: readonly Target[],
): { target: Target; actual: number | undefined; pass: boolean }[] {
  return targets.map((target) => {
    const raw = summary[target.figure];
    const actual = typeof raw === 'number' ? raw : undefined;
    const pass =
      actual !== undefined &&
      (target.op === '>=' ? actual >= target.value : actual <= target.value);
    return { target, actual, pass };
  });
}

/** A throughput sample: `units` processed in `ms` milliseconds. */
export interface Sample {
  units: number;
  ms: number;
}

export const perSecond = (s: Sample): number => (s.units * 1000) / s.ms;

/**
 * Runs `pass()` (one pass over prepared inputs, returning the units it processed) repeatedly for
 * at least `minMs`, and returns the total. Inputs are built by the caller, outside this region.
 */
export function timeLoop(pass: () => number, minMs: number): Sample {
  let units = 0;
  const start = performance.now();
  let now: number;
  do {
    units += pass();
    now = performance.now();
  } while (now - start < minMs);
  return { units, ms: now - start };
}

/**
 * Measures two contenders fairly: after a warm-up, alternates rounds of each (so drift in machine
 * load hits both), and returns the median throughput of each in units per second.
 */
export function compareThroughput(
  contenders: { name: string; pass: () => number }[],
  { rounds, roundMs, warmupMs }: { rounds: number; roundMs: number; warmupMs: number },
): Map<string, number> {
  for (const c of contenders) timeLoop(c.pass, warmupMs);
  const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (let r = 0; r < rounds; r++) {
    // Alternate which contender goes first.
    const order = r % 2 === 0 ? contenders : [...contenders].reverse();
    for (const c of order) samples.get(c.name)!.push(perSecond(timeLoop(c.pass, roundMs)));
  }
  return new Map([...samples].map(([name, values]) => [name, median(values)]));
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function geometricMean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length);
}

/** Rounds for display and JSON: 3 significant decimals for ratios, integers for rates. */
export const round = (n: number, digits = 0): number => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

/** Formats rows as an aligned text table. */
export function formatTable(rows: readonly Record<string, string | number>[]): string {
  if (rows.length === 0) return '';
  const cols = Object.keys(rows[0]!);
  const cell = (v: string | number | undefined) =>
    typeof v === 'number' ? v.toLocaleString('en-US') : (v ?? '');
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padStart(widths[i]!)).join('  ');
  return [
    line(cols),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(cols.map((c) => cell(r[c])))),
  ].join('\n');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Units per second a running reader takes: waits `warmupMs`, then samples `count()` over
 * `measureMs`. For readers fed by another process, where there is no pass to loop over.
 */
export async function rateOver(
  count: () => number,
  warmupMs: number,
  measureMs: number,
): Promise<number> {
  await sleep(warmupMs);
  const before = count();
  const t0 = performance.now();
  await sleep(measureMs);
  return ((count() - before) * 1000) / (performance.now() - t0);
}
