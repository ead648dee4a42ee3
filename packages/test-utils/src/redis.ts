import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { Socket } from 'node:net';
import { onTestFinished } from 'vitest';
import { freePort } from './ports.js';

/**
 * Where Redis integration tests look: the machine's Redis, or `TICKMUX_REDIS_TEST_URL`. They skip
 * when it is not reachable, unless `REQUIRE_REDIS=1` (CI), when they run and fail.
 */
export interface RedisTestTarget {
  url: string;
  reachable: boolean;
  required: boolean;
  /** True when the tests should skip: Redis is absent and not required. */
  skip: boolean;
}

/** Probes the test Redis once; use as `describe.skipIf(target.skip)` and assert `reachable` in a test. */
export async function redisTestTarget(): Promise<RedisTestTarget> {
  const url = process.env['TICKMUX_REDIS_TEST_URL'] ?? 'redis://127.0.0.1:6379';
  const required = process.env['REQUIRE_REDIS'] === '1';
  const reachable = await probeTcp(url);
  return { url, reachable, required, skip: !reachable && !required };
}

/** True when something accepts TCP connections at the URL's host and port (500 ms at most). */
export function probeTcp(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(Number(port || 6379), hostname, () => done(true));
  });
}

/** True when a `redis-server` binary is on the PATH. */
export function redisServerInstalled(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** A `redis-server` of the test's own, on a free loopback port, that the test may kill and restart. */
export interface RedisServerHandle {
  readonly port: number;
  readonly url: string;
  /** Kills the server with SIGKILL (a crash: no shutdown, nothing saved) and waits for its exit. */
  kill(): Promise<void>;
  /** Starts it again on the same port and waits until it accepts connections. */
  start(): Promise<void>;
  /** Kills it if running. Called after the test. */
  close(): Promise<void>;
}

/**
 * Starts `redis-server --port P --bind 127.0.0.1 --save "" --appendonly no` on a free port (the
 * machine's shared Redis is never touched) and kills it when the test ends, pass or fail.
 */
export async function useRedisServer(): Promise<RedisServerHandle> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const kill = async () => {
    const c = child;
    child = undefined;
    if (c === undefined || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGKILL');
    await exited;
  };
  const start = async () => {
    if (child !== undefined) throw new Error(`redis-server on port ${port} is already running`);
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
    ];
    const c = spawn('redis-server', args, { stdio: 'ignore' });
    child = c;
    const failed = new Promise<never>((_, reject) => {
      c.once('error', reject);
      c.once('exit', (code) => reject(new Error(`redis-server exited early (code ${code})`)));
    });
    failed.catch(() => undefined);
    const deadline = Date.now() + 5_000;
    for (;;) {
      const up = await Promise.race([probeTcp(url), failed]);
      if (up) return;
      if (Date.now() > deadline) throw new Error(`redis-server did not listen on port ${port}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const handle: RedisServerHandle = { port, url, kill, start, close: kill };
  onTestFinished(kill);
  await start();
  return handle;
}
