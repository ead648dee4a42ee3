import { systemClock, type Clock } from '@tickmux/core';
import { TRADING_DAY_OFFSET_MS } from './trading-day.js';
import { assertClock, integerOption, optionsObject } from './validate.js';

/** Options of `new Dedup(options)`: the bounds of its memory. */
export interface DedupOptions {
  /**
   * Sequence numbers remembered per (channel, ticker) for T, Q and other channels with `q`. A
   * connection may lag the leading one by up to this many events of a ticker; older events from it
   * are dropped as stale. @default 128
   */
  seqWindow?: number;
  /**
   * Aggregate windows remembered per (A or AM, ticker). The vendor corrects a minute bar up to
   * 15 minutes later, so AM needs at least 16. @default 20
   */
  barWindows?: number;
  /** Versions remembered per aggregate window (the first bar and its corrections). @default 4 */
  barVersions?: number;
  /** Sources (connections) registered at once. @default 8 */
  maxSources?: number;
  /** Content keys remembered per channel for events without a sequence number. @default 4096 */
  contentWindow?: number;
  /**
   * Start of the trading day as an offset from UTC midnight, ms (see `TRADING_DAY_OFFSET_MS`).
   * @default 16200000 (04:30 UTC)
   */
  dayOffsetMs?: number;
  /** The time of events that carry none (some older Q payloads). @default systemClock */
  clock?: Clock;
}

export const DEFAULT_DEDUP_OPTIONS = Object.freeze({
  seqWindow: 128,
  barWindows: 20,
  barVersions: 4,
  maxSources: 8,
  contentWindow: 4096,
  dayOffsetMs: TRADING_DAY_OFFSET_MS,
});

export type ResolvedDedupOptions = Required<DedupOptions>;

/** Applies defaults and validates; throws `InvalidArgumentError` naming the first bad option. */
export function resolveDedupOptions(options: DedupOptions | undefined): ResolvedDedupOptions {
  const o = optionsObject(options);
  const d = DEFAULT_DEDUP_OPTIONS;
  return {
    seqWindow: integerOption(o, d, 'seqWindow', 1, 65_536),
    barWindows: integerOption(o, d, 'barWindows', 1, 1_024),
    barVersions: integerOption(o, d, 'barVersions', 1, 256),
    maxSources: integerOption(o, d, 'maxSources', 1, 64),
    contentWindow: integerOption(o, d, 'contentWindow', 1, 1_000_000),
    dayOffsetMs: integerOption(o, d, 'dayOffsetMs', 0, 86_399_999),
    clock: assertClock(o.clock ?? systemClock),
  };
}
