import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { RawClient, waitUntil } from './raw-client.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function cli(args: string[]) {
  // node itself with tsx's loader, not the tsx binary: the binary runs the program in a child
  // process of its own, which a SIGKILL of the binary would leave running.
  const node = ['--import', 'tsx', '--conditions=@tickmux/source', 'src/cli.ts'];
  const child = spawn(process.execPath, [...node, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onTestFinished(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (l) => {
    lines.push(l);
    waiters.splice(0).forEach((w) => w());
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const line = async (n: number): Promise<string> => {
    while (lines.length <= n) {
      await Promise.race([
        new Promise<void>((r) => waiters.push(r)),
        exited.then(() => Promise.reject(new Error(`exited: ${stderr}`))),
      ]);
    }
    return lines[n]!;
  };
  return { child, line, exited, stderr: () => stderr, lines };
}

describe('massive-sim CLI', () => {
  it('prints exactly the listening line first, then the control URL, serves data, and exits cleanly on SIGTERM', async () => {
    const sim = cli([
      '--port',
      '0',
      '--seed',
      '42',
      '--symbols',
      '50',
      '--rate',
      '2000',
      '--api-keys',
      'demo',
      '--max-connections',
      '3',
    ]);
    const first = await sim.line(0);
    expect(first).toMatch(/^massive-sim listening on ws:\/\/127\.0\.0\.1:\d+\/stocks$/);
    expect(await sim.line(1)).toMatch(/^control API on http:\/\/127\.0\.0\.1:\d+$/);
    const url = first.replace('massive-sim listening on ', '');
    const c = await RawClient.authed(url);
    c.send({ action: 'subscribe', params: 'T.*' });
    await c.nextStatus('success');
    await c.nextMessages();
    expect(c.events().length).toBeGreaterThan(0);
    sim.child.kill('SIGTERM');
    expect((await c.closed).code).toBe(1001);
    expect(await sim.exited).toBe(0);
  });

  it('replays a recording as fast as the socket drains (--replay --speed max --loop)', async () => {
    const fixture = fileURLToPath(new URL('../recordings/sim-open.ndjson', import.meta.url));
    const sim = cli([
      '--port',
      '0',
      '--no-control',
      '--replay',
      fixture,
      '--speed',
      'max',
      '--loop',
    ]);
    const url = (await sim.line(0)).replace('massive-sim listening on ', '');
    const c = await RawClient.authed(url);
    c.send({ action: 'subscribe', params: 'T.*,Q.*' });
    await waitUntil(() => c.events().length > 2_000, 10_000, 'replayed events');
    expect(new Set(c.events().map((e) => e['ev']))).toEqual(new Set(['T', 'Q']));
    c.close();
  });

  it('exits 1 with a message naming a bad option', async () => {
    const bad = cli(['--rate', 'lots']);
    expect(await bad.exited).toBe(1);
    expect(bad.stderr()).toContain('--rate');
  });
});
