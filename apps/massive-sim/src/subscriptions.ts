import type { ChannelTable } from './channels.js';

/**
 * One socket's topics. Matching an event is a bit test on a per-ticker mask, because it runs for
 * every event and every socket. Topics the source does not generate (other channels, tickers
 * outside its universe) are still accepted and listed: they simply never match.
 */
export class Subscriptions {
  private readonly mask: Uint16Array;
  private wildMask = 0;
  private readonly topics = new Set<string>();

  constructor(
    private readonly index: ReadonlyMap<string, number>,
    private readonly channels: ChannelTable,
  ) {
    this.mask = new Uint16Array(index.size);
  }

  get size(): number {
    return this.topics.size;
  }

  /** Subscribes a topic already split into channel and ticker; false if it was already held. */
  add(topic: string, channel: string, ticker: string): boolean {
    if (this.topics.has(topic)) return false;
    this.topics.add(topic);
    this.setBit(channel, ticker, true);
    return true;
  }

  remove(topic: string, channel: string, ticker: string): boolean {
    if (!this.topics.delete(topic)) return false;
    this.setBit(channel, ticker, false);
    return true;
  }

  /** True when this socket should receive events of channel bit `bit` for the ticker at `idx`. */
  matches(bit: number, idx: number): boolean {
    return ((this.wildMask | this.mask[idx]!) & bit) !== 0;
  }

  list(): string[] {
    return [...this.topics];
  }

  private setBit(channel: string, ticker: string, on: boolean): void {
    const ch = this.channels.index(channel);
    if (ch === undefined) return;
    const bit = 1 << ch;
    if (ticker === '*') {
      this.wildMask = on ? this.wildMask | bit : this.wildMask & ~bit;
      return;
    }
    const idx = this.index.get(ticker);
    if (idx === undefined) return;
    this.mask[idx] = on ? this.mask[idx]! | bit : this.mask[idx]! & ~bit;
  }
}
