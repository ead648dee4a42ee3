import { Outcome } from './outcome.js';

const INITIAL_CAPACITY = 8;

/**
 * The sequence numbers emitted for one (channel, ticker) in the current trading day, bounded: the
 * `limit` largest, kept sorted in a ring, and the `floor`, the largest number ever evicted. Every
 * number emitted above the floor is in the ring, so a number above the floor is a duplicate exactly
 * when the ring holds it; a number at or below the floor may or may not have been seen and is
 * treated as a duplicate (stale). The ring starts small and doubles up to `limit`.
 *
 * Cost: in-order numbers (the common case) are one comparison and one store; others a binary
 * search; a late insert shifts the larger entries. Nothing is allocated except when the ring grows.
 */
export class SeqWindow {
  day: number;
  private floor = Number.NEGATIVE_INFINITY;
  private buf: Float64Array;
  private mask: number;
  /** Ring index of the smallest retained number. */
  private head = 0;
  private size = 0;
  private readonly limit: number;

  constructor(day: number, limit: number) {
    this.day = day;
    this.limit = limit;
    this.buf = new Float64Array(Math.min(INITIAL_CAPACITY, capacityFor(limit)));
    this.mask = this.buf.length - 1;
  }

  /** The largest number emitted in the current day, or undefined before the first. */
  max(): number | undefined {
    return this.size === 0 ? undefined : this.buf[(this.head + this.size - 1) & this.mask];
  }

  /** Decides on `q` seen on trading day `day`, and records it when it is new. */
  offer(q: number, day: number): Outcome {
    if (day !== this.day) {
      if (day < this.day) return Outcome.Stale;
      this.day = day;
      this.floor = Number.NEGATIVE_INFINITY;
      this.head = 0;
      this.size = 0;
    }
    const buf = this.buf;
    const size = this.size;
    if (size === 0 || q > buf[(this.head + size - 1) & this.mask]!) {
      this.append(q);
      return Outcome.New;
    }
    if (q <= this.floor) return Outcome.Stale;
    let lo = 0;
    let hi = size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = buf[(this.head + mid) & this.mask]!;
      if (v === q) return Outcome.Seen;
      if (v < q) lo = mid + 1;
      else hi = mid - 1;
    }
    this.insert(lo, q);
    return Outcome.Late;
  }

  private append(q: number): void {
    if (this.size === this.limit) this.evict();
    else if (this.size === this.buf.length) this.grow();
    this.buf[(this.head + this.size) & this.mask] = q;
    this.size++;
  }

  /** Inserts `q` at sorted position `at` (0 = below every retained number). */
  private insert(at: number, q: number): void {
    if (this.size === this.limit) {
      // Full: the smallest goes. If that is q itself, only the floor moves.
      if (at === 0) {
        this.floor = q;
        return;
      }
      this.evict();
      at--;
    } else if (this.size === this.buf.length) {
      this.grow();
    }
    const buf = this.buf;
    const mask = this.mask;
    for (let i = this.size; i > at; i--)
      buf[(this.head + i) & mask] = buf[(this.head + i - 1) & mask]!;
    buf[(this.head + at) & mask] = q;
    this.size++;
  }

  private evict(): void {
    this.floor = this.buf[this.head]!;
    this.head = (this.head + 1) & this.mask;
    this.size--;
  }

  private grow(): void {
    const next = new Float64Array(Math.min(this.buf.length * 2, capacityFor(this.limit)));
    for (let i = 0; i < this.size; i++) next[i] = this.buf[(this.head + i) & this.mask]!;
    this.buf = next;
    this.mask = next.length - 1;
    this.head = 0;
  }
}

/** The ring size for a limit: the next power of two (indices wrap with a mask). */
function capacityFor(limit: number): number {
  let c = 1;
  while (c < limit) c *= 2;
  return c;
}
