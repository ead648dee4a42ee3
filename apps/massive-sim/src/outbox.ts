import type { Clock, TimerHandle } from '@tickmux/core';
import type { SimEvent } from './sim-event.js';

/** Hands a frame (and the events it carries, for counting) to the socket. */
export type FrameWriter = (frame: string | Buffer, events: SimEvent[] | undefined) => void;

/** Per-socket network shaping: fixed latency, a bandwidth cap, and fault-injected delay/jitter. */
export interface Shaping {
  /** Added one-way latency, ms. */
  latencyMs: number;
  /** Bytes per second the socket may carry; 0 = unlimited. */
  bandwidthBytesPerSec: number;
}

/**
 * Sends frames in order, each no earlier than `now + latency + delay + jitter`, and no faster than
 * the bandwidth cap allows (each frame occupies the link for size / cap). Without shaping a frame
 * goes straight to the socket. Frames are never reordered.
 */
export class Outbox {
  private readonly queue: {
    frame: string | Buffer;
    events: SimEvent[] | undefined;
    at: number;
    size: number;
  }[] = [];
  private queuedBytes = 0;
  private lastAt = 0;
  private linkFreeAt = 0;
  private timer: TimerHandle | undefined;
  private delayMs = 0;
  private jitterMs = 0;
  private delayUntil = 0;
  private closed = false;
  private drained: (() => void) | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly shaping: Shaping,
    private readonly write: FrameWriter,
    private readonly jitter: () => number,
  ) {}

  /** Bytes accepted but not yet handed to the socket. */
  get pendingBytes(): number {
    return this.queuedBytes;
  }

  /** Adds `delayMs` plus up to `jitterMs` to every frame until `untilMs` (monotonic), or for good. */
  setDelay(delayMs: number, jitterMs: number, untilMs = Number.POSITIVE_INFINITY): void {
    this.delayMs = delayMs;
    this.jitterMs = jitterMs;
    this.delayUntil = untilMs;
  }

  send(frame: string | Buffer, events?: SimEvent[]): void {
    if (this.closed) return;
    const now = this.clock.monotonic();
    const delayed = now < this.delayUntil && (this.delayMs > 0 || this.jitterMs > 0);
    const { latencyMs, bandwidthBytesPerSec } = this.shaping;
    if (!delayed && latencyMs === 0 && bandwidthBytesPerSec === 0 && this.queue.length === 0) {
      this.write(frame, events);
      return;
    }
    let at = now + latencyMs + (delayed ? this.delayMs + this.jitterMs * this.jitter() : 0);
    if (at < this.lastAt) at = this.lastAt;
    const size = typeof frame === 'string' ? Buffer.byteLength(frame) : frame.length;
    if (bandwidthBytesPerSec > 0) {
      if (at < this.linkFreeAt) at = this.linkFreeAt;
      this.linkFreeAt = at + (size * 1000) / bandwidthBytesPerSec;
    }
    this.lastAt = at;
    this.queue.push({ frame, events, at, size });
    this.queuedBytes += size;
    this.arm();
  }

  /** Runs `fn` once every queued frame has been handed to the socket (now, if none is queued). */
  afterDrain(fn: () => void): void {
    if (this.queue.length === 0) fn();
    else this.drained = fn;
  }

  /** Drops everything queued and stops; later sends are ignored. */
  close(): void {
    this.closed = true;
    this.queue.length = 0;
    this.queuedBytes = 0;
    this.drained = undefined;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    if (this.timer !== undefined || this.queue.length === 0) return;
    const wait = Math.max(0, this.queue[0]!.at - this.clock.monotonic());
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.drain();
    }, wait);
  }

  private drain(): void {
    const now = this.clock.monotonic();
    while (this.queue.length > 0 && this.queue[0]!.at <= now + 0.5) {
      const { frame, events, size } = this.queue.shift()!;
      this.queuedBytes -= size;
      this.write(frame, events);
    }
    if (this.queue.length === 0 && this.drained !== undefined) {
      const fn = this.drained;
      this.drained = undefined;
      fn();
    }
    this.arm();
  }
}
