import type { TimerHandle } from '@tickmux/core';
import { GapCount } from './gap-count.js';
import {
  channelList,
  resolveGapLedgerOptions,
  type GapLedgerOptions,
  type GapReport,
  type OpenGap,
  type ResolvedGapLedgerOptions,
} from './gap-ledger-options.js';
import { assertName, assertNumber } from './validate.js';

interface TickerState {
  /** Live carriers: connection → the channels it carries the ticker on. */
  carriers: Map<string, readonly string[]>;
  /** connection → channel → when that carrier first confirmed it (in its current stint). */
  since: Map<string, Map<string, number>>;
  gap: (OpenGap & { lastBefore: Map<string, number | undefined> }) | undefined;
}

interface Departure {
  ticker: string;
  at: number;
  /** channel → the first confirmation among the carriers left then. */
  coveredFrom: Map<string, number>;
}

/** Departures kept per connection (a bound: beyond it the oldest are judged genuine). */
const MAX_DEPARTURES = 10_000;

interface Settling {
  count: GapCount;
  timer: TimerHandle | undefined;
}

const TIME_MAX = 8.64e15;

/**
 * Exposure windows per ticker (README: "gap-ledger"). It tracks which connections carry each
 * ticker live; when the last carrier of a channel goes, a gap opens from that carrier's last sign
 * of life; when every channel of the gap is carried again, the gap closes at the confirmation and
 * is reported once (`onGap`, `history()`). A ticker given up on purpose (`forget`) opens none.
 */
export class GapLedger {
  private readonly o: ResolvedGapLedgerOptions;
  private readonly tickers = new Map<string, TickerState>();
  private readonly byConnection = new Map<string, Set<string>>();
  private readonly settling = new Map<string, Settling>();
  /**
   * Tickers a connection gave up (a move) while it may already have been dead: kept until the
   * connection confirms something later (it was alive) or is lost (then they are judged).
   */
  private readonly departed = new Map<string, Departure[]>();
  private readonly past: GapReport[] = [];
  private opened = 0;
  private reported = 0;
  private closed = false;

  constructor(options?: GapLedgerOptions) {
    this.o = resolveGapLedgerOptions(options);
  }

  /**
   * `ticker` is live on `connection` on `channels` (default: the `channels` option) at `at`: its
   * subscription was confirmed. Channels add to those the connection already carries it on.
   */
  confirmed(ticker: string, connection: string, at: number, channels?: readonly string[]): void {
    assertName('ticker', ticker);
    assertName('connection', connection);
    assertNumber('at', at, 0, TIME_MAX);
    const carried = channels === undefined ? this.o.channels : channelList('channels', channels);
    let state = this.tickers.get(ticker);
    if (state === undefined) {
      state = { carriers: new Map(), since: new Map(), gap: undefined };
      this.tickers.set(ticker, state);
    }
    const had = state.carriers.get(connection);
    if (had === undefined) state.carriers.set(connection, carried);
    else if (!carried.every((c) => had.includes(c)))
      state.carriers.set(connection, [...had, ...carried.filter((c) => !had.includes(c))]);
    let since = state.since.get(connection);
    if (since === undefined) state.since.set(connection, (since = new Map<string, number>()));
    for (const c of carried) if (!since.has(c)) since.set(c, at);
    let onConnection = this.byConnection.get(connection);
    if (onConnection === undefined) {
      onConnection = new Set();
      this.byConnection.set(connection, onConnection);
    }
    onConnection.add(ticker);
    const departures = this.departed.get(connection);
    if (departures !== undefined) {
      const still = departures.filter((d) => d.at > at);
      if (still.length === 0) this.departed.delete(connection);
      else this.departed.set(connection, still);
    }
    const gap = state.gap;
    if (gap !== undefined && gap.channels.every((c) => carries(state, c))) {
      state.gap = undefined;
      this.closeGap(gap, Math.max(at, gap.from));
    }
  }

  /**
   * `connection` is lost: its last sign of life was `lastSeenAt`, noticed at `detectedAt`. Every
   * ticker it carried alone opens a gap from `lastSeenAt`. Returns the number of gaps opened.
   */
  lost(
    connection: string,
    lastSeenAt: number,
    detectedAt: number,
    reason = 'connection_lost',
  ): number {
    assertName('connection', connection);
    assertNumber('lastSeenAt', lastSeenAt, 0, TIME_MAX);
    assertNumber('detectedAt', detectedAt, lastSeenAt, TIME_MAX);
    assertName('reason', reason);
    for (const d of this.departed.get(connection) ?? []) {
      if (d.at <= lastSeenAt) continue;
      const state = this.tickers.get(d.ticker);
      if (state === undefined) continue; // no longer wanted
      const byEnd = new Map<number, string[]>();
      for (const [c, first] of d.coveredFrom) {
        if (first <= lastSeenAt) continue;
        byEnd.set(first, [...(byEnd.get(first) ?? []), c]);
      }
      for (const [to, chs] of byEnd) {
        this.opened++;
        this.report({ ticker: d.ticker, channels: chs, from: lastSeenAt, to, reason, connection });
      }
    }
    this.departed.delete(connection);
    const tickers = this.byConnection.get(connection);
    if (tickers === undefined) return 0;
    this.byConnection.delete(connection);
    let opened = 0;
    for (const ticker of tickers) {
      if (this.drop(ticker, connection, lastSeenAt, detectedAt, reason, true)) opened++;
    }
    return opened;
  }

  /** `ticker` was unsubscribed from `connection` at `at` while still wanted (a move). */
  unsubscribed(ticker: string, connection: string, at: number): boolean {
    assertName('ticker', ticker);
    assertName('connection', connection);
    assertNumber('at', at, 0, TIME_MAX);
    this.byConnection.get(connection)?.delete(ticker);
    this.recordDeparture(ticker, connection, at);
    return this.drop(ticker, connection, at, at, 'unsubscribed', false);
  }

  /** `ticker` is no longer wanted: no gap opens for it; an open one closes at `at`. */
  forget(ticker: string, at: number): void {
    assertNumber('at', at, 0, TIME_MAX);
    const state = this.tickers.get(ticker);
    if (state === undefined) return;
    for (const connection of state.carriers.keys())
      this.byConnection.get(connection)?.delete(ticker);
    this.tickers.delete(ticker);
    if (state.gap !== undefined) this.closeGap(state.gap, Math.max(at, state.gap.from));
  }

  /**
   * An event with sequence number `q` was delivered (contiguous mode; call it for every delivered
   * T/Q event). Costs one size check unless a closed gap of some ticker awaits its first event.
   */
  observe(channel: string, ticker: string, q: number): void {
    if (this.settling.size === 0) return;
    const s = this.settling.get(ticker);
    if (s !== undefined && s.count.observe(channel, q)) this.finishCount(ticker, s);
  }

  /** The open gaps, oldest first. */
  openGaps(): OpenGap[] {
    const out: OpenGap[] = [];
    for (const [ticker, state] of this.tickers) {
      const g = state.gap;
      if (g === undefined) continue;
      out.push({
        ticker,
        channels: [...g.channels],
        from: g.from,
        reason: g.reason,
        connection: g.connection,
        detectedAt: g.detectedAt,
      });
    }
    return out.sort((a, b) => a.from - b.from);
  }

  /** The last `historySize` reported gaps, oldest first. */
  history(): GapReport[] {
    return [...this.past];
  }

  /** The connections carrying `ticker` live. */
  carriers(ticker: string): string[] {
    return [...(this.tickers.get(ticker)?.carriers.keys() ?? [])];
  }

  /** `open` now, `opened` and `reported` in total, `settling` (closed, awaiting their count). */
  stats(): { open: number; opened: number; reported: number; settling: number } {
    let open = 0;
    for (const state of this.tickers.values()) if (state.gap !== undefined) open++;
    return { open, opened: this.opened, reported: this.reported, settling: this.settling.size };
  }

  /** Reports every gap still awaiting its count and stops its timers. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const [ticker, s] of [...this.settling]) this.finishCount(ticker, s);
  }

  /** Removes one carrier; opens (or widens) the ticker's gap if that left channels uncarried. */
  private drop(
    ticker: string,
    connection: string,
    from: number,
    detectedAt: number,
    reason: string,
    lost: boolean,
  ): boolean {
    const state = this.tickers.get(ticker);
    const channels = state?.carriers.get(connection);
    if (state === undefined || channels === undefined) return false;
    state.carriers.delete(connection);
    state.since.delete(connection);
    // A carrier that left on purpose was alive until it left; one lost may have died earlier.
    if (lost) this.retroactive(state, ticker, connection, channels, from, reason);
    const uncovered = channels.filter((c) => !carries(state, c));
    if (uncovered.length === 0) return false;
    const gap = state.gap;
    if (gap !== undefined) {
      for (const c of uncovered) {
        if (gap.channels.includes(c)) continue;
        (gap.channels as string[]).push(c);
        this.snapshot(gap.lastBefore, ticker, c);
      }
      return false;
    }
    // A gap that closed but still awaits its first event is reported now: its count stops here.
    const s = this.settling.get(ticker);
    if (s !== undefined) this.finishCount(ticker, s);
    const lastBefore = new Map<string, number | undefined>();
    for (const c of uncovered) this.snapshot(lastBefore, ticker, c);
    state.gap = { ticker, channels: uncovered, from, reason, connection, detectedAt, lastBefore };
    this.opened++;
    return true;
  }

  private recordDeparture(ticker: string, connection: string, at: number): void {
    const state = this.tickers.get(ticker);
    const channels = state?.carriers.get(connection);
    if (state === undefined || channels === undefined) return;
    const coveredFrom = new Map<string, number>();
    for (const c of channels) {
      let first = Number.POSITIVE_INFINITY;
      for (const [other, carried] of state.carriers) {
        if (other === connection || !carried.includes(c)) continue;
        first = Math.min(first, state.since.get(other)?.get(c) ?? Number.NEGATIVE_INFINITY);
      }
      if (first !== Number.POSITIVE_INFINITY) coveredFrom.set(c, first);
    }
    let list = this.departed.get(connection);
    if (list === undefined) this.departed.set(connection, (list = []));
    list.push({ ticker, at, coveredFrom });
    if (list.length > MAX_DEPARTURES) list.shift();
  }

  /**
   * A carrier whose last sign of life lies before every remaining carrier's confirmation was not
   * live in between (a stalled socket seen dead late): for the channels it leaves covered only by
   * carriers confirmed after `from`, the interval from `from` to the first of those confirmations
   * had no live subscription. It is reported at once (closed, without a count), never understated.
   */
  private retroactive(
    state: TickerState,
    ticker: string,
    connection: string,
    channels: readonly string[],
    from: number,
    reason: string,
  ): void {
    const byEnd = new Map<number, string[]>();
    for (const c of channels) {
      if (state.gap?.channels.includes(c) === true) continue;
      let first = Number.POSITIVE_INFINITY;
      for (const [other, carried] of state.carriers) {
        if (!carried.includes(c)) continue;
        first = Math.min(first, state.since.get(other)?.get(c) ?? Number.NEGATIVE_INFINITY);
      }
      if (first === Number.POSITIVE_INFINITY || first <= from) continue;
      byEnd.set(first, [...(byEnd.get(first) ?? []), c]);
    }
    for (const [to, chs] of byEnd) {
      this.opened++;
      this.report({ ticker, channels: chs, from, to, reason, connection });
    }
  }

  private snapshot(into: Map<string, number | undefined>, ticker: string, channel: string): void {
    if (this.o.contiguous && this.o.sequencedChannels.has(channel))
      into.set(channel, this.o.lastSeq!(channel, ticker));
  }

  private closeGap(gap: NonNullable<TickerState['gap']>, to: number): void {
    const report: GapReport = {
      ticker: gap.ticker,
      channels: gap.channels,
      from: gap.from,
      to,
      reason: gap.reason,
      connection: gap.connection,
    };
    if (gap.lastBefore.size === 0) {
      this.report(report);
      return;
    }
    const count = new GapCount(report, gap.lastBefore);
    const s: Settling = { count, timer: undefined };
    this.settling.set(gap.ticker, s);
    if (count.done || this.closed) {
      this.finishCount(gap.ticker, s);
      return;
    }
    s.timer = this.o.clock.setTimeout(() => this.finishCount(gap.ticker, s), this.o.settleMs);
  }

  private finishCount(ticker: string, s: Settling): void {
    if (s.timer !== undefined) this.o.clock.clearTimeout(s.timer);
    if (this.settling.get(ticker) === s) this.settling.delete(ticker);
    this.report(s.count.finish());
  }

  private report(gap: GapReport): void {
    this.reported++;
    if (this.o.historySize > 0) {
      if (this.past.length === this.o.historySize) this.past.shift();
      this.past.push(gap);
    }
    try {
      this.o.onGap?.(gap);
    } catch (err) {
      this.o.logger.error({ err, ticker: gap.ticker }, 'onGap callback threw');
    }
  }
}

function carries(state: TickerState, channel: string): boolean {
  for (const channels of state.carriers.values()) if (channels.includes(channel)) return true;
  return false;
}
