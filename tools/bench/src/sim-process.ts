import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../../apps/massive-sim/src/cli.ts', import.meta.url));

/** The simulator in its own process (as teams run it), so it and the reader each get a core. */
export interface SimProcess {
  url: string;
  stop(): Promise<void>;
}

/** Starts `massive-sim` with `args` and waits for its "listening" line. */
export async function startSimProcess(args: string[]): Promise<SimProcess> {
  const child: ChildProcess = spawn(process.execPath, [...process.execArgv, CLI, '--port', '0', '--no-control', '--no-status', '--log-level', 'error', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`massive-sim exited with ${code}`)));
    lines.on('line', (line) => {
      const m = /^massive-sim listening on (\S+)$/.exec(line);
      if (m) resolve(m[1]!);
    });
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
