import { Outcome } from './outcome.js';

/** Versions counted per window; content after that many versions is dropped as stale. */
export const MAX_VERSION = 0xffff;

/** Bounds of a {@link BarHistory}. */
export interface BarHistoryBounds {
  /** Windows (distinct `s`) remembered. */
  windows: number;
  /** Versions (fingerprints) remembered per window. */
  versions: number;
  /** Sources (connections) tracked per window. */
  sources: number;
}

/**
 * The recent aggregate windows of one (channel, ticker): per window its start `s`, the
 * fingerprints of the versions emitted (the newest `versions` of them, each with its ordinal), and
 * per source the ordinal of the last version that source delivered. All of it lives in one buffer
 * of fixed size, allocated once.
 *
 * A bar is a duplicate when its fingerprint is among the window's versions. A bar with new content
 * is a correction, unless the source delivering it is known to be behind (the last version it
 * delivered for this window has been superseded): each socket sends a window's versions in order,
 * so what a lagging socket sends next is an older version than the one already emitted.
 */
export class BarHistory {
  private readonly starts: Float64Array;
  private readonly prints: Float64Array;
  /** Versions emitted per window (ordinals; at most {@link MAX_VERSION}). */
  private readonly counts: Uint16Array;
  private readonly positions: Uint16Array;
  private used = 0;

  constructor(private readonly bounds: BarHistoryBounds) {
    const { windows, versions, sources } = bounds;
    // One backing store for all four arrays (each ArrayBuffer has its own overhead).
    const buffer = new ArrayBuffer(8 * windows * (1 + versions) + 2 * windows * (1 + sources));
    this.starts = new Float64Array(buffer, 0, windows);
    this.prints = new Float64Array(buffer, 8 * windows, windows * versions);
    const words = 8 * windows * (1 + versions);
    this.counts = new Uint16Array(buffer, words, windows);
    this.positions = new Uint16Array(buffer, words + 2 * windows, windows * sources);
  }

  /** Decides on a bar for window `s` with content fingerprint `print` from source `source`. */
  offer(s: number, print: number, source: number): Outcome {
    const { versions, sources } = this.bounds;
    let w = -1;
    for (let i = 0; i < this.used; i++) {
      if (this.starts[i] === s) {
        w = i;
        break;
      }
    }
    if (w === -1) return this.open(s, print, source);
    const count = this.counts[w]!;
    const base = w * versions;
    const oldest = Math.max(1, count - versions + 1);
    for (let ord = count; ord >= oldest; ord--) {
      if (this.prints[base + ((ord - 1) % versions)] === print) {
        this.positions[w * sources + source] = ord;
        return Outcome.Seen;
      }
    }
    const at = this.positions[w * sources + source]!;
    if (at !== 0 && at < count) return Outcome.Seen; // behind: an older version, superseded
    if (count === MAX_VERSION) return Outcome.Stale;
    this.prints[base + (count % versions)] = print;
    this.counts[w] = count + 1;
    this.positions[w * sources + source] = count + 1;
    return Outcome.Correction;
  }

  /** Forgets what `source` delivered (it was released, or its socket is new). */
  clearSource(source: number): void {
    const sources = this.bounds.sources;
    for (let w = 0; w < this.used; w++) this.positions[w * sources + source] = 0;
  }

  private open(s: number, print: number, source: number): Outcome {
    const { windows, versions, sources } = this.bounds;
    let w: number;
    if (this.used < windows) {
      w = this.used++;
    } else {
      // Full: replace the oldest window, unless this bar is older still.
      w = 0;
      for (let i = 1; i < windows; i++) if (this.starts[i]! < this.starts[w]!) w = i;
      if (s < this.starts[w]!) return Outcome.Stale;
    }
    this.starts[w] = s;
    this.counts[w] = 1;
    this.prints[w * versions] = print;
    this.positions.fill(0, w * sources, (w + 1) * sources);
    this.positions[w * sources + source] = 1;
    return Outcome.New;
  }
}
