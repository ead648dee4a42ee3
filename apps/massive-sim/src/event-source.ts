import type { ChannelTable } from './channels.js';
import type { SimEvent } from './sim-event.js';

/**
 * Where the engine's events come from: the market model, or a recording being replayed. Both run
 * on market time (Unix ms) and emit events in time order.
 */
export interface EventSource {
  readonly channels: ChannelTable;
  readonly tickers: readonly string[];
  /** Market time reached, Unix ms. */
  readonly now: number;
  /**
   * Emits every event up to market time `toMs` into `sink`, stopping after `budget` events of the
   * source's main kind (the caller continues later). `frameEnd`, when given, is called where the
   * source's own framing ends a frame (a replay keeps the recorded frames). Returns the events made.
   */
  advance(
    toMs: number,
    sink: (event: SimEvent) => void,
    budget?: number,
    frameEnd?: () => void,
  ): number;
  /** Jumps to `toMs` without emitting arrivals (what falls due on the way still runs). */
  skipTo(toMs: number, sink?: (event: SimEvent) => void): void;
  /** Market time of the next event, for jumping over quiet stretches. */
  nextEventAt(): number;
  /** Events emitted so far, by channel. */
  readonly generated: Readonly<Record<string, number>>;
}
