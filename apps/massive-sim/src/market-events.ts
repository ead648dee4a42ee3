import type { BarSink } from './bar-book.js';
import type { QuoteDraw } from './order-flow.js';
import { roundPrice, tickOf } from './order-flow.js';
import { roundLot } from './lots.js';
import { SEQ_SLOT, type Sequencer } from './sequence.js';
import { barJson, luldJson, noiJson, quoteJson, type DayFields } from './sim-event.js';
import type { TickerBook } from './ticker-book.js';

const CH = { Q: 1, A: 2, AM: 3, LULD: 4, NOI: 5 } as const;
/** LULD indicators (ours: plausible codes; their meaning is not modelled). */
const BAND_UPDATE = '21';
const LIMIT_STATE = '17,21';
/** A band is re-published when the price moves this far from its reference. */
const BAND_MOVE = 0.025;

type Emit = (ch: number, idx: number, json: string, q: number) => void;

/** The LULD band width for a price (tier 1: 5 % above $3, 20 % down to $0.75, then the lesser of $0.15 or 75 %). */
export function bandPercent(price: number): number {
  if (price > 3) return 0.05;
  if (price >= 0.75) return 0.2;
  return Math.min(0.15 / price, 0.75);
}

/**
 * The model's events besides trades: quotes, bars, LULD bands and halts, and imbalances (NOI) before
 * the auctions. Each takes its `q` (where the channel has one) from the shared sequencer.
 */
export class MarketEvents {
  /** The Eastern trading day (yyyymmdd) the model is in; set by the model. */
  dayKey = 0;
  private readonly day: DayFields = { av: 0, avMicro: 0, op: 0, a: 0 };
  private readonly sinks: Record<'A' | 'AM', BarSink>;

  constructor(
    private readonly book: TickerBook,
    private readonly seq: Sequencer,
    private readonly settings: { fractionalRatio: number },
    private readonly emit: Emit,
  ) {
    this.sinks = { A: this.makeBarSink('A', CH.A), AM: this.makeBarSink('AM', CH.AM) };
  }

  quote(idx: number, t: number, d: QuoteDraw): void {
    const b = this.book;
    const q = this.seq.next(SEQ_SLOT.Q, idx, this.dayKey);
    const json = quoteJson(
      b.symbols[idx]!,
      d.bx,
      b.bidText[idx]!,
      d.bs,
      d.ax,
      b.askText[idx]!,
      d.as,
      d.c,
      d.i,
      t,
      q,
      b.tape[idx]!,
    );
    this.emit(CH.Q, idx, json, q);
  }

  barSink(ev: 'A' | 'AM'): BarSink {
    return this.sinks[ev];
  }

  /** Re-publishes the ticker's LULD band when the price has moved far from its reference. */
  bandCheck(idx: number, p: number, t: number): void {
    const ref = this.book.bandRef[idx]!;
    if (ref > 0 && Math.abs(p - ref) <= ref * BAND_MOVE) return;
    this.band(idx, p, t, BAND_UPDATE);
  }

  /** Bands at the open, around the opening print. */
  openBands(idx: number, p: number, t: number): void {
    this.band(idx, p, t, BAND_UPDATE);
  }

  /** A LULD pause starts: limit state, bands around the last price. */
  halted(idx: number, t: number): void {
    this.band(idx, this.book.price[idx]!, t, LIMIT_STATE);
  }

  /** The pause ended with a re-opening print at `p`: new bands. */
  reopened(idx: number, p: number, t: number): void {
    this.band(idx, p, t, BAND_UPDATE);
  }

  /** One second of an auction's imbalance feed: a fifth of the tickers each second (ours). */
  imbalances(auction: 'M' | 'C', t: number): void {
    const second = Math.floor(t / 1_000);
    const at = auction === 'M' ? 930 : 1600;
    for (let idx = (5 - (second % 5)) % 5; idx < this.book.n; idx += 5) {
      if (!(this.book.haltedUntil[idx]! > t)) this.imbalance(idx, t, at, auction);
    }
  }

  /** One NOI event for a ticker: `at` is the auction time as hhmm Eastern. */
  imbalance(idx: number, t: number, at: number, auction: string): void {
    const b = this.book;
    const price = b.price[idx]!;
    const lot = roundLot(price);
    const i = (b.noiSeq[idx] = b.noiSeq[idx]! + 1);
    const x = b.tape[idx] === 3 ? 12 : b.tape[idx] === 2 ? 1 : 10;
    const tick = tickOf(price);
    const clearing = roundPrice(price + tick * ((i % 7) - 3), tick);
    const json = noiJson(
      b.symbols[idx]!,
      t,
      at,
      auction,
      i,
      x,
      lot * (1 + (i % 40)),
      lot * (20 + ((i * 7) % 300)),
      clearing,
    );
    this.emit(CH.NOI, idx, json, 0);
  }

  private band(idx: number, p: number, t: number, indicators: string): void {
    const b = this.book;
    b.bandRef[idx] = p;
    const pct = bandPercent(p);
    const tick = tickOf(p);
    const q = this.seq.next(SEQ_SLOT.LULD, idx, this.dayKey);
    const json = luldJson(
      b.symbols[idx]!,
      roundPrice(p * (1 + pct), tick),
      roundPrice(p * (1 - pct), tick),
      indicators,
      b.tape[idx]!,
      t,
      q,
    );
    this.emit(CH.LULD, idx, json, q);
  }

  private makeBarSink(ev: 'A' | 'AM', ch: number): BarSink {
    const decimals = this.settings.fractionalRatio > 0;
    return (idx, bar) => {
      const b = this.book;
      const day = this.day;
      day.av = b.dayVolume[idx]!;
      day.avMicro = b.dayMicro[idx]!;
      day.op = b.dayOpen[idx]!;
      day.a = b.dayVwap(idx);
      this.emit(ch, idx, barJson(ev, b.symbols[idx]!, bar, day, decimals), 0);
    };
  }
}
