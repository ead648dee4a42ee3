/**
 * The vendor's feeds ("clusters"), each on its own URL path (`wss://socket.massive.com/crypto`)
 * with its own symbol format. The protocol is the same on every one.
 */
export type Cluster = 'stocks' | 'options' | 'indices' | 'forex' | 'crypto' | 'futures';

export const CLUSTERS: readonly Cluster[] = Object.freeze([
  'stocks',
  'options',
  'indices',
  'forex',
  'crypto',
  'futures',
]);

/**
 * Symbol formats after normalisation (upper case), as the vendor writes them in its API
 * description and clients: the prefixed form (`X:BTC-USD`) and, where the vendor's socket examples
 * use it, the bare pair (`BTC-USD`, `USD/CNH`).
 */
export const CLUSTER_TICKERS: Readonly<Record<Cluster, { re: RegExp; expected: string }>> = {
  stocks: {
    // A letter first, up to 10 letters/digits, an optional class or series suffix.
    re: /^[A-Z][A-Z0-9]{0,9}(?:[.-][A-Z0-9]{1,5})?$/,
    expected:
      'e.g. AAPL or BRK.B: a letter, up to 10 letters or digits, an optional .X or -X suffix',
  },
  options: {
    // O: + OCC symbol: root (with an adjustment digit at times), YYMMDD, C/P, strike x 1000.
    re: /^O:[A-Z0-9]{1,6}\d{6}[CP]\d{8}$/,
    expected: 'e.g. O:SPY241220P00720000',
  },
  indices: { re: /^I:[A-Z0-9][A-Z0-9._-]{0,29}$/, expected: 'e.g. I:SPX' },
  forex: {
    re: /^(?:C:[A-Z]{3}-[A-Z]{3}|[A-Z]{3}\/[A-Z]{3})$/,
    expected: 'e.g. C:EUR-USD or EUR/USD',
  },
  crypto: { re: /^(?:X:)?[A-Z0-9]{1,12}-[A-Z]{3,4}$/, expected: 'e.g. X:BTC-USD or BTC-USD' },
  futures: { re: /^[A-Z][A-Z0-9]{1,19}$/, expected: 'e.g. ESZ4' },
};

/**
 * The cluster a socket URL points at: the first path segment that names one
 * (`/crypto`, `/futures/cme`); `stocks` when none does (a proxy or a simulator on another path).
 */
export function clusterOfUrl(url: string): Cluster {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return 'stocks';
  }
  for (const segment of path.split('/')) {
    if ((CLUSTERS as readonly string[]).includes(segment)) return segment as Cluster;
  }
  return 'stocks';
}
