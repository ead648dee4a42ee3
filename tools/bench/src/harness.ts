/** Options every benchmark accepts: `pnpm bench <name> [--quick] [--json]`. */
export interface BenchOptions {
  /** Shorter rounds, for the CI gate and quick checks. */
  quick: boolean;
}

/** What a benchmark returns: a one-line JSON summary, a human table, and data for charts. */
export interface BenchResult {
  /**
   * The machine-readable summary, printed as the last line with `--json`. A benchmark that cannot
   * run here (its code has not landed) returns `{ bench, skipped: '<why>' }` and nothing else.
   */
  summary: { bench: string } & Record<string, unknown>;
  /** Rows for the readable table. */
  table: Record<string, string | number>[];
  /** Series for the SVG charts `pnpm bench all` writes (see chart.ts). */
  charts?: ChartSpec[];
}

/** A line chart, as data: `pnpm bench all` renders it to `<file>.svg`. */
export interface ChartSpec {
  /** File name without extension, unique across benchmarks. */
  file: string;
  title: string;
  xLabel: string;
  yLabel: string;
  xLog?: boolean;
  yLog?: boolean;
  series: { name: string; points: readonly (readonly [number, number])[] }[];
  /** Shaded x intervals (a gap window). */
  bands?: { from: number; to: number; label: string }[];
  /** Vertical lines (a kill). */
  markers?: { x: number; label: string }[];
}

/** A performance target on one summary figure (a dotted path for nested figures: `by_batch.1`). */
export interface Target {
  figure: string;
  op: '>=' | '<=';
  value: number;
}

/** What one target check found. `actual` is null when the figure is missing or not a number. */
export interface TargetCheck {
  target: Target;
  actual: number | null;
  pass: boolean;
  /** Why it failed, in words (empty when it passed). */
  reason: string;
}

/** A registered benchmark. */
export interface Bench {
  name: string;
  description: string;
  run(options: BenchOptions): Promise<BenchResult>;
}

/** The value at a dotted path (`by_batch.1`) of a summary, or undefined. */
export function figureAt(summary: Record<string, unknown>, path: string): unknown {
  let node: unknown = summary;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * Checks a summary against targets. A figure that is missing, not a number, or not finite fails:
 * a ratio over a baseline that counted nothing is `Infinity` (or `NaN`), and that is a broken
 * measurement, never a pass.
 */
export function checkTargets(
  summary: Record<string, unknown>,
  targets: readonly Target[],
): TargetCheck[] {
  return targets.map((target) => {
    const raw = figureAt(summary, target.figure);
    if (typeof raw !== 'number')
      return { target, actual: null, pass: false, reason: `${target.figure} is missing` };
    if (!Number.isFinite(raw))
      return {
        target,
        actual: null,
        pass: false,
        reason: `${target.figure} is ${raw}, not a finite number (a baseline that counted nothing?)`,
      };
    const pass = target.op === '>=' ? raw >= target.value : raw <= target.value;
    return {
      target,
      actual: raw,
      pass,
      reason: pass
        ? ''
        : `${target.figure} = ${raw} is ${target.op === '>=' ? 'below' : 'above'} its budget ${target.op} ${target.value}`,
    };
  });
}

/** A throughput sample: `units` processed in `ms` milliseconds of this process's CPU time. */
export interface Sample {
  units: number;
  /** CPU time (user + system) the process spent, ms. */
  ms: number;
  /** Wall-clock time, ms (more than `ms` when other processes had the core). */
  wallMs: number;
}

export const perSecond = (s: Sample): number => (s.units * 1000) / s.ms;

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * Runs `pass()` (one pass over prepared inputs, returning the units it processed) repeatedly for
 * at least `minMs` of wall time, and returns the total with the CPU time it took. In-process loops
 * are timed in CPU time: on a loaded machine the time this process waited for a core is not
 * charged to whichever contender happened to be running. Inputs are built by the caller.
 */
export function timeLoop(pass: () => number, minMs: number): Sample {
  let units = 0;
  const start = performance.now();
  const cpuStart = cpuMs();
  let now: number;
  do {
    units += pass();
    now = performance.now();
  } while (now - start < minMs);
  // At least a microsecond, so a pass too short for the CPU clock's resolution is not infinite.
  return { units, ms: Math.max(cpuMs() - cpuStart, 0.001), wallMs: now - start };
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

/**
 * Measures contenders that each need a fresh setup (a process, a socket) per sample: runs
 * `rounds` rounds, each taking one sample of every contender, alternating which goes first (so
 * drift in machine load hits all), and returns every sample and the median of each.
 */
export async function alternate(
  contenders: readonly { name: string; measure: () => Promise<number> }[],
  rounds: number,
): Promise<Map<string, { median: number; samples: number[] }>> {
  const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? contenders : [...contenders].reverse();
    for (const c of order) samples.get(c.name)!.push(await c.measure());
  }
  return new Map(
    [...samples].map(([name, values]) => [name, { median: median(values), samples: values }]),
  );
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The growth exponent k of y ~ x^k: the least-squares slope of ln y over ln x. 0 is flat, 1 is
 * linear, 2 quadratic. NaN with fewer than two distinct positive x, or any y <= 0.
 */
export function growthExponent(points: readonly (readonly [number, number])[]): number {
  if (points.some(([x, y]) => !(x > 0) || !(y > 0))) return Number.NaN;
  const lx = points.map(([x]) => Math.log(x));
  const ly = points.map(([, y]) => Math.log(y));
  const n = points.length;
  const mx = lx.reduce((a, b) => a + b, 0) / n;
  const my = ly.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (lx[i]! - mx) * (ly[i]! - my);
    sxx += (lx[i]! - mx) ** 2;
  }
  return sxx === 0 ? Number.NaN : sxy / sxx;
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

/** A table's columns: every key of any row, in first-seen order. */
export const tableColumns = (rows: readonly Record<string, string | number>[]): string[] => [
  ...new Set(rows.flatMap((r) => Object.keys(r))),
];

/** Formats rows as an aligned text table (columns: {@link tableColumns}). */
export function formatTable(rows: readonly Record<string, string | number>[]): string {
  if (rows.length === 0) return '';
  const cols = tableColumns(rows);
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
