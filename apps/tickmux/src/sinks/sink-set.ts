import { silentLogger, type Logger, type TickData } from '@tickmux/core';
import type { TickmuxMetrics } from '../metrics/metrics.js';
import type { GapReport } from '../service-source.js';
import { assertGap, assertTick, type TickSink } from './sink.js';

export interface SinkSetOptions {
  /** Fed the latency of every tick written. @default none */
  metrics?: TickmuxMetrics;
  /** @default silent */
  logger?: Logger;
}

/**
 * The one place ticks leave the service: hands each tick and gap report to every sink, and
 * records its latency. What the manager's (or adapter's) `onTick`/`onGap` callbacks call. A sink
 * that throws on a valid item is logged (once per sink) and does not keep the item from the others.
 */
export class SinkSet {
  private readonly logger: Logger;
  private readonly failing = new Set<TickSink>();
  private closing: Promise<void> | undefined;

  constructor(
    readonly sinks: readonly TickSink[],
    private readonly options: SinkSetOptions = {},
  ) {
    this.logger = options.logger ?? silentLogger;
  }

  /**
   * Writes one tick to every sink. `receivedAt` is the clock's monotonic ms when its frame arrived,
   * for the receive-to-emit histogram. Throws InvalidArgumentError for a malformed tick.
   */
  write(tick: TickData, receivedAt?: number): void {
    assertTick(tick);
    for (const sink of this.sinks) {
      try {
        sink.write(tick);
      } catch (err) {
        this.sinkFailed(sink, err);
      }
    }
    this.options.metrics?.observe(tick.timestamp, receivedAt);
  }

  writeGap(gap: GapReport): void {
    assertGap(gap);
    for (const sink of this.sinks) {
      try {
        sink.writeGap(gap);
      } catch (err) {
        this.sinkFailed(sink, err);
      }
    }
  }

  /** Flushes every sink; true when all of them are empty. */
  async flush(): Promise<boolean> {
    const done = await Promise.all(this.sinks.map((s) => s.flush()));
    return done.every(Boolean);
  }

  /** Closes (and so flushes) every sink; a sink that fails to close is logged. Idempotent. */
  close(): Promise<void> {
    this.closing ??= Promise.allSettled(this.sinks.map((s) => s.close())).then((results) => {
      results.forEach((r, i) => {
        if (r.status === 'rejected')
          this.logger.error(
            { sink: this.sinks[i]!.name, err: String(r.reason) },
            'sink close failed',
          );
      });
    });
    return this.closing;
  }

  private sinkFailed(sink: TickSink, err: unknown): void {
    if (this.failing.has(sink)) return;
    this.failing.add(sink);
    this.logger.error({ sink: sink.name, err: String(err) }, 'sink write failed');
  }
}
