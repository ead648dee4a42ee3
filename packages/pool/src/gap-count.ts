import type { GapReport } from './gap-ledger-options.js';

/**
 * The count of events a closed gap missed, per sequenced channel, in contiguous-`q` mode: it needs
 * the last `q` delivered before the gap (known when it opens) and the first `q` after it (known
 * only when that event arrives, after the gap closed). Events missed = first after − last before − 1.
 */
export class GapCount {
  /** Channels still waiting for their first `q`, with their last `q` before the gap. */
  private readonly waiting = new Map<string, number>();
  private readonly counted: Record<string, number> = {};
  /** False once a channel cannot be counted (no `q` before the gap, or a new day's sequence). */
  private complete: boolean;

  constructor(
    readonly report: GapReport,
    lastBefore: ReadonlyMap<string, number | undefined>,
  ) {
    this.complete = true;
    for (const [channel, q] of lastBefore) {
      if (q === undefined) this.complete = false;
      else this.waiting.set(channel, q);
    }
  }

  /** Records the first `q` after the gap on `channel`; true once every channel is known. */
  observe(channel: string, q: number): boolean {
    const before = this.waiting.get(channel);
    if (before === undefined) return this.waiting.size === 0;
    this.waiting.delete(channel);
    if (q > before) this.counted[channel] = q - before - 1;
    else this.complete = false;
    return this.waiting.size === 0;
  }

  get done(): boolean {
    return this.waiting.size === 0;
  }

  /** The report with what could be counted. */
  finish(): GapReport {
    const channels = Object.keys(this.counted);
    if (channels.length === 0) return this.report;
    const out: GapReport = { ...this.report, missingByChannel: { ...this.counted } };
    if (this.complete && this.waiting.size === 0)
      out.missing = channels.reduce((n, c) => n + this.counted[c]!, 0);
    return out;
  }
}
