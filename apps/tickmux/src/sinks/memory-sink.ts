import { InvalidArgumentError, type TickData } from '@tickmux/core';
import type { GapReport } from '../service-source.js';
import { BoundedQueue } from './bounded-queue.js';
import { assertGap, assertTick, newCounters, type SinkCounters, type TickSink } from './sink.js';

export interface MemorySinkOptions {
  /** Ticks kept; the ring overwrites its oldest tick when full. @default 10000 */
  capacity?: number;
  /** Gap reports kept, the same way. @default 1000 */
  gapCapacity?: number;
  /** @default 'memory' */
  name?: string;
}

export const DEFAULT_MEMORY_SINK_OPTIONS = Object.freeze({
  capacity: 10_000,
  gapCapacity: 1_000,
  name: 'memory',
});

/**
 * The default sink: the last `capacity` ticks (and gap reports) in memory, for the dashboard and
 * for tests. Overflow policy: drop-oldest (a full ring overwrites its oldest tick, counted in
 * `dropped`). `published` counts every item written; `buffered` is what the ring holds.
 */
export class MemorySink implements TickSink {
  readonly name: string;
  readonly counters: SinkCounters = newCounters();
  private readonly ticks: BoundedQueue<TickData>;
  private readonly gapRing: BoundedQueue<GapReport>;
  private closed = false;

  constructor(options: MemorySinkOptions = {}) {
    const o = { ...DEFAULT_MEMORY_SINK_OPTIONS, ...options };
    for (const f of ['capacity', 'gapCapacity'] as const) {
      if (!Number.isInteger(o[f]) || o[f] < 1)
        throw new InvalidArgumentError(f, o[f], 'must be an integer >= 1');
    }
    if (typeof o.name !== 'string' || o.name === '')
      throw new InvalidArgumentError('name', o.name, 'must be a non-empty string');
    this.name = o.name;
    this.ticks = new BoundedQueue(o.capacity, 'drop-oldest');
    this.gapRing = new BoundedQueue(o.gapCapacity, 'drop-oldest');
  }

  write(tick: TickData): void {
    assertTick(tick);
    this.keep(this.ticks, tick);
  }

  writeGap(gap: GapReport): void {
    assertGap(gap);
    this.keep(this.gapRing, gap);
  }

  /** The ticks held, oldest first (at most the last `n`). */
  recent(n = this.ticks.capacity): TickData[] {
    const all = this.ticks.toArray();
    return n >= all.length ? all : all.slice(all.length - n);
  }

  /** The gap reports held, oldest first. */
  gaps(): GapReport[] {
    return this.gapRing.toArray();
  }

  /** Nothing to send: the ring is the destination. */
  flush(): Promise<boolean> {
    return Promise.resolve(true);
  }

  private keep<T>(ring: BoundedQueue<T>, item: T): void {
    const c = this.counters;
    if (this.closed) {
      c.dropped++;
      return;
    }
    c.dropped += ring.push(item);
    c.published++;
    c.buffered = this.ticks.size + this.gapRing.size;
  }

  /** Stops taking items (later writes count as dropped); the held items stay readable. */
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
