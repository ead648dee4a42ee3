import { Command } from 'commander';
import { formatTable } from './harness.js';
import { BENCHES } from './registry.js';
import { writeResults } from './results-writer.js';
import { stopServersOnSignal } from './sim-process.js';
import { runSuite, summaryObject } from './suite.js';

stopServersOnSignal();

const names = [...BENCHES.keys()];
const program = new Command('bench')
  .description('Run tickmux benchmarks: pnpm bench all|<name ...> [--quick] [--json]')
  .argument('[names...]', `"all" or some of: ${names.join(', ')}`)
  .option('--quick', 'shorter rounds (what the CI gate runs)', false)
  .option(
    '--json',
    'end stdout with one JSON line: the summary of one benchmark, or an object keyed by benchmark',
    false,
  )
  .option('--no-write', 'do not write results/bench/<timestamp>/')
  .option('--list', 'list the benchmarks', false)
  .action(
    async (
      args: string[],
      opts: { quick: boolean; json: boolean; write: boolean; list: boolean },
    ) => {
      if (opts.list || args.length === 0) {
        for (const b of BENCHES.values()) console.log(`${b.name.padEnd(10)} ${b.description}`);
        return;
      }
      const wanted = args.includes('all') ? names : args;
      const unknown = wanted.filter((n) => !BENCHES.has(n));
      if (unknown.length > 0) {
        console.error(
          `unknown benchmark ${unknown.map((n) => `"${n}"`).join(', ')}; known: all, ${names.join(', ')}`,
        );
        process.exitCode = 2;
        return;
      }
      const run = await runSuite(
        wanted.map((n) => BENCHES.get(n)!),
        { quick: opts.quick, log: (line) => console.error(line) },
      );
      for (const [name, r] of Object.entries(run.results)) {
        console.log(`\n${name}`);
        if (r.table.length > 0) console.log(formatTable(r.table));
        if (!opts.json) {
          const { bench: _b, ...figures } = r.summary;
          for (const [k, v] of Object.entries(figures)) console.log(`${k}: ${JSON.stringify(v)}`);
        }
      }
      if (opts.write) {
        const command = `pnpm bench ${args.join(' ')}${opts.quick ? ' --quick' : ''}${opts.json ? ' --json' : ''}`;
        const dir = writeResults(run, { command });
        console.error(`results: ${dir} (${(run.durationMs / 1000).toFixed(1)} s)`);
      }
      // One benchmark: its own summary line, {"bench":"<name>",...}; several or all: one object
      // keyed by benchmark.
      if (opts.json)
        console.log(
          JSON.stringify(
            wanted.length === 1 && !args.includes('all')
              ? run.results[wanted[0]!]!.summary
              : summaryObject(run),
          ),
        );
    },
  );

await program.parseAsync();
