import { InvalidArgumentError, type TickData } from '@tickmux/core';
import type { GapReport } from '../service-source.js';

/**
 * A sink's figures, updated in place (read them any time; no copy is made). Ticks and gap reports
 * count alike, as items.
 */
export interface SinkCounters {
  /** Items the sink handed to its destination (Redis acknowledged them; a client was sent them). */
  published: number;
  /** Items lost: overflow of the bounded buffer, a write after close, a command Redis refused. */
  dropped: number;
  /** Items waiting in the sink's buffer now. */
  buffered: number;
  /** Errors seen (connection errors, refused commands, bad client messages). */
  errors: number;
  /** Times the sink's connection came back after it was lost. */
  reconnects: number;
}

/** Which item a full buffer gives up: the oldest waiting one, or the one being written. */
export type OverflowPolicy = 'drop-oldest' | 'drop-newest';
export const OVERFLOW_POLICIES: readonly OverflowPolicy[] = ['drop-oldest', 'drop-newest'];

/**
 * Where ticks go. `write` is the hot path: it never awaits and never throws for a valid tick;
 * what it cannot keep is counted in `dropped`. `close()` flushes, then releases everything; it is
 * idempotent (later calls return the same promise).
 */
export interface TickSink {
  readonly name: string;
  readonly counters: Readonly<SinkCounters>;
  write(tick: TickData): void;
  writeGap(gap: GapReport): void;
  /** Sends what is buffered; resolves true when nothing is left buffered. */
  flush(): Promise<boolean>;
  close(): Promise<void>;
}

/** Zeroed counters. */
export function newCounters(): SinkCounters {
  return { published: 0, dropped: 0, buffered: 0, errors: 0, reconnects: 0 };
}

/** Throws {@link InvalidArgumentError} naming the field when `tick` is not a normalised tick. */
export function assertTick(tick: TickData): void {
  if (
    tick === null ||
    typeof tick !== 'object' ||
    typeof tick.ticker !== 'string' ||
    typeof tick.price !== 'number' ||
    typeof tick.volume !== 'number' ||
    typeof tick.timestamp !== 'number' ||
    typeof tick.event_type !== 'string'
  ) {
    throw new InvalidArgumentError(badTickField(tick), tick, 'must be a normalised tick');
  }
}

function badTickField(tick: unknown): string {
  if (tick === null || typeof tick !== 'object') return 'tick';
  const t = tick as Record<string, unknown>;
  if (typeof t['ticker'] !== 'string') return 'tick.ticker';
  for (const f of ['price', 'volume', 'timestamp'] as const)
    if (typeof t[f] !== 'number') return `tick.${f}`;
  return 'tick.event_type';
}

/** Throws {@link InvalidArgumentError} naming the field when `gap` is not a gap report. */
export function assertGap(gap: GapReport): void {
  const field =
    gap === null || typeof gap !== 'object'
      ? 'gap'
      : typeof gap.ticker !== 'string'
        ? 'gap.ticker'
        : !Array.isArray(gap.channels)
          ? 'gap.channels'
          : typeof gap.from !== 'number'
            ? 'gap.from'
            : gap.to !== null && typeof gap.to !== 'number'
              ? 'gap.to'
              : typeof gap.reason !== 'string'
                ? 'gap.reason'
                : undefined;
  if (field !== undefined) throw new InvalidArgumentError(field, gap, 'must be a gap report');
}
