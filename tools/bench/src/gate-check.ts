import type { BudgetFile } from './budgets.js';
import { checkTargets } from './harness.js';

/** One line of the gate's table. */
export interface GateRow {
  bench: string;
  figure: string;
  budget: string;
  actual: number | null;
  verdict: 'pass' | 'FAIL' | 'skip';
  reason: string;
}

/** The gate's verdict on one run. */
export interface GateVerdict {
  pass: boolean;
  rows: GateRow[];
  /** Every reason the gate failed, one readable line each (empty when it passed). */
  failures: string[];
}

/**
 * Judges a run against budgets. Fails, with a reason, on: a missed budget; a figure that is
 * missing, not a number or not finite; a name in `only` that is not a benchmark (a misspelling
 * must not leave an empty check list that passes); a budget naming an unknown benchmark; a
 * benchmark with no results or that threw; a benchmark that skipped without being listed as pending; a
 * benchmark with no budget at all; and a run that checked nothing.
 *
 * @param summaries each benchmark's summary, by name (what `pnpm bench all --json` prints)
 * @param known the registered benchmark names
 * @param only limit the check to these benchmarks (empty: all)
 */
export function evaluateGate(
  summaries: Readonly<Record<string, Record<string, unknown>>>,
  file: BudgetFile,
  known: readonly string[],
  only: readonly string[] = [],
): GateVerdict {
  const rows: GateRow[] = [];
  const failures: string[] = [];
  for (const name of only)
    if (!known.includes(name))
      failures.push(`"${name}" is not a benchmark (known: ${known.join(', ')})`);
  for (const b of file.budgets)
    if (!known.includes(b.bench))
      failures.push(`budget ${b.bench}.${b.figure} names an unknown benchmark "${b.bench}"`);
  const selected = only.length > 0 ? known.filter((n) => only.includes(n)) : known;
  for (const bench of selected) {
    const budgets = file.budgets.filter((b) => b.bench === bench);
    const summary = summaries[bench];
    const pending = file.pending[bench];
    if (summary === undefined) {
      failures.push(`${bench}: no results (did it run?)`);
      continue;
    }
    if (typeof summary['error'] === 'string') {
      failures.push(`${bench}: failed to run: ${summary['error']}`);
      rows.push({
        bench,
        figure: '-',
        budget: '-',
        actual: null,
        verdict: 'FAIL',
        reason: `error: ${summary['error']}`,
      });
      continue;
    }
    if (typeof summary['skipped'] === 'string') {
      const reason = `skipped: ${summary['skipped']}`;
      if (pending === undefined) failures.push(`${bench}: ${reason}, and not listed as pending`);
      rows.push({
        bench,
        figure: '-',
        budget: `${budgets.length} budget${budgets.length === 1 ? '' : 's'}`,
        actual: null,
        verdict: pending === undefined ? 'FAIL' : 'skip',
        reason,
      });
      continue;
    }
    if (pending !== undefined)
      failures.push(`${bench}: ran, so remove it from "pending" in budgets.json (${pending})`);
    if (budgets.length === 0) {
      failures.push(`${bench}: has no budget in budgets.json`);
      continue;
    }
    for (const check of checkTargets(summary, budgets)) {
      rows.push({
        bench,
        figure: check.target.figure,
        budget: `${check.target.op} ${check.target.value}`,
        actual: check.actual,
        verdict: check.pass ? 'pass' : 'FAIL',
        reason: check.reason,
      });
      if (!check.pass) failures.push(`${bench}: ${check.reason}`);
    }
  }
  if (!rows.some((r) => r.verdict === 'pass') && failures.length === 0)
    failures.push('no budget was checked');
  return { pass: failures.length === 0, rows, failures };
}
