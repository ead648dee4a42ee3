import fc from 'fast-check';
import type { MassiveEvent } from '@tickmux/core';
import { DAY, T0, quote, trade } from './events.js';

/** One event of the ground-truth stream: its key, its global time, and the event itself. */
export interface FeedEvent {
  key: string;
  time: number;
  event: MassiveEvent;
}

/**
 * A ground-truth T/Q stream over a few tickers, with sparse `q` per (channel, ticker), over one or
 * two trading days (q restarts), and per connection the part it carries: one contiguous interval
 * of the stream per key (a subscription that started and maybe ended), in stream order.
 */
export const feedArb = fc
  .record({
    tickers: fc.uniqueArray(fc.constantFrom('AAPL', 'MSFT', 'NVDA'), {
      minLength: 1,
      maxLength: 3,
    }),
    days: fc.integer({ min: 1, max: 2 }),
    length: fc.integer({ min: 1, max: 60 }),
    connections: fc.integer({ min: 2, max: 3 }),
    seed: fc.array(fc.nat(1_000_000), { minLength: 256, maxLength: 256 }),
  })
  .map(({ tickers, days, length, connections, seed }) => {
    let r = 0;
    const next = (n: number) => seed[r++ % seed.length]! % n;
    const stream: FeedEvent[] = [];
    for (let day = 0; day < days; day++) {
      const q = new Map<string, number>();
      for (let i = 0; i < length; i++) {
        const ticker = tickers[next(tickers.length)]!;
        const ch = next(2) === 0 ? 'T' : 'Q';
        const key = `${ch}|${ticker}`;
        const seq = (q.get(key) ?? 0) + 1 + next(4); // gaps of 0-3: not contiguous
        q.set(key, seq);
        const t = T0 + day * DAY + i;
        const event = ch === 'T' ? trade(ticker, seq, t) : quote(ticker, seq, t);
        stream.push({ key: `${day}|${key}|${seq}`, time: day * 1_000 + i, event });
      }
    }
    // Per connection and ticker channel: a subscription interval [from, to) of that key's events.
    const carried: FeedEvent[][] = [];
    for (let c = 0; c < connections; c++) {
      const spans = new Map<string, [number, number]>();
      const seen = new Map<string, number>();
      const mine: FeedEvent[] = [];
      for (const e of stream) {
        const k = e.key.slice(e.key.indexOf('|') + 1, e.key.lastIndexOf('|'));
        if (!spans.has(k)) {
          const a = next(length);
          spans.set(k, c === 0 ? [0, Number.MAX_SAFE_INTEGER] : [a, a + next(length * 2)]);
        }
        const n = seen.get(k) ?? 0;
        seen.set(k, n + 1);
        const [from, to] = spans.get(k)!;
        if (n >= from && n < to) mine.push(e);
      }
      carried.push(mine);
    }
    return { stream, carried, order: seed };
  });

/**
 * Interleaves the connections' streams, each kept in order. With `lag`, an event may be delivered
 * only while no pending event is more than `lag` steps of stream time older (the sockets are at
 * most `lag` events apart); events of a later day wait until every earlier-day event is delivered
 * (hours of closed market lie between).
 */
export function interleave(carried: FeedEvent[][], order: readonly number[], lag = Infinity) {
  const heads = carried.map(() => 0);
  const out: { connection: number; e: FeedEvent }[] = [];
  let step = 0;
  for (;;) {
    let oldest = Infinity;
    carried.forEach((q, c) => {
      if (heads[c]! < q.length) oldest = Math.min(oldest, q[heads[c]!]!.time);
    });
    if (oldest === Infinity) return out;
    const dayOfOldest = Math.floor(oldest / 1_000);
    const ok = (c: number) => {
      const e = carried[c]![heads[c]!];
      return (
        e !== undefined && e.time - oldest <= lag && Math.floor(e.time / 1_000) === dayOfOldest
      );
    };
    const pick = order[step++ % order.length]! % carried.length;
    let c = pick;
    while (!ok(c)) c = (c + 1) % carried.length;
    out.push({ connection: c, e: carried[c]![heads[c]!]! });
    heads[c]!++;
  }
}
