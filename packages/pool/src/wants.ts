/** One topic a consumer asked for. */
export interface Want {
  ticker: string;
  channel: string;
}

/** What a change of wants means for routing and for the connections. */
export interface WantsChange {
  /** Tickers wanted now that were not before (to route). */
  added: string[];
  /** Tickers no longer wanted on any channel (to unroute). */
  removed: string[];
  /** Tickers wanted before and after whose channel set changed. */
  changed: string[];
}

/**
 * Reference counts per topic: two consumers of one ticker share its subscriptions, and the ticker
 * leaves only when the last one lets it go. A ticker is wanted while any of its channels is.
 */
export class Wants {
  private readonly byTicker = new Map<string, Map<string, number>>();

  get size(): number {
    return this.byTicker.size;
  }

  has(ticker: string): boolean {
    return this.byTicker.has(ticker);
  }

  /** True when `ticker` is wanted on `channel`. */
  wantsChannel(ticker: string, channel: string): boolean {
    return this.byTicker.get(ticker)?.has(channel) === true;
  }

  /** The channels `ticker` is wanted on, in the order they were first asked for. */
  channels(ticker: string): string[] {
    const m = this.byTicker.get(ticker);
    return m === undefined ? [] : [...m.keys()];
  }

  tickers(): IterableIterator<string> {
    return this.byTicker.keys();
  }

  /** Counts one more consumer of each topic. */
  add(wants: readonly Want[]): WantsChange {
    const change: WantsChange = { added: [], removed: [], changed: [] };
    const changed = new Set<string>();
    for (const { ticker, channel } of wants) {
      let m = this.byTicker.get(ticker);
      if (m === undefined) {
        m = new Map();
        this.byTicker.set(ticker, m);
        change.added.push(ticker);
      } else if (!m.has(channel) && !change.added.includes(ticker)) changed.add(ticker);
      m.set(channel, (m.get(channel) ?? 0) + 1);
    }
    change.changed = [...changed];
    return change;
  }

  /** Counts one consumer fewer of each topic (topics not wanted are ignored). */
  remove(wants: readonly Want[]): WantsChange {
    const change: WantsChange = { added: [], removed: [], changed: [] };
    const touched = new Set<string>();
    for (const { ticker, channel } of wants) {
      const m = this.byTicker.get(ticker);
      const n = m?.get(channel);
      if (m === undefined || n === undefined) continue;
      if (n > 1) m.set(channel, n - 1);
      else {
        m.delete(channel);
        touched.add(ticker);
      }
    }
    for (const ticker of touched) {
      if (this.byTicker.get(ticker)!.size === 0) {
        this.byTicker.delete(ticker);
        change.removed.push(ticker);
      } else change.changed.push(ticker);
    }
    return change;
  }

  clear(): void {
    this.byTicker.clear();
  }
}
