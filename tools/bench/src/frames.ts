import { encodeFrame, type MarketEvent } from '@tickmux/core';

/** A small deterministic PRNG (mulberry32), so every run benchmarks the same frames. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n distinct valid tickers (`XAAAA`, `XAAAB`, ...), the same every run. */
export function syntheticTickers(n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    let s = '';
    for (let v = i, k = 0; k < 4 || v > 0; k++, v = Math.floor(v / 26)) {
      s = String.fromCharCode(65 + (v % 26)) + s;
    }
    return `X${s}`;
  });
}

const TICKERS = [
  'AAPL',
  'MSFT',
  'NVDA',
  'AMZN',
  'GOOGL',
  'META',
  'TSLA',
  'BRK.B',
  'JPM',
  'V',
  'XOM',
  'UNH',
  'AMD',
  'NFLX',
  'SPY',
  'QQQ',
];

/**
 * Mixed events shaped like the vendor's stock feed: about 55% trades, 40% quotes, 5% minute
 * bars, with every field the vendor sends, prices with cent and sub-cent decimals.
 */
export function mixedEvents(
  count: number,
  seed = 1,
  tickers: readonly string[] = TICKERS,
): MarketEvent[] {
  const rand = prng(seed);
  const seq = new Map<string, number>();
  const out: MarketEvent[] = [];
  const t0 = 1_700_000_000_000;
  for (let n = 0; n < count; n++) {
    const sym = tickers[Math.floor(rand() * tickers.length)]!;
    const base = 20 + (sym.charCodeAt(0) % 20) * 25;
    const price = Math.round((base + rand() * 5) * 10_000) / 10_000;
    const t = t0 + n * 3 + Math.floor(rand() * 3);
    const q = (seq.get(sym) ?? 1_000_000) + 1;
    seq.set(sym, q);
    const r = rand();
    if (r < 0.55) {
      out.push({
        ev: 'T',
        sym,
        x: 1 + Math.floor(rand() * 20),
        i: String(Math.floor(rand() * 1e14)),
        z: 1 + Math.floor(rand() * 3),
        p: price,
        s: 1 + Math.floor(rand() * 500),
        c: rand() < 0.5 ? [12, 37] : [0],
        t,
        q,
      });
    } else if (r < 0.95) {
      out.push({
        ev: 'Q',
        sym,
        bx: 1 + Math.floor(rand() * 20),
        bp: price,
        bs: 1 + Math.floor(rand() * 50),
        ax: 1 + Math.floor(rand() * 20),
        ap: Math.round((price + 0.01 + rand() * 0.05) * 10_000) / 10_000,
        as: 1 + Math.floor(rand() * 50),
        c: 1,
        i: [604],
        t,
        q,
        z: 1 + Math.floor(rand() * 3),
      });
    } else {
      const s = Math.floor(t / 60_000) * 60_000;
      out.push({
        ev: 'AM',
        sym,
        v: 1000 + Math.floor(rand() * 50_000),
        av: 1_000_000 + Math.floor(rand() * 9_000_000),
        op: base,
        vw: price,
        o: price - 0.1,
        c: price,
        h: price + 0.2,
        l: price - 0.3,
        a: base + 1.2345,
        z: 85,
        s,
        e: s + 60_000,
      });
    }
  }
  return out;
}

/** `frames` frames of `batch` events each, encoded as the server would send them. */
export function mixedFrames(
  frames: number,
  batch: number,
  seed = 1,
  tickers: readonly string[] = TICKERS,
): string[] {
  const events = mixedEvents(frames * batch, seed, tickers);
  const out: string[] = [];
  for (let f = 0; f < frames; f++) out.push(encodeFrame(events.slice(f * batch, (f + 1) * batch)));
  return out;
}
