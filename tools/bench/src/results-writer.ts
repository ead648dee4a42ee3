import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderChart } from './chart.js';
import { tableColumns } from './harness.js';
import type { SuiteRun } from './suite.js';
import { summaryObject } from './suite.js';

/** `results/bench/` at the workspace root (gitignored). */
export const RESULTS_ROOT = fileURLToPath(new URL('../../../results/bench/', import.meta.url));

/** The machine a run was measured on, for the results table. */
export function machineInfo(): Record<string, string | number> {
  const cpu = cpus();
  return {
    cpu: `${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown'}`,
    memory_gb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    load_1m_at_start: Number(loadavg()[0]!.toFixed(2)),
  };
}

/**
 * Writes a run into `<root>/<timestamp>/`: `summary.json` (every summary, the machine, the
 * command), `results.md` (a table per benchmark, the charts linked), `charts/*.svg`; and points
 * `<root>/latest` at it. Returns the folder.
 */
export function writeResults(
  run: SuiteRun,
  { root = RESULTS_ROOT, command }: { root?: string; command: string },
): string {
  const stamp = run.startedAt.replace(/[:.]/g, '-');
  const dir = join(root, stamp);
  mkdirSync(join(dir, 'charts'), { recursive: true });
  const machine = machineInfo();
  const charts: { file: string; title: string; bench: string }[] = [];
  for (const [name, r] of Object.entries(run.results))
    for (const spec of r.charts ?? []) {
      writeFileSync(join(dir, 'charts', `${spec.file}.svg`), renderChart(spec));
      charts.push({ file: spec.file, title: spec.title, bench: name });
    }
  writeFileSync(
    join(dir, 'summary.json'),
    JSON.stringify(
      {
        date: run.startedAt,
        command,
        quick: run.quick,
        duration_ms: run.durationMs,
        machine,
        results: summaryObject(run),
        durations_ms: Object.fromEntries(
          Object.entries(run.results).map(([n, r]) => [n, r.durationMs]),
        ),
      },
      null,
      2,
    ) + '\n',
  );
  writeFileSync(join(dir, 'results.md'), resultsMarkdown(run, machine, command, charts));
  const latest = join(root, 'latest');
  rmSync(latest, { force: true, recursive: true });
  symlinkSync(stamp, latest);
  return dir;
}

/** The markdown report: machine, date, command; then per benchmark its table and figures. */
export function resultsMarkdown(
  run: SuiteRun,
  machine: Record<string, string | number>,
  command: string,
  charts: readonly { file: string; title: string; bench: string }[],
): string {
  const lines = [
    `# tickmux benchmarks${run.quick ? ' (quick)' : ''}`,
    '',
    `- date: ${run.startedAt}`,
    `- command: \`${command}\``,
    ...Object.entries(machine).map(([k, v]) => `- ${k}: ${v}`),
    `- duration: ${(run.durationMs / 1000).toFixed(1)} s`,
    '',
  ];
  for (const [name, r] of Object.entries(run.results)) {
    lines.push(`## ${name}`, '');
    const { bench: _b, ...figures } = r.summary;
    if (r.table.length > 0) lines.push(markdownTable(r.table), '');
    lines.push('```json', JSON.stringify(figures), '```', '');
    for (const c of charts.filter((c) => c.bench === name))
      lines.push(`![${c.title}](charts/${c.file}.svg)`, '');
  }
  return lines.join('\n');
}

/** Rows as a GitHub markdown table (numbers right-aligned, with thousands separators). */
export function markdownTable(rows: readonly Record<string, string | number>[]): string {
  if (rows.length === 0) return '';
  const cols = tableColumns(rows);
  const cell = (v: string | number | undefined) =>
    (typeof v === 'number' ? v.toLocaleString('en-US') : (v ?? '')).replace(/\|/g, '\\|');
  const numeric = cols.map((c) => rows.every((r) => typeof r[c] === 'number'));
  return [
    `| ${cols.join(' | ')} |`,
    `| ${numeric.map((n) => (n ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${cols.map((c) => cell(r[c])).join(' | ')} |`),
  ].join('\n');
}
