import { backoffDelay } from '@tickmux/client';
import { redactUrl } from '@tickmux/config';
import type { TickData, TimerHandle } from '@tickmux/core';
import type { GapReport } from '../service-source.js';
import { BoundedQueue } from './bounded-queue.js';
import type { PipelineLike, RedisLike } from './redis-client.js';
import type { ResolvedRedisSinkOptions } from './redis-sink-options.js';
import { assertGap, assertTick, newCounters, type SinkCounters, type TickSink } from './sink.js';

interface FlushWaiter {
  mark: number;
  resolve: (done: boolean) => void;
  timer: TimerHandle;
}

/**
 * What the Redis sinks share: a bounded buffer, batching by size and by a short timer on the
 * injected clock, one pipeline in flight, reconnecting with backoff on the same clock, and the
 * counters. A subclass says which commands carry a tick and a gap report. Gap reports have their
 * own buffer and go ahead of ticks still buffered: they are few, and a tick overflow must not cost
 * a consumer the report of what to backfill.
 *
 * Delivery: an item leaves the buffer once Redis answered its commands. When the connection
 * breaks, the unanswered part of the batch goes back to the front of the buffer, in order, and is
 * sent again after the reconnect; an item whose commands Redis may have run just before the break
 * can so arrive twice (at-least-once across a break, exactly once otherwise). A command Redis
 * refuses (a `ReplyError`, e.g. a key of the wrong type) is counted in `errors` and `dropped` and
 * not retried.
 */
export abstract class RedisBatchSink implements TickSink {
  readonly name: string;
  readonly counters: SinkCounters = newCounters();
  protected abstract readonly commandsPerTick: number;
  protected abstract readonly commandsPerGap: number;
  private readonly ticks: BoundedQueue<TickData>;
  private readonly gaps: BoundedQueue<GapReport>;
  private readonly tickBatch: TickData[] = [];
  private readonly gapBatch: GapReport[] = [];
  private readonly client: RedisLike;
  private readonly waiters = new Set<FlushWaiter>();
  private ready = false;
  private everReady = false;
  private sending = false;
  private inFlight = 0;
  private pumping: Promise<void> | undefined;
  private batchTimer: TimerHandle | undefined;
  private reconnectTimer: TimerHandle | undefined;
  private attempt = 0;
  private closed = false;
  private closing: Promise<void> | undefined;
  private troubleLogged = false;
  private overflowLogged = false;
  /** Items ever taken into the buffer, and items that left it (sent or dropped): for flush marks. */
  private entered = 0;
  private left = 0;

  protected constructor(protected readonly options: ResolvedRedisSinkOptions) {
    this.name = options.name;
    this.ticks = new BoundedQueue(options.maxBuffered, options.overflow);
    this.gaps = new BoundedQueue(options.maxGapsBuffered, options.overflow);
    this.client = options.createClient(options.url, options);
    this.client.on('ready', () => this.onReady());
    this.client.on('close', () => this.onClose());
    this.client.on('end', () => this.onEnd());
    this.client.on('error', (err) => this.onError(err));
    this.connect();
  }

  /** Queues the commands that carry one tick. */
  protected abstract appendTick(p: PipelineLike, tick: TickData): void;
  /** Queues the commands that carry one gap report. */
  protected abstract appendGap(p: PipelineLike, gap: GapReport): void;

  /** True while the connection is up and usable. */
  get connected(): boolean {
    return this.ready;
  }

  write(tick: TickData): void {
    assertTick(tick);
    this.enqueue(this.ticks, tick);
  }

  writeGap(gap: GapReport): void {
    assertGap(gap);
    if (this.commandsPerGap > 0) this.enqueue(this.gaps, gap);
  }

  /**
   * Sends what is buffered. Resolves true once every item written before the call has left the
   * buffer (sent, or dropped and counted), false when Redis did not take it within
   * `flushTimeoutMs` (it stays buffered). Never rejects.
   */
  flush(): Promise<boolean> {
    const mark = this.entered;
    if (this.left >= mark) return Promise.resolve(true);
    this.kick();
    return new Promise((resolve) => {
      const waiter: FlushWaiter = {
        mark,
        resolve,
        timer: this.options.clock.setTimeout(() => {
          this.waiters.delete(waiter);
          resolve(false);
        }, this.options.flushTimeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /**
   * Flushes (up to `flushTimeoutMs`), counts what is still buffered as dropped, closes the
   * connection and releases every timer. Writes after the call are counted as dropped. Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    const flushed = this.flush();
    this.closed = true;
    await flushed;
    const { clock } = this.options;
    if (this.batchTimer !== undefined) clock.clearTimeout(this.batchTimer);
    if (this.reconnectTimer !== undefined) clock.clearTimeout(this.reconnectTimer);
    this.batchTimer = this.reconnectTimer = undefined;
    if (this.ready) await this.client.quit().catch(() => this.client.disconnect());
    else this.client.disconnect();
    this.ready = false;
    await this.pumping;
    const lost = this.ticks.clear() + this.gaps.clear();
    this.counters.dropped += lost;
    this.left += lost;
    this.counters.buffered = 0;
    this.settleWaiters();
  }

  private enqueue<T>(queue: BoundedQueue<T>, item: T): void {
    const c = this.counters;
    if (this.closed) {
      c.dropped++;
      return;
    }
    const dropped = queue.push(item);
    if (dropped === 0 || this.options.overflow === 'drop-oldest') this.entered++;
    if (dropped > 0) {
      c.dropped++;
      if (this.options.overflow === 'drop-oldest') this.left++;
      this.noteOverflow();
    }
    c.buffered = this.ticks.size + this.gaps.size + this.inFlight;
    if (!this.ready || this.sending) return;
    if (queue.size >= this.options.batchSize) this.kick();
    else if (this.batchTimer === undefined)
      this.batchTimer = this.options.clock.setTimeout(() => {
        this.batchTimer = undefined;
        this.kick();
      }, this.options.flushIntervalMs);
  }

  /** Starts sending now, unless a send is under way (it takes the new items too). */
  private kick(): void {
    if (this.batchTimer !== undefined) {
      this.options.clock.clearTimeout(this.batchTimer);
      this.batchTimer = undefined;
    }
    if (this.sending || !this.ready) return;
    this.pumping = this.pump();
  }

  private async pump(): Promise<void> {
    this.sending = true;
    try {
      while (this.ready && this.ticks.size + this.gaps.size > 0) {
        if (!(await this.sendBatch())) break;
      }
    } finally {
      this.sending = false;
      this.settleWaiters();
    }
  }

  /** Sends one pipeline; false when the connection failed (the unsent part is back in the buffer). */
  private async sendBatch(): Promise<boolean> {
    const { batchSize } = this.options;
    const gaps = this.gapBatch;
    const ticks = this.tickBatch;
    this.gaps.shiftInto(gaps, batchSize);
    this.ticks.shiftInto(ticks, batchSize - gaps.length);
    this.inFlight = gaps.length + ticks.length;
    let results: [Error | null, unknown][] | null = null;
    let failure: unknown;
    try {
      const p = this.client.pipeline();
      for (const g of gaps) this.appendGap(p, g);
      for (const t of ticks) this.appendTick(p, t);
      results = await p.exec();
    } catch (err) {
      failure = err;
    }
    this.inFlight = 0;
    const ok = this.settleBatch(results, failure);
    this.counters.buffered = this.ticks.size + this.gaps.size;
    this.settleWaiters();
    return ok;
  }

  private settleBatch(results: [Error | null, unknown][] | null, failure: unknown): boolean {
    const gaps = this.gapBatch;
    const ticks = this.tickBatch;
    const total = gaps.length + ticks.length;
    const c = this.counters;
    let i = 0;
    let broken: Error | undefined;
    if (results === null) {
      broken = failure instanceof Error ? failure : new Error('pipeline not answered');
    } else {
      let cmd = 0;
      for (; i < total; i++) {
        const n = i < gaps.length ? this.commandsPerGap : this.commandsPerTick;
        let refused: Error | undefined;
        for (let k = cmd; k < cmd + n; k++) {
          const err = results[k] === undefined ? new Error('no reply') : results[k]![0];
          if (err === null) continue;
          if (err.name === 'ReplyError') refused = err;
          else broken = err;
        }
        cmd += n;
        if (broken !== undefined) break;
        this.left++;
        if (refused === undefined) {
          c.published++;
        } else {
          c.errors++;
          c.dropped++;
          this.options.logger.error(
            { sink: this.name, err: refused.message },
            'redis refused a command',
          );
        }
      }
    }
    if (broken === undefined) return true;
    const lost =
      (i < gaps.length ? this.gaps.unshiftAll(gaps.slice(i)) : 0) +
      this.ticks.unshiftAll(i <= gaps.length ? ticks : ticks.slice(i - gaps.length));
    c.dropped += lost;
    this.left += lost;
    c.errors++;
    this.noteTrouble(broken, 'redis batch failed; kept for resending');
    // An answer that never came (a timeout) leaves the socket up but unusable: start over.
    if (this.ready) {
      this.ready = false;
      this.client.disconnect();
    }
    return false;
  }

  private settleWaiters(): void {
    for (const w of this.waiters) {
      if (this.left < w.mark) continue;
      this.waiters.delete(w);
      this.options.clock.clearTimeout(w.timer);
      w.resolve(true);
    }
  }

  private connect(): void {
    this.client.connect().catch(() => undefined); // reported through 'error' and 'end'
  }

  private onReady(): void {
    if (this.closed) return;
    this.ready = true;
    this.attempt = 0;
    if (this.everReady) {
      this.counters.reconnects++;
      this.options.logger.info({ sink: this.name }, 'redis connection back; sending the buffer');
    }
    this.everReady = true;
    this.troubleLogged = false;
    this.overflowLogged = false;
    this.kick();
  }

  private onClose(): void {
    if (this.ready && !this.closed) {
      this.counters.errors++;
      this.noteTrouble(new Error('connection closed'), 'redis connection lost; buffering');
    }
    this.ready = false;
  }

  private onEnd(): void {
    this.ready = false;
    if (this.closed || this.reconnectTimer !== undefined) return;
    const delay = backoffDelay(this.attempt++, this.options.reconnect, this.options.random);
    this.reconnectTimer = this.options.clock.setTimeout(() => {
      this.reconnectTimer = undefined;
      if (!this.closed) this.connect();
    }, delay);
  }

  private onError(err: Error): void {
    this.counters.errors++;
    this.noteTrouble(err, 'redis connection error; buffering');
  }

  /** Logs the first problem of an outage as a warning, the rest at debug. */
  private noteTrouble(err: Error, msg: string): void {
    const log = this.options.logger;
    const obj = { sink: this.name, url: redactUrl(this.options.url), err: err.message };
    if (this.troubleLogged) log.debug(obj, msg);
    else log.warn(obj, msg);
    this.troubleLogged = true;
  }

  private noteOverflow(): void {
    if (this.overflowLogged) return;
    this.overflowLogged = true;
    this.options.logger.warn(
      { sink: this.name, maxBuffered: this.options.maxBuffered, overflow: this.options.overflow },
      'redis sink buffer full; dropping (counted)',
    );
  }
}
