import type { UserWorkspaceConfig } from 'vitest/config';
import { basename, join } from 'node:path';

/**
 * The condition that points every workspace package at its `src/index.ts`, so tests run against
 * source without a build (see CONTRIBUTING.md). Kept in step with `tsconfig.base.json`.
 */
export const SOURCE_CONDITION = '@tickmux/source';

/**
 * One fast-check seed for the whole run, printed once so any property failure can be replayed
 * with `FAST_CHECK_SEED=<seed> pnpm test`. CI pins it (.ci/run) so runs are deterministic.
 */
// Each project's config bundles this file anew, so the seed is kept in the environment.
if (process.env['FAST_CHECK_SEED'] === undefined) {
  process.env['FAST_CHECK_SEED'] = String((Date.now() ^ (process.pid << 8)) >>> 0);
}
const fastCheckSeed = process.env['FAST_CHECK_SEED'];
if (process.env['TICKMUX_SEED_PRINTED'] === undefined) {
  process.env['TICKMUX_SEED_PRINTED'] = '1';
  console.log(`fast-check seed: ${fastCheckSeed} (replay with FAST_CHECK_SEED=${fastCheckSeed})`);
}

/** Vitest project settings shared by every package: `test/**` beside `src/`, node environment. */
export function tickmuxProject(
  dir: string,
  overrides: UserWorkspaceConfig['test'] = {},
): UserWorkspaceConfig {
  // Vite's default server conditions, with ours first.
  const conditions = [SOURCE_CONDITION, 'module', 'node', 'development|production'];
  return {
    resolve: { conditions },
    ssr: { resolve: { conditions } },
    test: {
      name: basename(dir),
      root: dir,
      include: ['test/**/*.test.ts'],
      environment: 'node',
      setupFiles: [join(import.meta.dirname, 'vitest.setup.ts')],
      env: { FAST_CHECK_SEED: fastCheckSeed },
      testTimeout: 20_000,
      hookTimeout: 20_000,
      ...overrides,
    },
  };
}
