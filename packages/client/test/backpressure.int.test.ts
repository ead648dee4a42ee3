import { useSim, waitUntil } from '@tickmux/test-utils';
import { describe, expect, it } from 'vitest';
import { sleep, useClient } from './helpers.js';

describe('events(): bounded async streams', () => {
  it("delivers each ticker's events in order, for hundreds of tickers, to a consumer that keeps up", async () => {
    // The simulator numbers T and Q contiguously per (channel, ticker): any loss or reordering
    // inside one ticker's stream shows as a q that is not the previous one plus 1.
    const sim = await useSim({ clock: 'real', rate: 20_000, symbols: 200, seq: 'contiguous' });
    const client = useClient({ url: sim.url, channels: ['T', 'Q'] });
    await client.connect();
    await client.subscribe(['*']);
    const last = new Map<string, number>();
    const checks = new Map<string, number>();
    const broken: string[] = [];
    let streams = 0;
    let n = 0;
    for await (const { event, tick } of client.events()) {
      const e = event as { ev: string; sym: string; q: number };
      const key = `${e.ev}.${e.sym}`;
      const prev = last.get(key);
      if (prev !== undefined) {
        if (e.q !== prev + 1) broken.push(`${key}: ${prev} then ${e.q}`);
        const c = (checks.get(key) ?? 0) + 1;
        checks.set(key, c);
        if (c === 5) streams++;
      }
      last.set(key, e.q);
      if (tick?.ticker !== e.sym) broken.push(`${key}: tick for ${tick?.ticker}`);
      if (++n === 200_000 || streams === 300) break;
    }
    expect(broken).toEqual([]);
    // 300 (channel, ticker) streams, each checked at least 5 times.
    expect(streams).toBe(300);
  });

  it('drop-oldest: memory stays at the high-water mark and drops are counted', async () => {
    const sim = await useSim({ clock: 'real', rate: 50_000 });
    const client = useClient({ url: sim.url });
    await client.connect();
    await client.subscribe(['*']);
    const stream = client.events({ highWaterMark: 100, overflow: 'drop-oldest' });
    await waitUntil(() => stream.dropped > 1_000);
    expect(stream.size).toBe(100);
    expect(client.stats.streamDropped).toBe(stream.dropped);
    expect(client.state).toBe('connected');
  });

  it('pause: stops reading the socket while the consumer lags, resumes when it drains', async () => {
    const sim = await useSim({ clock: 'real', rate: 50_000, slowConsumerBytes: 256 << 20 });
    const client = useClient({ url: sim.url });
    await client.connect();
    await client.subscribe(['*']);
    const stream = client.events({ highWaterMark: 500, overflow: 'pause' });
    await waitUntil(() => stream.size >= 500);
    await sleep(50);
    const frozen = client.stats.messages;
    await sleep(200);
    expect(client.stats.messages).toBe(frozen);
    // The mark plus what one socket read held when it filled (64 KiB, a few hundred events).
    expect(stream.size).toBeLessThanOrEqual(500 + 1_000);
    expect(stream.dropped).toBe(0);
    while (stream.size > 250) await stream.next(); // half drained: reading resumes
    await waitUntil(() => client.stats.messages > frozen, 3_000, 'reading to resume');
  });

  it('ends the stream on disconnect', async () => {
    const sim = await useSim();
    const client = useClient({ url: sim.url });
    await client.connect();
    const stream = client.events();
    const next = stream.next();
    await client.disconnect();
    expect(await next).toEqual({ value: undefined, done: true });
  });
});
