import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealService, type RealService } from './real-service.js';

// The dashboard of the real service (adapter on an in-process simulator: the manager's three
// connections once it is wired, else one client) in headless Chromium (Debian's package;
// playwright-core downloads nothing). CI (CI=true) or REQUIRE_CHROMIUM=1 fails without it.
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const installed = existsSync(CHROMIUM);
const required = process.env['CI'] === 'true' || process.env['REQUIRE_CHROMIUM'] === '1';
const ARTIFACTS = join(import.meta.dirname, '..', 'test-artifacts');

describe.skipIf(!installed && !required)(
  'the dashboard of the real service in headless Chromium',
  () => {
    let browser: Browser | undefined;
    let s: RealService | undefined;

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
      await s?.close();
      await browser?.close();
    });

    it('has chromium', () => {
      expect(installed, `no chromium at ${CHROMIUM} (apt-get install chromium)`).toBe(true);
    });

    it('shows every connection connected with moving counters, rebalances through the API, and shows an injected drop, its gaps and the recovery', async () => {
      // A reconnect delay of 3 s keeps the dropped connection down across a live update or two.
      s = await startRealService({ env: { MASSIVE_WEBSOCKET_RECONNECT_DELAY: '3' } });
      const page = await browser!.newPage({ viewport: { width: 1400, height: 1200 } });
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(err.message));
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      await page.goto(`${s.base}/`);

      const ids = Object.keys(s.service.adapter.getHealthStatus().connections);
      expect(ids).toHaveLength(s.expected);
      const rows = page.locator('#connections tbody tr');
      await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(s.expected);
      const field = (id: string, f: string) =>
        page.locator(`tr[data-connection="${id}"] td[data-field="${f}"]`);
      const num = async (id: string, f: string) =>
        Number(((await field(id, f).textContent()) ?? '').replace(/,/g, ''));
      for (const id of ids) {
        await expect
          .poll(() => field(id, 'status').textContent(), { timeout: 20_000 })
          .toBe('connected');
        await expect
          .poll(() => num(id, 'tickers'), { timeout: 10_000 })
          .toBe(s.service.adapter.getConnectionTickers(id)!.length);
        const before = await num(id, 'messages');
        await expect.poll(() => num(id, 'messages'), { timeout: 10_000 }).toBeGreaterThan(before);
      }
      await expect.poll(() => page.locator('#live').textContent()).toBe('live');
      await expect.poll(() => page.locator('#mode').textContent()).toBe('simulator');

      // The rebalance button calls the API.
      const request = page.waitForRequest(
        (r) => r.method() === 'POST' && r.url() === `${s!.base}/api/websocket/rebalance`,
      );
      const response = page.waitForResponse(
        (r) => r.url() === `${s!.base}/api/websocket/rebalance`,
      );
      await page.click('#rebalance');
      await request;
      expect((await response).status()).toBe(200);
      await expect
        .poll(() => page.locator('#message').textContent())
        .toMatch(/^rebalanced: moved \d+ tickers?$/);

      // A kill injected from the page: that connection turns unhealthy, its gaps appear, then it
      // is connected again.
      const id = ids.at(-1)!;
      const tickers = new Set(s.service.adapter.getConnectionTickers(id));
      const reconnectsBefore = await num(id, 'reconnects');
      await page.click(`tr[data-connection="${id}"] button[data-fault="drop"]`);
      await expect
        .poll(() => field(id, 'status').textContent(), { timeout: 10_000 })
        .not.toBe('connected');
      expect(await page.locator(`tr[data-connection="${id}"]`).getAttribute('class')).toBe(
        'unhealthy',
      );
      const gapTickers = () =>
        page
          .locator('#gaps tbody tr[data-ticker]')
          .evaluateAll((trs: { getAttribute(name: string): string | null }[]) =>
            trs.map((tr) => tr.getAttribute('data-ticker') ?? ''),
          );
      await expect
        .poll(async () => (await gapTickers()).length, { timeout: 15_000 })
        .toBeGreaterThan(0);
      for (const t of await gapTickers()) expect(tickers.has(t)).toBe(true);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-real-fault.png'), fullPage: true });

      await expect
        .poll(() => field(id, 'status').textContent(), { timeout: 30_000 })
        .toBe('connected');
      await expect
        .poll(() => num(id, 'reconnects'), { timeout: 10_000 })
        .toBe(reconnectsBefore + 1);
      await expect
        .poll(() => page.locator('#gaps tbody tr.open').count(), { timeout: 20_000 })
        .toBe(0);
      expect(await page.locator(`tr[data-connection="${id}"]`).getAttribute('class')).not.toBe(
        'unhealthy',
      );
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-real.png'), fullPage: true });
      expect(problems).toEqual([]);
      await page.close();
    }, 120_000);
  },
);
