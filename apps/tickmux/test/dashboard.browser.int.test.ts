import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock, type TickData } from '@tickmux/core';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpService, MemorySink, SinkSet, TickmuxMetrics } from '../src/index.js';
import { FakeSource } from './fake-source.js';

// The dashboard in real headless Chromium (Debian's package; playwright-core downloads nothing).
// CI (CI=true) or REQUIRE_CHROMIUM=1 fails without it instead of skipping.
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const installed = existsSync(CHROMIUM);
const required = process.env['CI'] === 'true' || process.env['REQUIRE_CHROMIUM'] === '1';
const ARTIFACTS = join(import.meta.dirname, '..', 'test-artifacts');
const TOKEN = 'dashboard-test-token';

describe.skipIf(!installed && !required)('the dashboard in headless Chromium', () => {
  let browser: Browser | undefined;
  let http: HttpService | undefined;
  let source: FakeSource | undefined;
  let feed: ReturnType<typeof setInterval> | undefined;

  beforeAll(async () => {
    if (!installed) return;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-quic',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    if (feed !== undefined) clearInterval(feed);
    source?.stop();
    await http?.close();
    await browser?.close();
  });

  it('has chromium', () => {
    expect(installed, `no chromium at ${CHROMIUM} (apt-get install chromium)`).toBe(true);
  });

  it('shows the connections live, rebalances from the button, and shows an injected fault and its gaps', async () => {
    // Three connections, the first one overloaded; traffic every 100 ms; a fault heals after 4 s.
    source = new FakeSource({ clock: systemClock, extraOnFirst: 6, recoverAfterMs: 4_000 });
    source.startTraffic(100, 40);
    const memory = new MemorySink();
    const metrics = new TickmuxMetrics({ source, sinks: () => [memory] });
    const sinks = new SinkSet([memory], { metrics });
    let n = 0;
    feed = setInterval(() => {
      const t: TickData = {
        ticker: 'AAPL',
        price: 190 + (n % 10) / 10,
        volume: 100,
        timestamp: Date.now() / 1000 - 0.002 * (1 + (n % 5)),
        source: 'massive',
        event_type: 'trade',
      };
      n++;
      sinks.write(t, performance.now() - 0.3);
    }, 20);
    http = new HttpService({ source, metrics, sinks: () => [memory], token: TOKEN });
    const base = await http.listen();

    const page = await browser!.newPage({ viewport: { width: 1400, height: 1100 } });
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    await page.goto(`${base}/#token=${TOKEN}`);

    // Three connected connections with their ticker counts.
    const rows = page.locator('#connections tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(3);
    const field = (id: string, f: string) =>
      page.locator(`tr[data-connection="${id}"] td[data-field="${f}"]`);
    for (const id of ['connection_1', 'connection_2', 'connection_3'])
      await expect.poll(() => field(id, 'status').textContent()).toBe('connected');
    expect(await field('connection_1', 'tickers').textContent()).toBe('10');
    expect(await field('connection_2', 'tickers').textContent()).toBe('4');
    await expect.poll(() => page.locator('#live').textContent()).toBe('live');
    await expect.poll(() => page.locator('#mode').textContent()).toBe('simulator');

    // Counters move between live updates.
    const count = async () =>
      Number((await field('connection_1', 'messages').textContent())!.replace(/,/g, ''));
    const before = await count();
    await expect.poll(count, { timeout: 10_000 }).toBeGreaterThan(before);
    await expect
      .poll(
        async () => Number((await field('connection_1', 'rate').textContent())!.replace(/,/g, '')),
        { timeout: 10_000 },
      )
      .toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('#t-latency').textContent(), { timeout: 10_000 })
      .toMatch(/ms$/);

    // The rebalance button calls the API (with the token from the URL) and the counts even out.
    await page.click('#rebalance');
    await expect
      .poll(() => page.locator('#message').textContent())
      .toBe('rebalanced: moved 4 tickers');
    expect(source.rebalances).toBe(1);
    for (const id of ['connection_1', 'connection_2', 'connection_3'])
      await expect.poll(() => field(id, 'tickers').textContent(), { timeout: 10_000 }).toBe('6');

    // A fault injected from the page takes connection_2 down in the source; the page shows it
    // unhealthy with an open gap per ticker, then healthy again with the gaps closed.
    await page.click('tr[data-connection="connection_2"] button[data-fault="kill"]');
    await expect.poll(() => source!.faults).toEqual([['connection_2', 'kill']]);
    expect(source.getHealthStatus().connections['connection_2']!.status).toBe('reconnecting');
    await expect
      .poll(() => field('connection_2', 'status').textContent(), { timeout: 10_000 })
      .toBe('reconnecting');
    expect(await page.locator('tr[data-connection="connection_2"]').getAttribute('class')).toBe(
      'unhealthy',
    );
    const gapRows = page.locator('#gaps tbody tr.open');
    await expect.poll(() => gapRows.count(), { timeout: 10_000 }).toBe(6);
    const gapTickers = await page
      .locator('#gaps tbody tr.open')
      .evaluateAll((trs: { getAttribute(name: string): string | null }[]) =>
        trs.map((tr) => tr.getAttribute('data-ticker') ?? ''),
      );
    expect(gapTickers.sort()).toEqual([...source.getConnectionTickers('connection_2')!].sort());
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });

    await expect
      .poll(() => field('connection_2', 'status').textContent(), { timeout: 15_000 })
      .toBe('connected');
    await expect.poll(() => gapRows.count(), { timeout: 10_000 }).toBe(0);
    expect(await page.locator('#gaps tbody tr').count()).toBe(6);
    expect(await field('connection_2', 'reconnects').textContent()).toBe('1');
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);
});
