import { Command } from 'commander';
import { formatTable } from './harness.js';
import { BENCHES } from './registry.js';

const program = new Command('bench')
  .description('Run a tickmux benchmark: pnpm bench <name> [--quick] [--json]')
  .argument('[name]', `one of: ${[...BENCHES.keys()].join(', ')}`)
  .option('--quick', 'shorter rounds (what the CI gate runs)', false)
  .option('--json', 'end with one JSON summary line', false)
  .option('--list', 'list the benchmarks', false)
  .action(
    async (name: string | undefined, opts: { quick: boolean; json: boolean; list: boolean }) => {
      if (opts.list || name === undefined) {
        for (const b of BENCHES.values()) console.log(`${b.name.padEnd(10)} ${b.description}`);
        return;
      }
      const bench = BENCHES.get(name);
      if (bench === undefined) {
        console.error(`unknown benchmark "${name}"; known: ${[...BENCHES.keys()].join(', ')}`);
        process.exitCode = 2;
        return;
      }
      console.log(`${bench.name}: ${bench.description}${opts.quick ? ' (quick)' : ''}`);
      const result = await bench.run({ quick: opts.quick });
      console.log(formatTable(result.table));
      const { bench: _name, ...figures } = result.summary;
      if (opts.json) console.log(JSON.stringify(result.summary));
      else
        console.log(
          Object.entries(figures)
            .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
            .join('\n'),
        );
    },
  );

await program.parseAsync();
