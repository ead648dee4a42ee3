import { recordingWebSocket, useSim, waitUntil } from '@tickmux/test-utils';
import { describe, expect, it } from 'vitest';
import type { WebSocketConstructor } from '../src/index.js';
import { useClient } from './helpers.js';

const subscribeFrames = (sent: string[]) =>
  sent
    .filter((s) => s.includes('"subscribe"'))
    .map((s) => (JSON.parse(s) as { params: string }).params);

async function connected(
  opts: { channels?: string[]; chunk?: { maxTopicsPerFrame?: number } } = {},
) {
  const sim = await useSim();
  const rec = recordingWebSocket();
  const client = useClient({
    url: sim.url,
    WebSocket: rec.Impl as unknown as WebSocketConstructor,
    ...opts,
  });
  return { sim, rec, client };
}

describe('subscriptions', () => {
  it('subscribes one ticker on every configured channel', async () => {
    const { sim, rec, client } = await connected();
    await client.connect();
    expect(await client.subscribe(['AAPL'])).toBe(true);
    expect(subscribeFrames(rec.sent)).toEqual(['T.AAPL,Q.AAPL,AM.AAPL']);
    expect(sim.control.connections()[0]!.topics).toEqual(['T.AAPL', 'Q.AAPL', 'AM.AAPL']);
  });

  it('subscribes five tickers in one frame and tracks them', async () => {
    const { sim, client } = await connected({ channels: ['T'] });
    await client.connect();
    expect(await client.subscribe(['AAPL', 'GOOGL', 'MSFT', 'TSLA', 'AMZN'])).toBe(true);
    expect(client.tickers).toEqual(['AAPL', 'GOOGL', 'MSFT', 'TSLA', 'AMZN']);
    expect(sim.control.connections()[0]!.topics).toHaveLength(5);
  });

  it('sends one frame for the same ticker subscribed twice', async () => {
    const { rec, client } = await connected();
    await client.connect();
    await client.subscribe(['AAPL']);
    expect(await client.subscribe(['AAPL'])).toBe(true);
    expect(await client.subscribe('aapl ')).toBe(true);
    expect(subscribeFrames(rec.sent)).toHaveLength(1);
  });

  it('queues subscriptions while disconnected and sends them after auth', async () => {
    const { sim, rec, client } = await connected({ channels: ['T'] });
    // Not live yet: false, and kept for connect().
    expect(await client.subscribe(['AAPL', 'MSFT'])).toBe(false);
    expect(rec.sent).toEqual([]);
    await client.connect();
    await waitUntil(() => client.stats.confirmedTopics === 2);
    const auth = rec.sent.findIndex((s) => s.includes('"auth"'));
    const sub = rec.sent.findIndex((s) => s.includes('"subscribe"'));
    expect(auth).toBeGreaterThanOrEqual(0);
    expect(sub).toBeGreaterThan(auth);
    expect(sim.control.connections()[0]!.topics).toEqual(['T.AAPL', 'T.MSFT']);
  });

  it('tracks each confirmation with its time to confirm', async () => {
    const { client } = await connected({ channels: ['T', 'Q'] });
    await client.connect();
    await client.subscribe(['NVDA']);
    const topics = client.subscriptions();
    expect(topics.map((t) => [t.topic, t.status])).toEqual([
      ['T.NVDA', 'confirmed'],
      ['Q.NVDA', 'confirmed'],
    ]);
    for (const t of topics) expect(t.confirmMs).toBeGreaterThanOrEqual(0);
    expect(client.stats.confirmLatency.count).toBe(2);
  });

  it('unsubscribes one ticker', async () => {
    const { sim, client } = await connected({ channels: ['T'] });
    await client.connect();
    await client.subscribe(['AAPL', 'MSFT']);
    expect(await client.unsubscribe(['AAPL'])).toBe(true);
    expect(client.tickers).toEqual(['MSFT']);
    expect(sim.control.connections()[0]!.topics).toEqual(['T.MSFT']);
  });

  it('unsubscribes everything', async () => {
    const { sim, rec, client } = await connected();
    await client.connect();
    await client.subscribe(['AAPL', 'GOOGL', 'MSFT', 'TSLA', 'AMZN']);
    expect(await client.unsubscribeAll()).toBe(true);
    expect(client.tickers).toEqual([]);
    expect(sim.control.connections()[0]!.topics).toEqual([]);
    expect(rec.sent.filter((s) => s.includes('"unsubscribe"'))).toHaveLength(1);
  });

  it('chunks 1000 tickers into frames within the limits, and every topic is confirmed', async () => {
    const { sim, rec, client } = await connected({ chunk: { maxTopicsPerFrame: 500 } });
    await client.connect();
    const tickers = Array.from({ length: 1000 }, (_, i) => `T${String(i).padStart(4, '0')}`);
    expect(await client.subscribe(tickers)).toBe(true);
    const frames = subscribeFrames(rec.sent);
    expect(frames).toHaveLength(6);
    for (const f of frames) expect(f.split(',').length).toBeLessThanOrEqual(500);
    expect(frames.join(',').split(',')).toHaveLength(3000);
    expect(client.stats.confirmedTopics).toBe(3000);
    expect(sim.control.connections()[0]!.topics).toHaveLength(3000);
  });

  it('handles concurrent subscribe calls from many async tasks: every topic once', async () => {
    const { sim, rec, client } = await connected({ channels: ['T'] });
    await client.connect();
    const universe = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'META', 'TSLA', 'GOOGL', 'JPM'];
    const tasks = Array.from({ length: 40 }, (_, i) =>
      (async () => {
        await new Promise((r) => setTimeout(r, i % 5));
        return client.subscribe([universe[i % 8]!, universe[(i * 3) % 8]!]);
      })(),
    );
    expect(await Promise.all(tasks)).toEqual(Array(40).fill(true));
    const sent = subscribeFrames(rec.sent).flatMap((p) => p.split(','));
    expect(new Set(sent).size).toBe(sent.length);
    expect(new Set(sim.control.connections()[0]!.topics)).toEqual(
      new Set(universe.map((t) => `T.${t}`)),
    );
  });

  it('keeps delivering data while subscribing', async () => {
    const sim = await useSim({ clock: 'real', rate: 20_000 });
    let ticks = 0;
    const client = useClient({ url: sim.url, channels: ['T', 'Q'], onTick: () => ticks++ });
    await client.connect();
    await client.subscribe(['*']);
    await waitUntil(() => ticks > 100);
    const before = ticks;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => client.subscribe([`X${i}`])),
    );
    expect(results.every(Boolean)).toBe(true);
    await waitUntil(() => ticks > before + 100);
  });

  it('rejects an invalid ticker with a typed error naming the entry, and subscribes nothing', async () => {
    const { rec, client } = await connected();
    await client.connect();
    await expect(client.subscribe(['AAPL', 'BAD TICKER'])).rejects.toMatchObject({
      code: 'TICKMUX_INVALID_TICKER',
      field: 'tickers',
      value: 'BAD TICKER',
    });
    expect(subscribeFrames(rec.sent)).toEqual([]);
  });
});
