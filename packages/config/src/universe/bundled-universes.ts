import { SECTORS, usEquities, type EquityInfo, type Sector } from '@tickmux/core';
import type { UniverseSource } from './universe-source.js';

/** The universe-key prefix of each sector: `tech_sector:top_10`, `finance_sector:large_cap`. */
export const SECTOR_SLUGS: Readonly<Record<Sector, string>> = Object.freeze({
  'Information Technology': 'tech',
  'Communication Services': 'communication',
  'Consumer Discretionary': 'consumer_discretionary',
  'Consumer Staples': 'consumer_staples',
  Energy: 'energy',
  Financials: 'finance',
  'Health Care': 'healthcare',
  Industrials: 'industrials',
  Materials: 'materials',
  'Real Estate': 'real_estate',
  Utilities: 'utilities',
});

// The largest this many in a sector count as its "large caps".
const LARGE_CAP = 30;

// Hand-picked lists named in the original plan; every ticker is in the bundled S&P 500 sample,
// so the simulator has a market for each (the original combo also held ETFs).
const CURATED: Readonly<Record<string, string>> = {
  'emerging_tech:ai_stocks': 'NVDA AMD AVGO PLTR SMCI MU ANET CRWD PANW SNPS CDNS NOW DELL',
  'stock_etf_test:combo_test': 'AAPL MSFT NVDA AMZN GOOGL META TSLA JPM BRK.B V UNH XOM',
};

let cached: ReadonlyMap<string, readonly string[]> | undefined;

/**
 * The bundled sample universes, built from `@tickmux/core`'s 504 US stocks (sizes are ranks within
 * a sector, largest first):
 * - `<sector>_sector:all|top_10|top_20|top_50|large_cap` for each sector of {@link SECTOR_SLUGS}
 *   (`large_cap`: the 30 largest);
 * - `tech_leaders:top_10|top_20|top_50`: Information Technology by size;
 * - `market_leaders:top_10|top_20|top_50|top_100|top_200|top_300`: the largest of every sector in turn
 *   (each sector's #1, then each #2, ...), so the list spans the market;
 * - `sp500:all`, `emerging_tech:ai_stocks`, `stock_etf_test:combo_test` (the original default).
 */
export function bundledUniverses(): ReadonlyMap<string, readonly string[]> {
  if (cached !== undefined) return cached;
  const bySector = new Map<Sector, EquityInfo[]>(SECTORS.map((s) => [s, []]));
  for (const e of usEquities()) bySector.get(e.sector)!.push(e);
  const out = new Map<string, readonly string[]>();
  const put = (key: string, tickers: readonly string[]) => out.set(key, Object.freeze(tickers));
  const bySize = (list: EquityInfo[]) =>
    [...list].sort((a, b) => a.rankInSector - b.rankInSector).map((e) => e.ticker);

  for (const sector of SECTORS) {
    const tickers = bySize(bySector.get(sector)!);
    const slug = SECTOR_SLUGS[sector];
    put(`${slug}_sector:all`, tickers);
    for (const n of [10, 20, 50]) put(`${slug}_sector:top_${n}`, tickers.slice(0, n));
    put(`${slug}_sector:large_cap`, tickers.slice(0, LARGE_CAP));
  }
  const tech = out.get('tech_sector:all')!;
  for (const n of [10, 20, 50]) put(`tech_leaders:top_${n}`, tech.slice(0, n));
  const leaders = interleaveBySize(usEquities());
  for (const n of [10, 20, 50, 100, 200, 300]) put(`market_leaders:top_${n}`, leaders.slice(0, n));
  put(
    'sp500:all',
    usEquities().map((e) => e.ticker),
  );
  for (const [key, list] of Object.entries(CURATED)) put(key, list.split(' '));
  cached = new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
  return cached;
}

function interleaveBySize(equities: readonly EquityInfo[]): string[] {
  return [...equities]
    .sort(
      (a, b) =>
        a.rankInSector - b.rankInSector || SECTORS.indexOf(a.sector) - SECTORS.indexOf(b.sector),
    )
    .map((e) => e.ticker);
}

/** Universes from the bundled sample ({@link bundledUniverses}); needs no server. */
export class BundledUniverseSource implements UniverseSource {
  readonly #universes: ReadonlyMap<string, readonly string[]>;

  /** `universes` replaces the bundled sample (tests, or a sample of your own). */
  constructor(universes: ReadonlyMap<string, readonly string[]> = bundledUniverses()) {
    this.#universes = universes;
  }

  getUniverse(key: string): Promise<readonly string[] | undefined> {
    return Promise.resolve(this.#universes.get(key));
  }

  listUniverses(): Promise<readonly string[]> {
    return Promise.resolve([...this.#universes.keys()].sort());
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
