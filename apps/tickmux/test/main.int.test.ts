import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));

describe('pnpm start (the main job on embedded defaults)', () => {
  it('runs the simulator and a client reading it, shows live ticks with moving prices, and stops cleanly', async () => {
    // Five seconds: four status lines, so even a slow start leaves two with prices to compare.
    const child = spawn(tsx, ['--conditions=@tickmux/source', 'src/main.ts', '--duration', '5'], {
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
    expect(live.length).toBeGreaterThanOrEqual(2);
    // The default single-connection universe (12 tickers) on the default channels T, Q, AM.
    expect(out).toMatch(/^tickers \(12\): AAPL MSFT NVDA/m);
    expect(live.at(-1)).toMatch(/topics 36\/36 /);

    // Ticks arrived: a positive rate on some line, trades and quotes counted, a positive total.
    const rates = live.map((l) => count(/ticks\/s +([\d,]+)/.exec(l)?.[1]));
    expect(Math.max(...rates)).toBeGreaterThan(0);
    const last = / T (\d+) Q (\d+) AM (\d+) /.exec(live.at(-1)!);
    expect(Number(last?.[1])).toBeGreaterThan(0);
    expect(Number(last?.[2])).toBeGreaterThan(0);
    const total = /stopped \(5s elapsed\): ([\d,]+) ticks received/.exec(out)?.[1];
    expect(count(total)).toBeGreaterThan(0);

    // Prices move: some ticker shows two different last-trade prices across the status lines.
    const seen = new Map<string, Set<string>>();
    for (const line of live) {
      for (const [, ticker, price] of line.split('|')[1]!.matchAll(/([A-Z.]+) (\d+\.\d\d)/g)) {
        const prices = seen.get(ticker!) ?? new Set<string>();
        seen.set(ticker!, prices.add(price!));
      }
    }
    expect(seen.size).toBeGreaterThan(0);
    expect(Math.max(...[...seen.values()].map((p) => p.size))).toBeGreaterThanOrEqual(2);
  }, 40_000);
});

/** A number printed with thousands separators; NaN when absent. */
function count(text: string | undefined): number {
  return text === undefined ? Number.NaN : Number(text.replaceAll(',', ''));
}
