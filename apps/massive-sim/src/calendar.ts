/**
 * The US equity market's calendar on US/Eastern time, through `Intl` (no date library): pre-market
 * from 04:00, the regular session 09:30-16:00, after-hours to 20:00, closed overnight and on
 * weekends. Exchange holidays are not modelled (every weekday trades).
 */

/** Where in the trading day an instant falls. */
export type MarketSession = 'closed' | 'pre' | 'regular' | 'after';

/** One piece of a day with a constant session and activity level. */
export interface CalendarSegment {
  session: MarketSession;
  /** Activity relative to the midday regular session (the model's `rate`). */
  intensity: number;
  /** Unix ms, inclusive. */
  start: number;
  /** Unix ms, exclusive. */
  end: number;
  /** The Eastern date, yyyymmdd: the trading day `q`, `av` and `op` reset on. */
  dayKey: number;
}

/** The day's shape, minutes after Eastern midnight: bursts at the open and the close (ours). */
const SHAPE: readonly [minute: number, session: MarketSession, intensity: number][] = [
  [0, 'closed', 0],
  [4 * 60, 'pre', 0.04],
  [9 * 60 + 30, 'regular', 4],
  [9 * 60 + 35, 'regular', 2],
  [10 * 60, 'regular', 1],
  [15 * 60 + 30, 'regular', 1.5],
  [15 * 60 + 55, 'regular', 3],
  [16 * 60, 'after', 0.04],
  [20 * 60, 'closed', 0],
];

const EASTERN = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** Wall-clock fields of an instant in US/Eastern. */
export interface EasternTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The US/Eastern wall clock at Unix ms `ms`. */
export function easternTime(ms: number): EasternTime {
  const f: Record<string, number> = {};
  for (const p of EASTERN.formatToParts(ms)) if (p.type !== 'literal') f[p.type] = Number(p.value);
  return {
    year: f['year']!,
    month: f['month']!,
    day: f['day']!,
    hour: f['hour']!,
    minute: f['minute']!,
    second: f['second']!,
  };
}

/** Unix ms of a US/Eastern wall-clock time (not inside a DST gap: 02:00-03:00 is never asked). */
export function easternToUtc(year: number, month: number, day: number, minuteOfDay = 0): number {
  const wall = Date.UTC(year, month - 1, day, 0, minuteOfDay);
  let utc = wall + 5 * 3_600_000; // EST as a first guess, then correct by the real offset
  for (let i = 0; i < 2; i++) {
    const e = easternTime(utc);
    const seen = Date.UTC(e.year, e.month - 1, e.day, e.hour, e.minute, e.second);
    utc += wall - seen;
  }
  return utc;
}

/** The Eastern date of `ms` as yyyymmdd. */
export function easternDayKey(ms: number): number {
  const e = easternTime(ms);
  return e.year * 10_000 + e.month * 100 + e.day;
}

/** Monday to Friday (holidays are not modelled). */
function isTradingDay(year: number, month: number, day: number): boolean {
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

const dayCache = new Map<number, CalendarSegment[]>();

/** Every segment of the Eastern day `dayKey`, in order; a non-trading day is one closed segment. */
function segmentsOf(dayKey: number): CalendarSegment[] {
  const cached = dayCache.get(dayKey);
  if (cached !== undefined) return cached;
  const year = Math.floor(dayKey / 10_000);
  const month = Math.floor(dayKey / 100) % 100;
  const day = dayKey % 100;
  const start = easternToUtc(year, month, day);
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  const end = easternToUtc(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
  let segments: CalendarSegment[];
  if (!isTradingDay(year, month, day)) {
    segments = [{ session: 'closed', intensity: 0, start, end, dayKey }];
  } else {
    segments = SHAPE.map(([minute, session, intensity], i) => ({
      session,
      intensity,
      start: easternToUtc(year, month, day, minute),
      end: i + 1 < SHAPE.length ? easternToUtc(year, month, day, SHAPE[i + 1]![0]) : end,
      dayKey,
    }));
  }
  if (dayCache.size > 64) dayCache.clear();
  dayCache.set(dayKey, segments);
  return segments;
}

/** The calendar segment holding Unix ms `ms`. */
export function segmentAt(ms: number): CalendarSegment {
  const segments = segmentsOf(easternDayKey(ms));
  for (const s of segments) if (ms < s.end) return s;
  return segments[segments.length - 1]!;
}

/** The session at Unix ms `ms`. */
export function sessionAt(ms: number): MarketSession {
  return segmentAt(ms).session;
}

/**
 * 10:00 US/Eastern on the latest trading day on or before the Eastern date of `nowMs`: inside a
 * regular session, so that the simulator streams at any hour on any day.
 */
export function sessionStart(nowMs: number): number {
  let e = easternTime(nowMs);
  for (let back = 0; !isTradingDay(e.year, e.month, e.day); back++) {
    e = easternTime(nowMs - (back + 1) * 86_400_000);
  }
  return easternToUtc(e.year, e.month, e.day, 10 * 60);
}

/** Unix ms of `hh:mm` US/Eastern on the Eastern date of `ms`. */
export function easternAt(ms: number, hour: number, minute = 0): number {
  const e = easternTime(ms);
  return easternToUtc(e.year, e.month, e.day, hour * 60 + minute);
}
