/**
 * Which topics each connection has confirmed on its current socket (from the clients'
 * `onTopicState`): the truth the plan applier and reconciliation check before they let a ticker
 * leave a connection.
 */
export class LiveTopics {
  /** ticker → connection → confirmed channels. */
  private readonly byTicker = new Map<string, Map<string, Set<string>>>();
  /** connection → the tickers it has a channel of confirmed (so a lost socket costs its own). */
  private readonly byConnection = new Map<string, Set<string>>();

  confirm(connection: string, ticker: string, channel: string): void {
    let on = this.byTicker.get(ticker);
    if (on === undefined) {
      on = new Map();
      this.byTicker.set(ticker, on);
    }
    let channels = on.get(connection);
    if (channels === undefined) {
      channels = new Set();
      on.set(connection, channels);
    }
    channels.add(channel);
    let tickers = this.byConnection.get(connection);
    if (tickers === undefined) this.byConnection.set(connection, (tickers = new Set()));
    tickers.add(ticker);
  }

  /** The topic is no longer live there; true when that left the ticker no channel there. */
  drop(connection: string, ticker: string, channel: string): boolean {
    const on = this.byTicker.get(ticker);
    const channels = on?.get(connection);
    if (on === undefined || channels === undefined) return false;
    channels.delete(channel);
    if (channels.size > 0) return false;
    on.delete(connection);
    if (on.size === 0) this.byTicker.delete(ticker);
    this.byConnection.get(connection)?.delete(ticker);
    return true;
  }

  /** Every topic of `connection` is gone (its socket ended). */
  clear(connection: string): void {
    const tickers = this.byConnection.get(connection);
    if (tickers === undefined) return;
    this.byConnection.delete(connection);
    for (const ticker of tickers) {
      const on = this.byTicker.get(ticker);
      if (on !== undefined && on.delete(connection) && on.size === 0) this.byTicker.delete(ticker);
    }
  }

  /** True when `connection` has every one of `channels` of `ticker` confirmed. */
  isLive(ticker: string, connection: string, channels: readonly string[]): boolean {
    const have = this.byTicker.get(ticker)?.get(connection);
    return have !== undefined && channels.every((c) => have.has(c));
  }

  /** True when a connection other than `except` has every one of `channels` of `ticker` confirmed. */
  liveElsewhere(ticker: string, except: string, channels: readonly string[]): boolean {
    const on = this.byTicker.get(ticker);
    if (on === undefined) return false;
    for (const [connection, have] of on) {
      if (connection !== except && channels.every((c) => have.has(c))) return true;
    }
    return false;
  }

  /** Connections with at least one channel of `ticker` confirmed. */
  carriers(ticker: string): string[] {
    return [...(this.byTicker.get(ticker)?.keys() ?? [])];
  }
}
