import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { loadBudgets, BUDGETS_FILE } from './budgets.js';
import { evaluateGate } from './gate-check.js';
import { formatTable } from './harness.js';
import { BENCHES } from './registry.js';
import { writeResults } from './results-writer.js';
import { stopServersOnSignal } from './sim-process.js';
import { runSuite, summaryObject } from './suite.js';

stopServersOnSignal();

/**
 * The performance gate: runs the quick suite (or reads a results file), compares every figure
 * with its budget in budgets.json, prints figure / budget / verdict, and exits 1 with the reasons
 * when a budget is missed. `pnpm bench:gate [name ...] [--results file] [--budgets file]`.
 */
const program = new Command('bench:gate')
  .argument('[names...]', 'limit the gate to these benchmarks')
  .option(
    '--results <file>',
    'judge this file (summary.json, or the `bench all --json` line) instead of running',
  )
  .option('--budgets <file>', 'budgets to compare with', BUDGETS_FILE)
  .action(async (only: string[], opts: { results?: string; budgets: string }) => {
    // pnpm runs the script in tools/bench; paths on the command line are the caller's.
    const from = (path: string) => resolve(process.env['INIT_CWD'] ?? process.cwd(), path);
    const budgets = loadBudgets(from(opts.budgets));
    const known = [...BENCHES.keys()];
    let summaries: Record<string, Record<string, unknown>>;
    if (opts.results !== undefined) {
      const json = JSON.parse(readFileSync(from(opts.results), 'utf8')) as Record<string, unknown>;
      summaries = (json['results'] ?? json) as Record<string, Record<string, unknown>>;
    } else {
      const selected = only.length > 0 ? known.filter((n) => only.includes(n)) : known;
      const run = await runSuite(
        selected.map((n) => BENCHES.get(n)!),
        { quick: true, log: (line) => console.error(line) },
      );
      const dir = writeResults(run, { command: `pnpm bench:gate ${only.join(' ')}`.trim() });
      console.error(`results: ${dir}; quick suite took ${(run.durationMs / 1000).toFixed(1)} s`);
      summaries = summaryObject(run);
    }
    const verdict = evaluateGate(summaries, budgets, known, only);
    console.log(
      formatTable(
        verdict.rows.map((r) => ({
          figure: `${r.bench}.${r.figure}`,
          budget: r.budget,
          actual: r.actual === null ? 'n/a' : String(r.actual),
          verdict: r.verdict,
          reason: r.reason,
        })),
      ),
    );
    if (verdict.pass) console.log('\ngate: pass');
    else console.log(`\ngate: FAIL\n${verdict.failures.map((f) => `  - ${f}`).join('\n')}`);
    console.log(
      JSON.stringify({
        gate: verdict.pass ? 'pass' : 'fail',
        failures: verdict.failures,
        rows: verdict.rows,
      }),
    );
    if (!verdict.pass) process.exitCode = 1;
  });

await program.parseAsync();
