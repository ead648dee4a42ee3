import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SIM_CLI = fileURLToPath(new URL('../../../apps/massive-sim/src/cli.ts', import.meta.url));
const REPLAY = fileURLToPath(new URL('./replay-main.ts', import.meta.url));

/** A server in its own process, so it and the reader under test each get a core. */
export interface ServerProcess {
  url: string;
  stop(): Promise<void>;
}

/** Starts a TypeScript entry in a child process and waits for its "<name> listening on <url>" line. */
async function startProcess(script: string, args: string[], name: string): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, [...process.execArgv, script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const re = new RegExp(`^${name} listening on (\\S+)$`);
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
    lines.on('line', (line) => {
      const m = re.exec(line);
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

/** `massive-sim` with `args` (plus a free port, no control API, quiet). */
export function startSimProcess(args: string[]): Promise<ServerProcess> {
  return startProcess(
    SIM_CLI,
    ['--port', '0', '--no-control', '--no-status', '--log-level', 'error', ...args],
    'massive-sim',
  );
}

/**
 * The replay server: pre-built frames (batches of `batch` mixed events over `tickers` synthetic
 * tickers, or 16 real names when 0) sent as fast as a socket drains; `silent`: acks only.
 */
export function startReplayProcess(
  frames = 2_000,
  batch = 100,
  tickers = 0,
  silent = false,
): Promise<ServerProcess> {
  return startProcess(
    REPLAY,
    [String(frames), String(batch), '11', String(tickers), silent ? 'silent' : 'data'],
    'replay',
  );
}
