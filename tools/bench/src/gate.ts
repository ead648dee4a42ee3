import { checkTargets } from './harness.js';
import { BENCHES } from './registry.js';

/**
 * The performance gate: runs every benchmark in quick mode and checks each figure against its
 * target. Prints one line per check and, last, one JSON object; exits 1 when a target is missed.
 * `pnpm bench:gate [name ...]` limits it to some benchmarks.
 */
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const results: {
  bench: string;
  figure: string;
  op: string;
  target: number;
  actual: number | null;
  pass: boolean;
}[] = [];
for (const bench of BENCHES.values()) {
  if (only.length > 0 && !only.includes(bench.name)) continue;
  const { summary } = await bench.run({ quick: true });
  for (const { target, actual, pass } of checkTargets(summary, bench.targets)) {
    results.push({
      bench: bench.name,
      figure: target.figure,
      op: target.op,
      target: target.value,
      actual: actual ?? null,
      pass,
    });
    console.log(
      `${pass ? 'PASS' : 'FAIL'}  ${bench.name}.${target.figure} = ${actual ?? 'missing'} (target ${target.op} ${target.value})`,
    );
  }
}
const pass = results.every((r) => r.pass);
console.log(JSON.stringify({ gate: pass ? 'pass' : 'fail', results }));
if (!pass) process.exitCode = 1;
