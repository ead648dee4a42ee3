import { createRandom, type Random } from './random.js';

/**
 * How `q` is numbered. `sparse` (the vendor): one increasing counter per ticker shared by its
 * trades, quotes and LULD events, with extra skips, so a channel's `q` is unique and increasing but
 * not contiguous. `contiguous` (ours, for exact gap tests): `q` counts 1, 2, 3, ... per (channel,
 * ticker). Either way `q` restarts at the Eastern day boundary.
 */
export type SequenceMode = 'sparse' | 'contiguous';

/** Channels that carry `q`, by their slot in {@link Sequencer.next}. */
export const SEQ_SLOT = { T: 0, Q: 1, LULD: 2 } as const;

/** Hands out `q` numbers. Its own random stream, so the mode never changes the market itself. */
export class Sequencer {
  private readonly counters: Float64Array;
  private readonly days: Float64Array;
  private readonly rand: Random;
  private readonly sparse: boolean;
  /** Random bits left over from the last 32-bit draw, one byte per `q`. */
  private pool = 0;
  private poolBytes = 0;

  constructor(
    mode: SequenceMode,
    private readonly tickers: number,
    seed: number,
  ) {
    this.sparse = mode === 'sparse';
    const size = this.sparse ? tickers : 3 * tickers;
    this.counters = new Float64Array(size);
    this.days = new Float64Array(size).fill(-1);
    this.rand = createRandom(seed ^ 0x5e9);
  }

  /** The next `q` for channel slot `slot` (see {@link SEQ_SLOT}) of ticker `idx` on Eastern day `dayKey`. */
  next(slot: number, idx: number, dayKey: number): number {
    const i = this.sparse ? idx : slot * this.tickers + idx;
    if (this.days[i] !== dayKey) {
      this.days[i] = dayKey;
      this.counters[i] = 0;
    }
    let step = 1;
    if (this.sparse) {
      // Messages of the ticker the feed does not carry (other venues' updates, admin messages).
      if (this.poolBytes === 0) {
        this.pool = this.rand.u32();
        this.poolBytes = 4;
      }
      const byte = this.pool & 0xff;
      this.pool >>>= 8;
      this.poolBytes--;
      if (byte < 77) step += 1 + (byte % 6);
    }
    return (this.counters[i] = this.counters[i]! + step);
  }
}
