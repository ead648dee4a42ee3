import { AliasTable, createRandom, type Random } from './random.js';
import { BarBook } from './bar-book.js';
import { barJson, quoteJson, tradeJson, type BarFields, type SimEvent } from './sim-event.js';
import type { SimTicker } from './universe.js';

/** Settings of the market model. */
export interface MarketModelOptions {
  seed: number;
  universe: readonly SimTicker[];
  /** Trades + quotes per simulated second, over all tickers. */
  rate: number;
  /** Share of arrivals that are trades (the rest are quotes). */
  tradeRatio: number;
  /** Simulated time at which the model starts, Unix ms. */
  startMs: number;
}

// GBM time unit: a trading year (252 days x 6.5 h) in ms, so annual volatility shows intraday.
const TRADING_YEAR_MS = 252 * 6.5 * 3600 * 1000;
const DAY_MS = 86_400_000;
const CONDITIONS = ['', ',"c":[12,37]', ',"c":[14,41]', ',"c":[37]', '', ',"c":[12]'];

/**
 * A deterministic market: prices follow geometric Brownian motion per ticker, trades and quotes
 * arrive as one Poisson process whose arrivals pick a ticker by a heavy-tailed activity weight
 * (a few hot tickers, a long quiet tail), quotes sit around the price, and A/AM bars are built from
 * the trades emitted. T and Q sequence numbers `q` are contiguous per (channel, ticker); trade ids
 * `i` are unique. The same seed and the same calls give the identical event stream.
 */
export class MarketModel {
  readonly tickers: readonly string[];
  /** Simulated time reached, Unix ms (fractional: the Poisson process runs in continuous time). */
  now: number;
  /** Events generated so far, by channel. */
  readonly generated = { T: 0, Q: 0, A: 0, AM: 0 };

  private readonly rand: Random;
  private readonly pick: AliasTable;
  private readonly ratePerMs: number;
  private readonly tradeRatio: number;
  private nextArrival: number;
  private nextTradeId = 1;
  private readonly price: Float64Array;
  private readonly sigma: Float64Array;
  private readonly lastMs: Float64Array;
  private readonly bid: Float64Array;
  private readonly ask: Float64Array;
  private readonly seqT: Float64Array;
  private readonly seqQ: Float64Array;
  private readonly tape: Uint8Array;
  private readonly day: Float64Array;
  private readonly dayOpen: Float64Array;
  private readonly dayVolume: Float64Array;
  private readonly dayPv: Float64Array;
  private readonly seconds: BarBook;
  private readonly minutes: BarBook;

  constructor(options: MarketModelOptions) {
    const n = options.universe.length;
    if (n === 0) throw new RangeError('the market needs at least one ticker');
    this.tickers = options.universe.map((t) => t.ticker);
    this.rand = createRandom(options.seed);
    this.ratePerMs = options.rate / 1000;
    this.tradeRatio = options.tradeRatio;
    this.now = options.startMs;
    this.price = new Float64Array(n);
    this.sigma = new Float64Array(n);
    this.lastMs = new Float64Array(n).fill(options.startMs);
    this.bid = new Float64Array(n);
    this.ask = new Float64Array(n);
    this.seqT = new Float64Array(n);
    this.seqQ = new Float64Array(n);
    this.tape = new Uint8Array(n);
    this.day = new Float64Array(n).fill(-1);
    this.dayOpen = new Float64Array(n);
    this.dayVolume = new Float64Array(n);
    this.dayPv = new Float64Array(n);
    const weights: number[] = [];
    options.universe.forEach((t, i) => {
      this.price[i] = t.price;
      this.sigma[i] = 0.15 + 0.45 * this.rand.next();
      this.tape[i] = t.ticker.length <= 3 ? 1 : 3;
      // Heavy tail: Pareto activity (80/20), tilted toward the largest names of each sector.
      weights.push(Math.min(this.rand.pareto(1.16), 1e4) / Math.sqrt(1 + t.rank));
    });
    this.pick = new AliasTable(weights);
    this.seconds = new BarBook(1_000, n);
    this.minutes = new BarBook(60_000, n);
    this.nextArrival =
      this.ratePerMs > 0
        ? this.now + this.rand.exponential(this.ratePerMs)
        : Number.POSITIVE_INFINITY;
  }

  /**
   * Generates every event up to simulated time `toMs`, in time order, into `sink`, and stops early
   * once `budget` trades/quotes were made (the caller continues later). Returns the number of
   * events generated (bars included).
   */
  advance(
    toMs: number,
    sink: (event: SimEvent) => void,
    budget = Number.POSITIVE_INFINITY,
  ): number {
    let count = 0;
    let made = 0;
    for (;;) {
      const t = this.nextArrival;
      const horizon = t < toMs ? t : toMs;
      if (this.seconds.due(horizon)) count += this.flushBars(this.seconds, 'A', sink);
      if (this.minutes.due(horizon)) count += this.flushBars(this.minutes, 'AM', sink);
      if (t >= toMs || made >= budget) break;
      this.now = t;
      const idx = this.pick.draw(this.rand.next(), this.rand.next());
      this.step(idx, t);
      sink(
        this.rand.next() < this.tradeRatio
          ? this.trade(idx, Math.floor(t))
          : this.quote(idx, Math.floor(t)),
      );
      made++;
      count++;
      this.nextArrival = t + this.rand.exponential(this.ratePerMs);
    }
    if (made < budget && toMs > this.now) this.now = toMs;
    return count;
  }

  /** Jumps market time forward to `toMs` without generating (closing bars that ended). */
  skipTo(toMs: number, sink?: (event: SimEvent) => void): void {
    const emit = sink ?? (() => undefined);
    if (this.seconds.due(toMs)) this.flushBars(this.seconds, 'A', emit);
    if (this.minutes.due(toMs)) this.flushBars(this.minutes, 'AM', emit);
    if (toMs <= this.now) return;
    this.now = toMs;
    if (this.ratePerMs > 0) this.nextArrival = toMs + this.rand.exponential(this.ratePerMs);
  }

  /** Moves a ticker's price along its GBM path to time `t`. */
  private step(idx: number, t: number): void {
    const dt = (t - this.lastMs[idx]!) / TRADING_YEAR_MS;
    this.lastMs[idx] = t;
    if (dt <= 0) return;
    const sigma = this.sigma[idx]!;
    this.price[idx] =
      this.price[idx]! *
      Math.exp(-0.5 * sigma * sigma * dt + sigma * Math.sqrt(dt) * this.rand.normal());
  }

  private quote(idx: number, t: number): SimEvent {
    const mid = this.price[idx]!;
    const tick = mid >= 1 ? 0.01 : 0.0001;
    const half = Math.max(tick / 2, mid * (0.0001 + 0.0003 * this.rand.next()));
    const bp = roundTo(Math.floor((mid - half) / tick) * tick, tick);
    let ap = roundTo(Math.ceil((mid + half) / tick) * tick, tick);
    if (ap <= bp) ap = roundTo(bp + tick, tick);
    this.bid[idx] = bp;
    this.ask[idx] = ap;
    this.generated.Q++;
    const sym = this.tickers[idx]!;
    const r = this.rand;
    const json = quoteJson(
      sym,
      1 + r.int(21),
      bp,
      1 + r.int(50),
      1 + r.int(21),
      ap,
      1 + r.int(50),
      t,
      ++this.seqQ[idx]!,
      this.tape[idx]!,
    );
    return { ch: 'Q', idx, sym, json };
  }

  private trade(idx: number, t: number): SimEvent {
    const r = this.rand;
    const mid = this.price[idx]!;
    const bp = this.bid[idx]!;
    const ap = this.ask[idx]!;
    const raw = bp > 0 && ap > bp ? bp + (ap - bp) * r.next() : mid;
    // About one trade in ten prints at a sub-penny price, as off-exchange trades do.
    const p = r.next() < 0.1 ? roundTo(raw, 0.0001) : roundTo(raw, mid >= 1 ? 0.01 : 0.0001);
    const s = r.next() < 0.3 ? 1 + r.int(99) : 100 * Math.min(1000, Math.ceil(r.pareto(1.5)));
    const today = Math.floor(t / DAY_MS);
    if (this.day[idx] !== today) {
      this.day[idx] = today;
      this.dayOpen[idx] = p;
      this.dayVolume[idx] = 0;
      this.dayPv[idx] = 0;
    }
    this.dayVolume[idx] = this.dayVolume[idx]! + s;
    this.dayPv[idx] = this.dayPv[idx]! + p * s;
    this.seconds.add(idx, t, p, s);
    this.minutes.add(idx, t, p, s);
    this.generated.T++;
    const sym = this.tickers[idx]!;
    const c = CONDITIONS[r.int(CONDITIONS.length)]!;
    const json = tradeJson(
      sym,
      this.nextTradeId++,
      1 + r.int(21),
      p,
      s,
      c,
      t,
      ++this.seqT[idx]!,
      this.tape[idx]!,
    );
    return { ch: 'T', idx, sym, json };
  }

  private flushBars(book: BarBook, ev: 'A' | 'AM', sink: (event: SimEvent) => void): number {
    let count = 0;
    book.flush((idx: number, bar: BarFields) => {
      const sym = this.tickers[idx]!;
      const a = this.dayPv[idx]! / this.dayVolume[idx]!;
      sink({
        ch: ev,
        idx,
        sym,
        json: barJson(ev, sym, bar, this.dayVolume[idx]!, this.dayOpen[idx]!, a),
      });
      this.generated[ev]++;
      count++;
    });
    return count;
  }
}

function roundTo(x: number, tick: number): number {
  return tick === 0.01 ? Math.round(x * 100) / 100 : Math.round(x * 10_000) / 10_000;
}
