import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));

describe('pnpm start (the main job on embedded defaults)', () => {
  it('runs the simulator and a client reading it, shows live ticks, and stops cleanly', async () => {
    const child = spawn(tsx, ['--conditions=@tickmux/source', 'src/main.ts', '--duration', '3'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(out).toMatch(/^simulator: ws:\/\/127\.0\.0\.1:\d+\/stocks/m);
    expect(out).toContain('client: connected');
    const live = out.split('\n').filter((l) => l.startsWith('connected'));
    expect(live.length).toBeGreaterThanOrEqual(1);
    // The default single-connection universe (12 tickers) on the default channels T, Q, AM.
    expect(out).toMatch(/^tickers \(12\): AAPL MSFT NVDA/m);
    expect(live.at(-1)).toMatch(/topics 36\/36 +ticks\/s +[\d,]+/);
    expect(out).toMatch(/stopped \(3s elapsed\): [\d,]+ ticks received/);
  }, 30_000);
});
