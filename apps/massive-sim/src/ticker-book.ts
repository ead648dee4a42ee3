import type { Random } from './random.js';
import type { SimTicker } from './universe.js';

/** Exchange ids a lit venue may carry (x = 4 is the off-exchange TRF). */
export const LIT_VENUES = [1, 2, 3, 7, 8, 9, 10, 11, 12, 15, 17, 18, 19, 20, 21] as const;

/**
 * Per-ticker market state in typed arrays (it is read for every event): price path, quote, the
 * tape, liquidity, and the trading day's running figures (official open, volume, VWAP).
 */
export class TickerBook {
  readonly n: number;
  readonly symbols: readonly string[];
  readonly price: Float64Array;
  readonly sigma: Float64Array;
  readonly lastMs: Float64Array;
  readonly bid: Float64Array;
  readonly ask: Float64Array;
  /** The bid and ask as JSON text: prices change rarely, so most events reuse the string. */
  readonly bidText: string[];
  readonly askText: string[];
  /** 1 (NYSE), 2 (NYSE American / Arca: AMEX) or 3 (Nasdaq). */
  readonly tape: Uint8Array;
  /** Spread in ticks the ticker usually quotes: 1 for liquid names. */
  readonly spreadTicks: Uint8Array;
  /** Activity weight: how often the ticker trades, relative to the others. */
  readonly weight: Float64Array;
  readonly day: Float64Array;
  readonly dayOpen: Float64Array;
  readonly dayVolume: Float64Array;
  readonly dayMicro: Float64Array;
  readonly dayPv: Float64Array;
  /** LULD reference price, and market time until which the ticker is halted. */
  readonly bandRef: Float64Array;
  readonly haltedUntil: Float64Array;
  /** NOI symbol sequence (`i`). */
  readonly noiSeq: Float64Array;

  constructor(universe: readonly SimTicker[], startMs: number, rand: Random) {
    const n = universe.length;
    this.n = n;
    this.symbols = universe.map((t) => t.ticker);
    this.price = new Float64Array(n);
    this.sigma = new Float64Array(n);
    this.lastMs = new Float64Array(n).fill(startMs);
    this.bid = new Float64Array(n);
    this.ask = new Float64Array(n);
    this.bidText = new Array<string>(n).fill('0');
    this.askText = new Array<string>(n).fill('0');
    this.tape = new Uint8Array(n);
    this.spreadTicks = new Uint8Array(n);
    this.weight = new Float64Array(n);
    this.day = new Float64Array(n).fill(-1);
    this.dayOpen = new Float64Array(n);
    this.dayVolume = new Float64Array(n);
    this.dayMicro = new Float64Array(n);
    this.dayPv = new Float64Array(n);
    this.bandRef = new Float64Array(n);
    this.haltedUntil = new Float64Array(n);
    this.noiSeq = new Float64Array(n);
    universe.forEach((t, i) => {
      this.price[i] = t.price;
      this.sigma[i] = 0.15 + 0.45 * rand.next();
      // About one ticker in twelve on tape 2 (AMEX); the rest by listing style (short: NYSE).
      this.tape[i] = rand.next() < 0.08 ? 2 : t.ticker.length <= 3 ? 1 : 3;
      // Heavy tail: Pareto activity (80/20), tilted toward the largest names of each sector.
      this.weight[i] = Math.min(rand.pareto(1.16), 1e4) / Math.sqrt(1 + t.rank);
      // The largest names of each sector quote one tick wide; smaller ones wider.
      this.spreadTicks[i] = t.rank < 5 ? 1 : t.rank < 20 ? 2 : 3;
    });
  }

  /** Sets the quote, refreshing the cached texts of the prices that changed. */
  setQuote(idx: number, bp: number, ap: number): void {
    if (bp !== this.bid[idx]) {
      this.bid[idx] = bp;
      this.bidText[idx] = String(bp);
    }
    if (ap !== this.ask[idx]) {
      this.ask[idx] = ap;
      this.askText[idx] = String(ap);
    }
  }

  /** JSON text of a price: the cached bid or ask text when it is one of them. */
  priceText(idx: number, p: number): string {
    if (p === this.bid[idx]) return this.bidText[idx]!;
    if (p === this.ask[idx]) return this.askText[idx]!;
    return String(p);
  }

  /** Starts the ticker's trading day `dayKey` if it has not started yet. */
  startDay(idx: number, dayKey: number, open: number): void {
    if (this.day[idx] === dayKey) return;
    this.day[idx] = dayKey;
    this.dayOpen[idx] = open;
    this.dayVolume[idx] = 0;
    this.dayMicro[idx] = 0;
    this.dayPv[idx] = 0;
    this.bandRef[idx] = open;
  }

  /** Day VWAP so far. */
  dayVwap(idx: number): number {
    const micro = this.dayMicro[idx]!;
    return micro > 0 ? this.dayPv[idx]! / (micro / 1e6) : this.price[idx]!;
  }
}
