/**
 * The sequence numbers seen on one (channel, ticker), as a bitmap from the lowest seen: O(1) per
 * event, no allocation once grown, a bit per number. For the bench's contiguous-q streams, where
 * the numbers are dense; a set of strings costs an allocation per event and stalls the reader
 * for milliseconds each time it rehashes, which would show up in the latency it is measuring.
 */
export class SeqSet {
  private bits = new Uint8Array(64);
  /** The number bit 0 stands for; NaN until the first add. */
  private base = Number.NaN;
  private lo = Number.POSITIVE_INFINITY;
  private hi = Number.NEGATIVE_INFINITY;
  private n = 0;

  /** Distinct numbers added. */
  get size(): number {
    return this.n;
  }

  /** Adds `q` (a whole number); false when it was already there (a duplicate). */
  add(q: number): boolean {
    if (Number.isNaN(this.base)) this.base = q;
    if (q < this.base) this.rebase(q);
    const i = q - this.base;
    if (i >> 3 >= this.bits.length) this.grow(i);
    const mask = 1 << (i & 7);
    if ((this.bits[i >> 3]! & mask) !== 0) return false;
    this.bits[i >> 3]! |= mask;
    this.n++;
    if (q < this.lo) this.lo = q;
    if (q > this.hi) this.hi = q;
    return true;
  }

  /** Numbers between the lowest and highest added that were never added. */
  holes(): number {
    return this.n === 0 ? 0 : this.hi - this.lo + 1 - this.n;
  }

  private grow(i: number): void {
    let len = this.bits.length * 2;
    while (i >> 3 >= len) len *= 2;
    const next = new Uint8Array(len);
    next.set(this.bits);
    this.bits = next;
  }

  /** Moves the bitmap so that bit 0 is `q` (a number below every one seen: rare, so simple). */
  private rebase(q: number): void {
    const old = this.bits;
    const oldBase = this.base;
    this.bits = new Uint8Array(old.length);
    this.base = q;
    this.n = 0;
    this.lo = Number.POSITIVE_INFINITY;
    this.hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < old.length * 8; i++)
      if ((old[i >> 3]! & (1 << (i & 7))) !== 0) this.add(oldBase + i);
  }
}
