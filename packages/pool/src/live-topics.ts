/**
 * Which topics each connection has confirmed on its current socket (from the clients'
 * `onTopicState`): the truth the plan applier and reconciliation check before they let a ticker
 * leave a connection.
 */
export class LiveTopics {
  /** ticker → connection → confirmed channels. */
  private readonly byTicker = new Map<string, Map<string, Set<string>>>();

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
    return true;
  }

  /** Every topic of `connection` is gone (its socket ended). */
  clear(connection: string): void {
    for (const [ticker, on] of this.byTicker) {
      if (on.delete(connection) && on.size === 0) this.byTicker.delete(ticker);
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
