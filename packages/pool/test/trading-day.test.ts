import { describe, expect, it } from 'vitest';
import { toMillis, tradingDay, TRADING_DAY_OFFSET_MS } from '../src/index.js';

const HOUR = 3_600_000;

/** Unix ms of a New York wall-clock time, given the UTC offset in force that day (-5 or -4). */
function newYork(y: number, m: number, d: number, h: number, min: number, utcOffset: number) {
  return Date.UTC(y, m - 1, d, h - utcOffset, min);
}

describe('trading day', () => {
  it.each([
    ['EST (winter)', 2026, 1, 14, -5],
    ['EDT (summer)', 2026, 7, 15, -4],
    ['the Monday after the spring change', 2026, 3, 9, -4],
    ['the Monday after the autumn change', 2026, 11, 2, -5],
  ])(
    'puts all of 04:00-20:00 New York time in one day and the next session in the next, in %s',
    (_label, y, m, d, off) => {
      const day = tradingDay(newYork(y, m, d, 4, 0, off));
      for (let h = 4; h <= 20; h++) expect(tradingDay(newYork(y, m, d, h, 0, off))).toBe(day);
      expect(tradingDay(newYork(y, m, d, 20, 0, off) + HOUR / 2)).toBe(day);
      expect(tradingDay(newYork(y, m, d + 1, 4, 0, off))).toBe(day + 1);
    },
  );

  it('changes day in the overnight close, 3.5 h from either edge', () => {
    // 04:30 UTC: 23:30 EST, 00:30 EDT.
    const boundary = Date.UTC(2026, 0, 15) + TRADING_DAY_OFFSET_MS;
    expect(tradingDay(boundary) - tradingDay(boundary - 1)).toBe(1);
    // Winter: the session ends 01:00 UTC, the next starts 09:00 UTC; summer: 00:00 and 08:00.
    expect(boundary - Date.UTC(2026, 0, 15, 1)).toBe(3.5 * HOUR);
    expect(Date.UTC(2026, 6, 15, 8) - (Date.UTC(2026, 6, 15) + TRADING_DAY_OFFSET_MS)).toBe(
      3.5 * HOUR,
    );
  });

  it('reads seconds, microseconds and nanoseconds by magnitude', () => {
    const ms = Date.UTC(2026, 0, 15, 15);
    expect(toMillis(ms)).toBe(ms);
    expect(toMillis(ms / 1e3)).toBe(ms);
    expect(toMillis(ms * 1e3)).toBe(ms);
    expect(toMillis(ms * 1e6)).toBe(ms);
    expect(tradingDay(ms * 1e6)).toBe(tradingDay(ms));
  });
});
