const DAY_MS = 86_400_000;

/**
 * Where a trading day starts, as an offset from UTC midnight: 04:30 UTC, which is 23:30 EST and
 * 00:30 EDT. US equities trade (extended hours included) from 04:00 to 20:00 New York time, that is
 * 09:00–01:00 UTC in winter (EST) and 08:00–00:00 UTC in summer (EDT); the market is closed in both
 * from 01:00 to 08:00 UTC, and 04:30 UTC is the middle of that span, 3.5 h from either edge. (An
 * offset of 7.5 h, 02:30 EST / 03:30 EDT, is also inside the close but only 30 minutes before the
 * summer pre-market.)
 */
export const TRADING_DAY_OFFSET_MS = 16_200_000;

/** Any vendor timestamp (s, ms, µs or ns, told apart by magnitude) in milliseconds. */
export function toMillis(t: number): number {
  if (t >= 1e17) return t / 1e6; // nanoseconds
  if (t >= 1e14) return t / 1e3; // microseconds
  if (t >= 1e11) return t; // milliseconds
  return t * 1e3; // seconds
}

/**
 * The trading day an event time falls in: `floor((t − offset) / 24 h)`. The vendor's sequence
 * numbers restart each trading day, so a larger day means a fresh sequence, never an old event.
 */
export function tradingDay(t: number, offsetMs: number = TRADING_DAY_OFFSET_MS): number {
  return Math.floor((toMillis(t) - offsetMs) / DAY_MS);
}
