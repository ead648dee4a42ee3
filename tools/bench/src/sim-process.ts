import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SIM_CLI = fileURLToPath(new URL('../../../apps/massive-sim/src/cli.ts', import.meta.url));
const REPLAY = fileURLToPath(new URL('./replay-main.ts', import.meta.url));

/** Every server process started and not yet stopped, so none outlives the bench. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  killLeftoverServers();
});

/**
 * Kills every server process still running (a benchmark that failed, or forgot one) and returns
 * how many there were: the suite calls it after each benchmark, so a left-over server neither
 * takes a core from the next one nor grows until it runs out of memory.
 */
export function killLeftoverServers(): number {
  const n = running.size;
  for (const child of running) child.kill('SIGKILL');
  running.clear();
  return n;
}

/**
 * Stops every server process on SIGINT or SIGTERM before exiting (Node's default handling of
 * those signals skips 'exit' handlers). The bench and gate CLIs call this once.
 */
export function stopServersOnSignal(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      killLeftoverServers();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
}

/** A server in its own process, so it and the reader under test each get a core. */
export interface ServerProcess {
  url: string;
  /** The sim's HTTP control API, when it was asked for. */
  controlUrl?: string;
  stop(): Promise<void>;
}

/**
 * Starts a TypeScript entry in a child process and waits for its "<name> listening on <url>" line
 * (and, with `control`, the sim's "control API on <url>" line).
 */
async function startProcess(
  script: string,
  args: string[],
  name: string,
  control = false,
): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, [...process.execArgv, script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const lines = createInterface({ input: child.stdout! });
  const re = new RegExp(`^${name} listening on (\\S+)$`);
  const controlRe = /^control API on (\S+)$/;
  let url: string | undefined;
  let controlUrl: string | undefined;
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
    lines.on('line', (line) => {
      url ??= re.exec(line)?.[1];
      controlUrl ??= controlRe.exec(line)?.[1];
      if (url !== undefined && (!control || controlUrl !== undefined)) resolve();
    });
  });
  return {
    url: url!,
    ...(controlUrl === undefined ? {} : { controlUrl }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        // A server busy in a long synchronous step gets 3 s to exit, then is killed.
        const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** `massive-sim` with `args` (plus a free port, quiet; the control API only with `control`). */
export function startSimProcess(
  args: string[],
  { control = false }: { control?: boolean } = {},
): Promise<ServerProcess> {
  const controlArgs = control ? ['--control-port', '0'] : ['--no-control'];
  return startProcess(
    SIM_CLI,
    ['--port', '0', ...controlArgs, '--no-status', '--log-level', 'error', ...args],
    'massive-sim',
    control,
  );
}

/** How the replay process serves: see replay-main.ts. */
export interface ReplayOptions {
  /** Frames pre-built (x `batch` events). @default 2000 */
  frames?: number;
  /** Events per frame. @default 100 */
  batch?: number;
  /** Size of a synthetic ticker universe; 0 = 16 real names. @default 0 */
  tickers?: number;
  /**
   * loop: the same frames to every socket; silent: acks only; subscribed: each socket its
   * subscribed tickers' T and Q events, q rising every pass. @default 'loop'
   */
  mode?: 'loop' | 'silent' | 'subscribed';
}

/** The replay server in its own process: pre-built frames sent as fast as a socket drains. */
export function startReplayProcess({
  frames = 2_000,
  batch = 100,
  tickers = 0,
  mode = 'loop',
}: ReplayOptions = {}): Promise<ServerProcess> {
  return startProcess(
    REPLAY,
    [String(frames), String(batch), '11', String(tickers), mode],
    'replay',
  );
}
