import type { OverflowPolicy } from './sink.js';

/**
 * A FIFO ring of at most `capacity` items with a stated overflow policy. Pushing never grows it:
 * a full queue drops its oldest item (`drop-oldest`) or the pushed one (`drop-newest`), and says
 * how many it dropped. Allocation-free after construction.
 */
export class BoundedQueue<T> {
  private readonly ring: (T | undefined)[];
  private head = 0;
  private count = 0;

  constructor(
    readonly capacity: number,
    readonly overflow: OverflowPolicy,
  ) {
    this.ring = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Appends `item`; returns the number of items dropped to make room (0 or 1). */
  push(item: T): number {
    const cap = this.capacity;
    if (this.count < cap) {
      this.ring[(this.head + this.count) % cap] = item;
      this.count++;
      return 0;
    }
    if (this.overflow === 'drop-newest') return 1;
    this.ring[this.head] = item; // the oldest slot becomes the newest
    this.head = (this.head + 1) % cap;
    return 1;
  }

  /** Removes up to `max` items from the front into `out` (cleared first); returns how many. */
  shiftInto(out: T[], max: number): number {
    out.length = 0;
    const n = Math.min(max, this.count);
    for (let i = 0; i < n; i++) {
      out.push(this.ring[this.head] as T);
      this.ring[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
    }
    this.count -= n;
    return n;
  }

  /**
   * Puts `items` back at the front, in their order (a batch that could not be sent). When that
   * overfills the queue, the overflow policy decides what goes: the oldest (these items first) or
   * the newest. Returns the number dropped.
   */
  unshiftAll(items: readonly T[]): number {
    const cap = this.capacity;
    let dropped = 0;
    for (let i = items.length - 1; i >= 0; i--) {
      if (this.count === cap) {
        if (this.overflow === 'drop-oldest') {
          dropped += i + 1; // everything still to put back is older than what is queued
          break;
        }
        this.count--; // drop-newest: the tail goes
        this.ring[(this.head + this.count) % cap] = undefined;
        dropped++;
      }
      this.head = (this.head - 1 + cap) % cap;
      this.ring[this.head] = items[i];
      this.count++;
    }
    return dropped;
  }

  /** Empties the queue; returns how many items it held. */
  clear(): number {
    const n = this.count;
    this.ring.fill(undefined);
    this.head = 0;
    this.count = 0;
    return n;
  }

  /** The items, oldest first (a copy; not for the hot path). */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.ring[(this.head + i) % this.capacity] as T);
    return out;
  }
}
