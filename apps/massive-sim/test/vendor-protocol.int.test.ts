import { describe, expect, it } from 'vitest';
import { DELAYED_BY_MS, VIRTUAL_START_MS } from '../src/index.js';
import { subscribe, useAuthed, useClient, useSim, waitUntil } from './helpers.js';

const status = (s: string, message: string) => ({ ev: 'status', status: s, message });

describe("the vendor's observed shapes", () => {
  it("matches the Python client's mock-server transcript: connected, auth_success, one ack frame per topic", async () => {
    const sim = await useSim({ rate: 2_000 });
    const c = await useClient(sim.url);
    c.send({ action: 'auth', params: 'demo' });
    c.send({ action: 'subscribe', params: 'T.AAPL,T.AMZN' });
    c.send({ action: 'unsubscribe', params: 'T.AAPL,T.AMZN' });
    c.send({ action: 'subscribe', params: 'T.*' });
    const frames = [];
    for (let i = 0; i < 7; i++) frames.push(await c.nextMessages());
    expect(frames).toEqual([
      [status('connected', 'Connected Successfully')],
      [status('auth_success', 'authenticated')],
      [status('success', 'subscribed to: T.AAPL')],
      [status('success', 'subscribed to: T.AMZN')],
      [status('success', 'unsubscribed to: T.AAPL')],
      [status('success', 'unsubscribed to: T.AMZN')],
      [status('success', 'subscribed to: T.*')],
    ]);
    await sim.control.advance(2_000);
    await waitUntil(() => c.events().length > 10);
    // The fields the Python client's EquityTrade reads; `i` a string, `c` optional.
    for (const t of c.events()) {
      expect(Object.keys(t)).toEqual(
        expect.arrayContaining(['ev', 'sym', 'i', 'x', 'p', 's', 't', 'q', 'z']),
      );
      expect(typeof t['i']).toBe('string');
      expect(Number.isInteger(t['s'])).toBe(true);
    }
  });

  it('acks a 16,000-topic subscribe in frames that never pass 1,000,000 bytes', async () => {
    const sim = await useSim();
    const c = await useAuthed(sim.url);
    const topics = Array.from({ length: 16_000 }, (_, i) => `T.X${String(i).padStart(5, '0')}`);
    c.send({ action: 'subscribe', params: topics.join(',') });
    await waitUntil(() => c.frames.length >= 2 + 16_000, 10_000, '16,000 acks');
    const acks = c.frames.slice(2);
    expect(Math.max(...acks.map((f) => Buffer.byteLength(f)))).toBeLessThan(1_000_000);
    expect(
      acks.map((f) => (JSON.parse(f.toString()) as { message: string }[])[0]!.message),
    ).toEqual(topics.map((t) => `subscribed to: ${t}`));
    expect(sim.control.connections()[0]!.topics).toHaveLength(16_000);
  });
});

describe('entitlements', () => {
  const accounts = {
    acct: {
      keys: [
        { key: 'full-key' },
        { key: 'late-key', feed: 'delayed' as const },
        { key: 'trades-key', channels: ['T', 'AM'] },
        { key: 'rest-key', websocket: false },
      ],
    },
  };

  it('refuses Q on a delayed key with the error status, and serves its other topics', async () => {
    const sim = await useSim({ accounts });
    const c = await useAuthed(sim.url, 'late-key');
    c.send({ action: 'subscribe', params: 'Q.AAPL,T.AAPL,LULD.*' });
    expect([await c.nextMessages(), await c.nextMessages(), await c.nextMessages()]).toEqual([
      [status('error', 'not authorized: Q.AAPL')],
      [status('success', 'subscribed to: T.AAPL')],
      [status('error', 'not authorized: LULD.*')],
    ]);
    expect(sim.control.connections()[0]!.topics).toEqual(['T.AAPL']);
  });

  it("refuses channels outside a key's plan", async () => {
    const sim = await useSim({ accounts });
    const c = await useAuthed(sim.url, 'trades-key');
    c.send({ action: 'subscribe', params: 'Q.MSFT,AM.MSFT' });
    expect([await c.nextMessages(), await c.nextMessages()]).toEqual([
      [status('error', 'not authorized: Q.MSFT')],
      [status('success', 'subscribed to: AM.MSFT')],
    ]);
  });

  it("answers a plan without socket access with the vendor's auth_failed text and 1008", async () => {
    const sim = await useSim({ accounts });
    const c = await useClient(sim.url);
    await c.nextStatus('connected');
    c.send({ action: 'auth', params: 'rest-key' });
    expect(await c.nextMessages()).toEqual([
      status(
        'auth_failed',
        "Your plan doesn't include websocket access. Visit https://massive.com/pricing to upgrade.",
      ),
    ]);
    expect((await c.closed).code).toBe(1008);
  });

  it('serves a delayed key the same trades 15 minutes later', async () => {
    const sim = await useSim({ accounts, rate: 100, symbols: 10 });
    const live = await useAuthed(sim.url, 'full-key');
    const late = await useAuthed(sim.url, 'late-key');
    await subscribe(live, 'T.*');
    await subscribe(late, 'T.*');
    await sim.control.advance(DELAYED_BY_MS + 20_000);
    await waitUntil(() => sim.control.connections().every((x) => x.unsentBytes === 0));
    await waitUntil(() => late.events().length > 50);
    const lateTrades = late.events();
    expect(Math.min(...lateTrades.map((t) => t['t'] as number))).toBeGreaterThanOrEqual(
      VIRTUAL_START_MS,
    );
    expect(Math.max(...lateTrades.map((t) => t['t'] as number))).toBeLessThan(
      VIRTUAL_START_MS + 20_001,
    );
    const firstLive = live.events().filter((t) => (t['t'] as number) < VIRTUAL_START_MS + 20_000);
    expect(lateTrades.slice(0, 50)).toEqual(firstLive.slice(0, 50));
  });
});
