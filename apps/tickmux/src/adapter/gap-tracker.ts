import type { GapReport } from '../service-source.js';

interface OpenGap {
  report: GapReport;
  /** Channels not yet confirmed again. */
  pending: Set<string>;
}

/**
 * The gaps of one connection without a pool (single-connection mode): when the connection is lost,
 * each of its tickers opens a gap from the last sign of life; a ticker's gap closes when every one
 * of its channels is confirmed again. Keeps the last `capacity` reports (open ones included);
 * `onClosed` gets each gap as it closes (what the sinks publish, for backfill).
 */
export class GapTracker {
  private readonly reports: GapReport[] = [];
  private readonly open = new Map<string, OpenGap>();
  private opened = 0;

  constructor(
    private readonly capacity: number,
    private readonly onClosed: (gap: GapReport) => void,
  ) {}

  /** Gaps opened so far (the health object's `gaps`). */
  get count(): number {
    return this.opened;
  }

  /** Opens a gap for each ticker not already in one. */
  lost(tickers: Iterable<string>, channels: readonly string[], from: number, reason: string): void {
    for (const ticker of tickers) {
      if (this.open.has(ticker)) continue;
      const report: GapReport = { ticker, channels: [...channels], from, to: null, reason };
      this.open.set(ticker, { report, pending: new Set(channels) });
      this.reports.push(report);
      this.opened++;
      if (this.reports.length > this.capacity) this.reports.shift();
    }
  }

  /** A topic was confirmed again: closes its ticker's gap once every channel is back. */
  confirmed(channel: string, ticker: string, at: number): void {
    const gap = this.open.get(ticker);
    if (gap === undefined) return;
    gap.pending.delete(channel);
    if (gap.pending.size === 0) this.close(ticker, gap, at);
  }

  /** Closes every open gap at `at` (the tickers were unsubscribed, or the adapter stopped). */
  closeAll(at: number): void {
    for (const [ticker, gap] of [...this.open]) this.close(ticker, gap, at);
  }

  /** Oldest first; open gaps have `to: null`. */
  list(): readonly GapReport[] {
    return this.reports.slice();
  }

  private close(ticker: string, gap: OpenGap, at: number): void {
    this.open.delete(ticker);
    gap.report.to = Math.max(at, gap.report.from);
    this.onClosed({ ...gap.report });
  }
}
