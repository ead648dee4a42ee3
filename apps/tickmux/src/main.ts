#!/usr/bin/env node
// `tickmux <command>`: start, sim, record, universe load, health (see `tickmux --help`).
import { ConfigError } from '@tickmux/config';
import { createProgram } from './cli/program.js';

createProgram()
  .parseAsync()
  .catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    const hint =
      err instanceof ConfigError
        ? '\nfix the keys above in .env or the environment (every key: .env.example), then start again'
        : '';
    process.stderr.write(`tickmux: ${message}${hint}\n`);
    process.exit(1);
  });
