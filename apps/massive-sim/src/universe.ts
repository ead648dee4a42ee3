import { SECTORS, usEquities, type Sector } from '@tickmux/core';

/** A ticker the simulator trades, with what the market model needs to start it. */
export interface SimTicker {
  ticker: string;
  sector: Sector | undefined;
  price: number;
  /** 0 = the largest in its sector; synthetic and unknown tickers rank last. */
  rank: number;
}

/**
 * The first `count` tickers of the bundled universe, interleaved across sectors by size (the
 * largest of each sector first), so that even a small universe spans every sector. Beyond the
 * bundled 504, synthetic tickers `SYN0001`, ... are added, spread over the sectors.
 */
export function pickUniverse(count: number): SimTicker[] {
  const bySector = new Map<Sector, SimTicker[]>(SECTORS.map((s) => [s, []]));
  for (const e of usEquities()) {
    bySector
      .get(e.sector)!
      .push({ ticker: e.ticker, sector: e.sector, price: e.price, rank: e.rankInSector });
  }
  const out: SimTicker[] = [];
  for (let rank = 0; out.length < count; rank++) {
    let added = false;
    for (const sector of SECTORS) {
      const t = bySector.get(sector)![rank];
      if (t !== undefined && out.length < count) {
        out.push(t);
        added = true;
      }
    }
    if (!added) break;
  }
  for (let n = 1; out.length < count; n++) {
    out.push({
      ticker: `SYN${String(n).padStart(4, '0')}`,
      sector: SECTORS[n % SECTORS.length],
      price: 10 + ((n * 37) % 190),
      rank: 1000 + n,
    });
  }
  return out;
}

/** Simulator entries for an explicit ticker list; tickers outside the bundled universe start at 50. */
export function universeFor(tickers: readonly string[]): SimTicker[] {
  const known = new Map(usEquities().map((e) => [e.ticker, e]));
  return tickers.map((ticker) => {
    const e = known.get(ticker);
    return e === undefined
      ? { ticker, sector: undefined, price: 50, rank: 1000 }
      : { ticker, sector: e.sector, price: e.price, rank: e.rankInSector };
  });
}
