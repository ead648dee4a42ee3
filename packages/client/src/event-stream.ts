import { InvalidArgumentError, type MassiveEvent, type TickData } from '@tickmux/core';

/** One item of `client.events()`: the event and, for T/Q/A/AM, its normalised tick. */
export interface StreamItem {
  event: MassiveEvent;
  tick: TickData | null;
}

/** Items a paused stream can still take: the rest of the socket read in progress when it filled. */
const PAUSE_MARGIN = 10_000;
/** The largest `highWaterMark` (the ring is allocated up front). */
const MAX_MARK = 10_000_000;

/** What `events()` does when its consumer falls behind. */
export type OverflowPolicy = 'drop-oldest' | 'pause';

export interface EventStreamOptions {
  /**
   * Most items buffered for this iterator.
   * @default 10000
   */
  highWaterMark?: number;
  /**
   * `drop-oldest`: a full buffer drops its oldest item (counted in `dropped`); memory stays at
   * `highWaterMark` items. `pause`: a full buffer pauses reading the socket until the consumer has
   * drained half of it; memory stays within `highWaterMark` plus the events of the socket read in
   * progress (at most 64 KiB of frames, a few hundred events; anything past 10,000 extra items is
   * dropped and counted). The server may disconnect a consumer that stays paused (the vendor's
   * slow-consumer kill).
   * @default 'drop-oldest'
   */
  overflow?: OverflowPolicy;
}

/**
 * A bounded async iterator over a client's events. A ring buffer holds what the consumer has not
 * taken yet; what happens when it fills is the stated overflow policy, never unbounded growth.
 */
export class EventStream implements AsyncIterableIterator<StreamItem> {
  readonly highWaterMark: number;
  readonly overflow: OverflowPolicy;
  /** Items dropped by the drop-oldest policy. */
  dropped = 0;
  private readonly ring: (StreamItem | undefined)[];
  private head = 0;
  private count = 0;
  private waiting: ((r: IteratorResult<StreamItem>) => void) | undefined;
  private ended = false;

  constructor(
    options: EventStreamOptions,
    private readonly onPressure: (stream: EventStream, full: boolean) => void,
    private readonly onEnd: (stream: EventStream) => void,
  ) {
    this.highWaterMark = options.highWaterMark ?? 10_000;
    this.overflow = options.overflow ?? 'drop-oldest';
    if (
      !Number.isInteger(this.highWaterMark) ||
      this.highWaterMark < 1 ||
      this.highWaterMark > MAX_MARK
    )
      throw new InvalidArgumentError(
        'highWaterMark',
        this.highWaterMark,
        `must be an integer in [1, ${MAX_MARK}]`,
      );
    if (this.overflow !== 'drop-oldest' && this.overflow !== 'pause')
      throw new InvalidArgumentError('overflow', this.overflow, "must be 'drop-oldest' or 'pause'");
    // Room for one frame beyond the mark under the pause policy.
    this.ring = new Array<StreamItem | undefined>(
      this.highWaterMark + (this.overflow === 'pause' ? PAUSE_MARGIN : 0),
    );
  }

  /** Items waiting for the consumer. */
  get size(): number {
    return this.count;
  }

  /** True when the pause policy wants reading paused. */
  get full(): boolean {
    return this.overflow === 'pause' && this.count >= this.highWaterMark;
  }

  push(item: StreamItem): void {
    if (this.ended) return;
    if (this.waiting !== undefined) {
      const w = this.waiting;
      this.waiting = undefined;
      w({ value: item, done: false });
      return;
    }
    const cap = this.ring.length;
    if (this.count >= this.highWaterMark && this.overflow === 'drop-oldest') {
      this.ring[this.head] = undefined;
      this.head = (this.head + 1) % cap;
      this.count--;
      this.dropped++;
    } else if (this.count >= cap) {
      // Only reachable if one frame holds more events than the pause margin: drop rather than grow.
      this.dropped++;
      return;
    }
    this.ring[(this.head + this.count) % cap] = item;
    this.count++;
    if (this.full) this.onPressure(this, true);
  }

  next(): Promise<IteratorResult<StreamItem>> {
    if (this.count > 0) {
      const item = this.ring[this.head]!;
      this.ring[this.head] = undefined;
      this.head = (this.head + 1) % this.ring.length;
      this.count--;
      if (this.overflow === 'pause' && this.count === Math.floor(this.highWaterMark / 2))
        this.onPressure(this, false);
      return Promise.resolve({ value: item, done: false });
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  /** Stops iterating (also what `break` in `for await` calls). */
  return(): Promise<IteratorResult<StreamItem>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  /** Ends the stream: buffered items are still delivered, then the iterator is done. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const w = this.waiting;
    this.waiting = undefined;
    w?.({ value: undefined, done: true });
    this.onEnd(this);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
