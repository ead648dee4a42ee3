import { Cond } from './conditions.js';
import { roundLot, type QuoteSizeUnit } from './lots.js';
import type { Random } from './random.js';
import { LIT_VENUES, type TickerBook } from './ticker-book.js';

// GBM time unit: a trading year (252 days x 6.5 h) in ms, so annual volatility shows intraday.
const TRADING_YEAR_MS = 252 * 6.5 * 3600 * 1000;
/** Share of prints reported off-exchange through a TRF (ours). */
const OFF_EXCHANGE = 0.35;
/** {@link OFF_EXCHANGE} as a threshold on one random byte. */
const OFF_EXCHANGE_BYTE = Math.round(OFF_EXCHANGE * 256);
const TRF_IDS = [201, 202, 203] as const;
const QUOTE_CONDITIONS = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 8, 12] as const;

/** What one drawn trade is; reused for every draw (no allocation on the hot path). */
export interface TradeDraw {
  p: number;
  /** Integer size `s`. */
  s: number;
  /** Size in millionths of a share (fractional trades). */
  micro: number;
  x: number;
  /** TRF id for an off-exchange print, else 0. */
  trfi: number;
  flags: number;
}

/** What one drawn quote is (prices go to the ticker book); reused for every draw. */
export interface QuoteDraw {
  bx: number;
  bs: number;
  ax: number;
  as: number;
  c: number;
  /** `,"i":[...]` when the quote carries indicators, else ''. */
  i: string;
}

/** Settings of the order flow. */
export interface OrderFlowSettings {
  quoteSizes: QuoteSizeUnit;
  /** Share of off-exchange prints in fractional shares (they carry `ds`). */
  fractionalRatio: number;
}

export const tickOf = (price: number): number => (price >= 1 ? 0.01 : 0.0001);
export const roundPrice = (x: number, tick: number): number =>
  tick === 0.01 ? Math.round(x * 100) / 100 : Math.round(x * 10_000) / 10_000;

/**
 * Prices, quotes and trades of one ticker at a time: prices follow geometric Brownian motion, quotes
 * sit about one tick wide for liquid names with sizes in multiples of the price's round lot, and
 * trades print mostly at the bid or the ask (off-exchange prints also at the midpoint, sub-penny).
 */
export class OrderFlow {
  readonly draw: TradeDraw = { p: 0, s: 0, micro: 0, x: 0, trfi: 0, flags: 0 };
  readonly quoted: QuoteDraw = { bx: 0, bs: 0, ax: 0, as: 0, c: 0, i: '' };

  /** 256 draws of a heavy-tailed count of round lots (1-200), indexed by a random byte. */
  private readonly lots: Uint16Array;

  constructor(
    private readonly book: TickerBook,
    private readonly rand: Random,
    private readonly settings: OrderFlowSettings,
  ) {
    this.lots = Uint16Array.from({ length: 256 }, () => Math.min(200, Math.ceil(rand.pareto(1.3))));
  }

  /** Moves a ticker's price along its GBM path to time `t`. */
  step(idx: number, t: number): void {
    const b = this.book;
    const dt = (t - b.lastMs[idx]!) / TRADING_YEAR_MS;
    b.lastMs[idx] = t;
    if (dt <= 0) return;
    const sigma = b.sigma[idx]!;
    b.price[idx] =
      b.price[idx]! *
      Math.exp(-0.5 * sigma * sigma * dt + sigma * Math.sqrt(dt) * this.rand.normal());
  }

  /** Draws a new quote around the price into {@link quoted} (prices into the book's bid/ask). */
  quote(idx: number): QuoteDraw {
    const b = this.book;
    const r = this.rand;
    const mid = b.price[idx]!;
    const tick = tickOf(mid);
    // One 32-bit draw for the small choices, one for the sizes (a byte each).
    const u = r.u32();
    const ticks = b.spreadTicks[idx]! + ((u & 0xff) < 51 ? 1 : 0) + Math.floor(mid / 400);
    const bp = roundPrice(Math.floor((mid - (ticks * tick) / 2) / tick) * tick, tick);
    const ap = roundPrice(bp + ticks * tick, tick);
    b.setQuote(idx, bp, ap);
    const unit = this.settings.quoteSizes === 'shares' ? roundLot(mid) : 1;
    const v = r.u32();
    const q = this.quoted;
    q.bx = LIT_VENUES[((u >>> 8) & 0xff) % LIT_VENUES.length]!;
    q.ax = LIT_VENUES[((u >>> 16) & 0xff) % LIT_VENUES.length]!;
    q.bs = unit * this.lots[v & 0xff]!;
    q.as = unit * this.lots[(v >>> 8) & 0xff]!;
    const top = u >>> 24;
    q.c = QUOTE_CONDITIONS[top % QUOTE_CONDITIONS.length]!;
    q.i = top >= 251 ? ',"i":[604]' : '';
    return q;
  }

  /** Draws a regular trade of the ticker into {@link draw}. `extended`: outside 9:30-16:00. */
  trade(idx: number, extended: boolean): TradeDraw {
    const b = this.book;
    const r = this.rand;
    const d = this.draw;
    const mid = b.price[idx]!;
    const tick = tickOf(mid);
    let bp = b.bid[idx]!;
    let ap = b.ask[idx]!;
    if (!(bp > 0 && ap > bp)) {
      bp = roundPrice(Math.floor(mid / tick) * tick, tick);
      ap = roundPrice(bp + tick, tick);
    }
    // Bytes of one draw: venue, placement, exchange, flags; then the size from a uniform.
    const u = r.u32();
    const off = (u & 0xff) < OFF_EXCHANGE_BYTE;
    const place = (u >>> 8) & 0xff;
    if (off && place < 77) d.p = roundPrice((bp + ap) / 2, 0.0001);
    else if (!off && place < 26 && ap - bp > 1.5 * tick) d.p = roundPrice(bp + tick, tick);
    else d.p = place & 1 ? bp : ap;
    const lot = roundLot(d.p);
    const v = r.next();
    d.s =
      v < 0.35 && lot > 1
        ? 1 + Math.floor((v / 0.35) * (lot - 1))
        : lot * this.lots[(u >>> 24) & 0xff]!;
    d.micro = d.s * 1_000_000;
    if (off && this.settings.fractionalRatio > 0 && r.next() < this.settings.fractionalRatio) {
      d.micro = 1 + r.int(5_000_000);
      d.s = Math.floor(d.micro / 1_000_000);
    }
    const x = (u >>> 16) & 0xff;
    d.x = off ? 4 : LIT_VENUES[x % LIT_VENUES.length]!;
    d.trfi = off ? TRF_IDS[x % TRF_IDS.length]! : 0;
    let flags = d.micro < lot * 1_000_000 ? Cond.ODD_LOT : 0;
    if (extended) flags |= Cond.FORM_T;
    const top = u >>> 24;
    if (!off && (top & 0x0f) === 0) flags |= Cond.ISO | (top & 0x10 ? Cond.TRADE_THRU_EXEMPT : 0);
    d.flags = flags;
    return d;
  }

  /** An auction print (opening, re-opening, closing cross): a large lit trade at the price. */
  auction(idx: number, flag: number): TradeDraw {
    const b = this.book;
    const d = this.draw;
    const mid = b.price[idx]!;
    d.p = roundPrice(mid, tickOf(mid));
    const lot = roundLot(d.p);
    d.s = lot * (50 + this.rand.int(500));
    d.micro = d.s * 1_000_000;
    d.x = b.tape[idx] === 3 ? 12 : b.tape[idx] === 2 ? 1 : 10;
    d.trfi = 0;
    d.flags = flag | (b.tape[idx] === 3 ? Cond.UTP : 0);
    return d;
  }
}
