import type { SimChannel } from './sim-event.js';

const BIT: Record<SimChannel, number> = { T: 1, Q: 2, A: 4, AM: 8 };

/**
 * One socket's topics. Matching an event is a bit test on a per-ticker mask, because it runs for
 * every event and every socket. Topics the simulator does not generate (other channels, tickers
 * outside its universe) are still accepted and listed: they simply never match.
 */
export class Subscriptions {
  private readonly mask: Uint8Array;
  private wildMask = 0;
  private readonly topics = new Set<string>();

  constructor(private readonly index: ReadonlyMap<string, number>) {
    this.mask = new Uint8Array(index.size);
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

  /** True when this socket should receive `channel` events of the ticker at `idx`. */
  matches(channel: SimChannel, idx: number): boolean {
    const bit = BIT[channel];
    return ((this.wildMask | this.mask[idx]!) & bit) !== 0;
  }

  list(): string[] {
    return [...this.topics];
  }

  private setBit(channel: string, ticker: string, on: boolean): void {
    const bit = BIT[channel as SimChannel] as number | undefined;
    if (bit === undefined) return;
    if (ticker === '*') {
      this.wildMask = on ? this.wildMask | bit : this.wildMask & ~bit;
      return;
    }
    const idx = this.index.get(ticker);
    if (idx === undefined) return;
    this.mask[idx] = on ? this.mask[idx]! | bit : this.mask[idx]! & ~bit;
  }
}
