/**
 * Mutation testing (StrykerJS + its vitest runner) for the pure packages.
 *
 *   pnpm mutation [core|routing|pool ...] [--concurrency N] [--force] [--files a.ts,b.ts]
 *
 * No package name runs every one in MUTATED, one after another. Each run mutates the package's
 * `src/**` (not `index.ts`, which only re-exports), runs that package's vitest project against
 * every mutant, and writes `results/mutation/<pkg>/index.html` (the report), `report.json` and
 * `incremental.json`. Reruns are incremental: only mutants in changed code, or covered by changed
 * tests, run again; `--force` reruns every mutant. Too slow for `.ci/run`; see README.md.
 */
import { Stryker } from '@stryker-mutator/core';
import { join } from 'node:path';

/** The packages with a mutation target, by short name. */
const MUTATED = ['core', 'routing', 'pool'] as const;
type Mutated = (typeof MUTATED)[number];

/** The mutation score a package must reach (the issue's target); below it the run exits 1. */
const BREAK_BELOW = 80;

interface Args {
  packages: Mutated[];
  concurrency: number | undefined;
  force: boolean;
  /** Only these files of `src/` (a quick look at one module; the score is then that module's). */
  files: string[] | undefined;
}

function usage(message: string): never {
  console.error(
    `${message}\nusage: pnpm mutation [${MUTATED.join('|')} ...] [--concurrency N] [--force] [--files a.ts,b.ts]`,
  );
  process.exit(2);
}

function parseArgs(argv: readonly string[]): Args {
  const packages: Mutated[] = [];
  let concurrency: number | undefined;
  let force = false;
  let files: string[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') continue;
    if (arg === '--force') force = true;
    else if (arg === '--concurrency') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) usage('--concurrency takes a whole number >= 1');
      concurrency = n;
    } else if (arg === '--files') {
      files = (argv[++i] ?? '').split(',').filter((f) => f !== '');
      if (files.length === 0) usage('--files takes a comma-separated list of files in src/');
    } else if ((MUTATED as readonly string[]).includes(arg)) packages.push(arg as Mutated);
    else usage(`unknown argument: ${arg}`);
  }
  return { packages: packages.length > 0 ? packages : [...MUTATED], concurrency, force, files };
}

type StrykerOptions = ConstructorParameters<typeof Stryker>[0];

function options(pkg: Mutated, args: Args): StrykerOptions {
  // A run over some files only keeps its own report and incremental file beside the package's.
  const out = join('results', 'mutation', pkg, ...(args.files === undefined ? [] : ['files']));
  return {
    packageManager: 'pnpm',
    testRunner: 'vitest',
    plugins: ['@stryker-mutator/vitest-runner'],
    vitest: { configFile: `packages/${pkg}/vitest.config.ts`, related: false },
    mutate:
      args.files === undefined
        ? [`packages/${pkg}/src/**/*.ts`, `!packages/${pkg}/src/index.ts`]
        : args.files.map((f) => `packages/${pkg}/src/${f.replace(/^src\//, '')}`),
    // The sandbox needs the root configs and the packages; the apps and tools are not tested here.
    ignorePatterns: ['/apps', '/tools', '/results', '/coverage', 'dist', '/.stryker-tmp-*'],
    // Its own sandbox folder per package (a plain name: Stryker skips it by name), so two runs
    // never clean up each other's.
    tempDirName: `.stryker-tmp-${pkg}`,
    reporters: ['html', 'json', 'clear-text', 'progress'],
    htmlReporter: { fileName: join(out, 'index.html') },
    jsonReporter: { fileName: join(out, 'report.json') },
    incremental: true,
    incrementalFile: join(out, 'incremental.json'),
    force: args.force,
    thresholds: { high: 90, low: BREAK_BELOW, break: BREAK_BELOW },
    ...(args.concurrency === undefined ? {} : { concurrency: args.concurrency }),
    // Mutants that loop forever are killed by timeout; a loaded machine needs the slack.
    timeoutMS: 5_000,
    cleanTempDir: 'always',
  };
}

const args = parseArgs(process.argv.slice(2));
// One pinned fast-check seed, so a rerun judges every mutant against the same generated cases.
process.env['FAST_CHECK_SEED'] ??= '20261122';
let failed = false;
for (const pkg of args.packages) {
  console.log(`mutation: packages/${pkg} -> results/mutation/${pkg}/index.html`);
  try {
    await new Stryker(options(pkg, args)).runMutationTest();
  } catch (error) {
    console.error(`mutation: packages/${pkg} failed:`, error);
    failed = true;
  }
  // Stryker sets process.exitCode when the score is below `thresholds.break`.
  if (process.exitCode !== undefined && process.exitCode !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
