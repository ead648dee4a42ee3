/**
 * 32-bit hash of a string: FNV-1a over UTF-16 code units, finished with murmur3's fmix32 so that
 * strings differing in one character land far apart. Stable across runs and platforms.
 */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** murmur3's 32-bit finaliser: a bijection in which each input bit flips about half the output bits. */
export function fmix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Rendezvous (highest-random-weight) score of a ticker on a connection, from their hashes. A ticker
 * goes to the connections where it scores highest, so removing a connection moves only the
 * tickers it held, and adding one takes about 1/N of the tickers from the others.
 */
export function rendezvousScore(tickerHash: number, connectionHash: number): number {
  return fmix32(tickerHash ^ connectionHash);
}

/** Connections ranked for a ticker by rendezvous score, best first (ties: input order). */
export function rendezvousRank(ticker: string, connections: readonly string[]): string[] {
  const h = hashString(ticker);
  const scored = connections.map((c, i) => ({ c, i, s: rendezvousScore(h, hashString(c)) }));
  scored.sort((a, b) => b.s - a.s || a.i - b.i);
  return scored.map((x) => x.c);
}
