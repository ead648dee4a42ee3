import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `tickmux sim [args...]`: the simulator's own CLI (`massive-sim`), with the same arguments and
 * output, in a child process that gets the signals (it closes its sockets on SIGINT/SIGTERM).
 */
export function runSim(args: readonly string[]): Promise<number> {
  // The sim package's entry resolves to its src/index.ts (source condition) or dist/index.js;
  // its CLI sits beside it.
  const entry = fileURLToPath(import.meta.resolve('@tickmux/massive-sim'));
  const cli = join(dirname(entry), entry.endsWith('.ts') ? 'cli.ts' : 'cli.js');
  const child = spawn(process.execPath, [...process.execArgv, cli, ...args], { stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal === null ? 1 : 0));
    });
  });
}
