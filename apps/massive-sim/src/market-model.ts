import { BarBook } from './bar-book.js';
import { easternAt, easternTime, segmentAt, type CalendarSegment } from './calendar.js';
import { ChannelTable, MODEL_CHANNELS, type ModelChannel } from './channels.js';
import { Cond, conditionsJson, lateFlags } from './conditions.js';
import type { EventSource } from './event-source.js';
import { MarketEvents } from './market-events.js';
import type { MarketJob, MarketJobSpec } from './market-jobs.js';
import { MinHeap } from './min-heap.js';
import { OrderFlow, type TradeDraw } from './order-flow.js';
import { AliasTable, createRandom, type Random } from './random.js';
import { SEQ_SLOT, Sequencer } from './sequence.js';
import { decimalShares, tradeJson, type SimEvent } from './sim-event.js';
import { TickerBook } from './ticker-book.js';
import {
  MODEL_DEFAULTS,
  type MarketModelOptions,
  type ResolvedModelOptions,
} from './model-options.js';

/** Index of T in MODEL_CHANNELS (the model emits the other channels through MarketEvents). */
const CH_T = 0;
const MINUTE = 60_000;
/** How long the model keeps sent minute bars for corrections: the vendor's 15 minutes, plus the window. */
const CORRECTION_WINDOW_MS = 16 * MINUTE;

/**
 * A deterministic US equity market on the US/Eastern calendar: trades and quotes arrive as one
 * Poisson process whose intensity follows the session (bursts at the open and close, thin
 * extended hours, nothing overnight or at weekends) and whose arrivals pick a ticker by a
 * heavy-tailed activity weight. Bars are built from the trades; late trades correct minute bars;
 * auctions print at the open and close; LULD halts stop a ticker's trades. The same seed and the
 * same calls give the identical event stream.
 */
export class MarketModel implements EventSource {
  readonly channels = new ChannelTable(MODEL_CHANNELS);
  readonly tickers: readonly string[];
  /** Simulated time reached, Unix ms (fractional: the Poisson process runs in continuous time). */
  now: number;
  /** Events generated so far, by channel. */
  readonly generated: Record<ModelChannel, number> = { T: 0, Q: 0, A: 0, AM: 0, LULD: 0, NOI: 0 };

  readonly book: TickerBook;
  private readonly o: ResolvedModelOptions;
  private readonly rand: Random;
  /** Late-trade decisions, delays and automatic halts: a stream of its own, so they never shift the market. */
  private readonly side: Random;
  private readonly pick: AliasTable;
  /** More tickers than 16 bits can pick. */
  private readonly wide: boolean;
  private readonly flow: OrderFlow;
  private readonly seq: Sequencer;
  private readonly events: MarketEvents;
  private readonly seconds: BarBook;
  private readonly minutes: BarBook;
  private readonly jobs = new MinHeap<MarketJob>();
  private jobSeq = 0;
  private ratePerMs: number;
  private segment: CalendarSegment;
  private nextArrival = Number.POSITIVE_INFINITY;
  private nextTradeId = 1;
  private sink: (event: SimEvent) => void = () => undefined;

  constructor(options: MarketModelOptions) {
    this.o = { ...MODEL_DEFAULTS, ...options };
    const n = this.o.universe.length;
    if (n === 0) throw new RangeError('the market needs at least one ticker');
    this.rand = createRandom(this.o.seed);
    this.side = createRandom(this.o.seed ^ 0x1a7e);
    this.book = new TickerBook(this.o.universe, this.o.startMs, this.rand);
    this.tickers = this.book.symbols;
    this.pick = new AliasTable([...this.book.weight]);
    this.wide = n > 65_536;
    this.flow = new OrderFlow(this.book, this.rand, this.o);
    this.seq = new Sequencer(this.o.seq, n, this.o.seed);
    this.events = new MarketEvents(this.book, this.seq, this.o, (ch, idx, json, q) =>
      this.emit(ch, idx, json, q),
    );
    this.seconds = new BarBook(1_000, n, this.o.secondBarDelayMs, 0);
    this.minutes = new BarBook(MINUTE, n, 0, this.o.lateTradeRatio > 0 ? CORRECTION_WINDOW_MS : 0);
    this.now = this.o.startMs;
    this.ratePerMs = this.o.rate / 1000;
    this.segment = segmentAt(this.now);
    this.enterSegment(this.now);
    this.scheduleDay(this.now);
    if (this.o.haltsPerDay > 0) this.scheduleAutoHalt(this.now);
  }

  /** Market time of the next thing the model will do (arrival, bar, job). */
  nextEventAt(): number {
    return Math.min(this.nextArrival, this.jobs.peekAt(), this.seconds.dueAt, this.minutes.dueAt);
  }

  /**
   * Generates every event up to market time `toMs`, in time order, into `sink`, and stops early
   * once `budget` trades/quotes were made (the caller continues later). Returns trades+quotes made.
   */
  advance(
    toMs: number,
    sink: (event: SimEvent) => void,
    budget = Number.POSITIVE_INFINITY,
  ): number {
    this.sink = sink;
    let made = 0;
    for (;;) {
      const t = this.nextArrival;
      const jobAt = Math.min(this.jobs.peekAt(), this.seconds.dueAt, this.minutes.dueAt);
      if (jobAt <= t) {
        if (jobAt > toMs) break;
        this.runDue(jobAt);
        continue;
      }
      if (t >= toMs || made >= budget) break;
      this.now = t;
      this.arrive(t);
      made++;
      this.nextArrival = t + this.rand.exponential(this.ratePerMs * this.segment.intensity);
    }
    if (made < budget && toMs > this.now) this.now = toMs;
    return made;
  }

  /** Jumps market time forward to `toMs`, running what falls due on the way but no arrivals. */
  skipTo(toMs: number, sink: (event: SimEvent) => void = () => undefined): void {
    this.sink = sink;
    for (;;) {
      const jobAt = Math.min(this.jobs.peekAt(), this.seconds.dueAt, this.minutes.dueAt);
      if (jobAt > toMs) break;
      this.runDue(jobAt);
    }
    if (toMs <= this.now) return;
    this.now = toMs;
    this.redraw(toMs);
  }

  /** Changes trades + quotes per second (at the midday level) from market time `at` on. */
  setRate(rate: number, at = this.now): void {
    this.schedule(Math.max(at, this.now), { kind: 'rate', rate });
  }

  /** Halts a ticker (LULD pause) for `ms` of market time from `at`: no trades, then a re-opening print. */
  halt(idx: number, ms: number, at = this.now): void {
    this.schedule(Math.max(at, this.now), { kind: 'halt', idx, ms });
  }

  private schedule(at: number, job: MarketJobSpec): void {
    this.jobs.push({ ...job, at, seq: this.jobSeq++ });
  }

  private emit(ch: number, idx: number, json: string, q: number): void {
    this.generated[MODEL_CHANNELS[ch]!]++;
    const n = this.book.n;
    this.sink({
      ch: MODEL_CHANNELS[ch]!,
      bit: 1 << ch,
      slot: ch * n + idx,
      idx,
      sym: this.tickers[idx]!,
      json,
      q,
    });
  }

  private redraw(from: number): void {
    const rate = this.ratePerMs * this.segment.intensity;
    this.nextArrival = rate > 0 ? from + this.rand.exponential(rate) : Number.POSITIVE_INFINITY;
  }

  private enterSegment(at: number): void {
    this.events.dayKey = this.segment.dayKey;
    this.redraw(at);
    this.schedule(this.segment.end, { kind: 'segment' });
  }

  /** Schedules the day's auctions and imbalance windows that are still ahead of `from`. */
  private scheduleDay(from: number): void {
    if (!this.tradingDay(from)) return;
    const specials: [number, number, MarketJobSpec][] = [
      [9, 28, { kind: 'imbalance', auction: 'M', until: easternAt(from, 9, 30) }],
      [9, 30, { kind: 'cross', flag: Cond.OPEN }],
      [15, 50, { kind: 'imbalance', auction: 'C', until: easternAt(from, 16, 0) }],
      [16, 0, { kind: 'cross', flag: Cond.CLOSE }],
    ];
    for (const [h, m, job] of specials) {
      let at = easternAt(from, h, m);
      // An imbalance window already under way runs from the next whole second.
      if (at < from && job.kind === 'imbalance' && from < job.until)
        at = Math.ceil(from / 1_000) * 1_000;
      if (at >= from) this.schedule(at, job);
    }
  }

  /** Automatic LULD halts: a Poisson process of `haltsPerDay` per regular session over the universe. */
  private scheduleAutoHalt(from: number): void {
    this.schedule(from + this.side.exponential(this.o.haltsPerDay / (6.5 * 3_600_000)), {
      kind: 'auto-halt',
    });
  }

  private tradingDay(ms: number): boolean {
    const s = segmentAt(easternAt(ms, 12, 0));
    return s.session === 'regular';
  }

  private arrive(t: number): void {
    // One 32-bit draw picks the ticker: 16 bits for the column, 16 for the alias coin.
    const u = this.wide ? 0 : this.rand.u32();
    const idx = this.wide
      ? this.pick.draw(this.rand.next(), this.rand.next())
      : this.pick.draw((u >>> 16) / 65_536, (u & 0xffff) / 65_536);
    this.flow.step(idx, t);
    const ms = Math.floor(t);
    if (this.rand.next() < this.o.tradeRatio && !(this.book.haltedUntil[idx]! > t)) {
      const extended = this.segment.session !== 'regular';
      const d = this.flow.trade(idx, extended);
      if (this.o.lateTradeRatio > 0 && this.side.next() < this.o.lateTradeRatio) {
        const delay = 5_000 + this.side.next() * (this.o.lateTradeMaxDelayMs - 5_000);
        const { p, s, micro, trfi } = d;
        const flags = lateFlags((d.flags & Cond.ODD_LOT) !== 0, extended);
        this.schedule(ms + delay, {
          kind: 'late',
          idx,
          t: ms,
          p,
          s,
          micro,
          flags,
          trfi: trfi || 202,
        });
        return;
      }
      this.trade(idx, ms, ms, d);
    } else {
      this.events.quote(idx, ms, this.flow.quote(idx));
    }
  }

  /** Emits a trade: day figures, bars (unless late: then it corrects its minute bar), `q`, the event. */
  private trade(idx: number, t: number, arrival: number, d: TradeDraw): void {
    const b = this.book;
    const late = t !== arrival;
    b.startDay(idx, this.segment.dayKey, d.p);
    b.dayVolume[idx] = b.dayVolume[idx]! + d.s;
    b.dayMicro[idx] = b.dayMicro[idx]! + d.micro;
    b.dayPv[idx] = b.dayPv[idx]! + (d.p * d.micro) / 1e6;
    const q = this.seq.next(SEQ_SLOT.T, idx, this.segment.dayKey);
    let extra = d.trfi > 0 ? `,"trfi":${d.trfi},"trft":${arrival}` : '';
    if (d.micro % 1_000_000 !== 0) extra += `,"ds":"${decimalShares(d.micro)}"`;
    const json = tradeJson(
      this.tickers[idx]!,
      this.nextTradeId++,
      d.x,
      b.priceText(idx, d.p),
      d.s,
      conditionsJson(d.flags),
      t,
      q,
      b.tape[idx]!,
      extra,
    );
    this.emit(CH_T, idx, json, q);
    if (late) {
      this.minutes.addLate(idx, t, d.p, d.s, d.micro, this.events.barSink('AM'));
    } else {
      this.seconds.add(idx, t, d.p, d.s, d.micro);
      this.minutes.add(idx, t, d.p, d.s, d.micro);
      this.events.bandCheck(idx, d.p, t);
    }
  }

  private runDue(at: number): void {
    if (at > this.now) this.now = at;
    if (this.seconds.dueAt <= at) return this.seconds.runDue(at, this.events.barSink('A'));
    if (this.minutes.dueAt <= at) return this.minutes.runDue(at, this.events.barSink('AM'));
    this.runJob(this.jobs.pop()!);
  }

  private runJob(job: MarketJob): void {
    const at = job.at;
    const ms = Math.floor(at);
    const b = this.book;
    switch (job.kind) {
      case 'segment': {
        const wasClosed = this.segment.session === 'closed';
        this.segment = segmentAt(at);
        this.enterSegment(at);
        if (wasClosed && this.segment.session === 'pre') this.scheduleDay(at);
        return;
      }
      case 'rate':
        this.ratePerMs = job.rate / 1000;
        return this.redraw(at);
      case 'late': {
        // A report for a halted ticker waits for the re-opening.
        if (b.haltedUntil[job.idx]! > at) return this.schedule(b.haltedUntil[job.idx]! + 1, job);
        const { p, s, micro, trfi, flags } = job;
        return this.trade(job.idx, job.t, ms, { p, s, micro, x: 4, trfi, flags });
      }
      case 'cross':
        for (let idx = 0; idx < b.n; idx++) {
          if (b.haltedUntil[idx]! > at) continue;
          const d = this.flow.auction(idx, job.flag);
          this.trade(idx, ms, ms, d);
          if (job.flag !== Cond.OPEN) continue;
          b.dayOpen[idx] = d.p; // the official open
          this.events.openBands(idx, d.p, ms);
        }
        return;
      case 'imbalance':
        this.events.imbalances(job.auction, ms);
        if (at + 1_000 < job.until) this.schedule(at + 1_000, job);
        return;
      case 'halt':
        if (b.haltedUntil[job.idx]! > at) return;
        b.haltedUntil[job.idx] = at + job.ms;
        this.events.halted(job.idx, ms);
        this.schedule(at + 1_000, { kind: 'halt-imbalance', idx: job.idx });
        return this.schedule(at + job.ms, { kind: 'resume', idx: job.idx });
      case 'halt-imbalance': {
        const until = b.haltedUntil[job.idx]!;
        if (at >= until) return;
        const e = easternTime(until);
        this.events.imbalance(job.idx, ms, e.hour * 100 + e.minute, 'H');
        return this.schedule(at + 1_000, job);
      }
      case 'resume': {
        const d = this.flow.auction(job.idx, Cond.REOPEN);
        this.trade(job.idx, ms, ms, d);
        return this.events.reopened(job.idx, d.p, ms);
      }
      case 'auto-halt':
        if (this.segment.session === 'regular') this.halt(this.side.int(b.n), 5 * MINUTE, at);
        return this.scheduleAutoHalt(at);
    }
  }
}
