import { describe, expect, it } from 'vitest';
import { easternTime, segmentAt, sessionAt, sessionStart } from '../src/index.js';
import { eastern } from './model-helpers.js';

describe('US/Eastern market calendar', () => {
  it('puts pre-market at 04:00, the regular session at 09:30-16:00, after-hours to 20:00', () => {
    const at = (h: number, m: number) => sessionAt(eastern(2025, 7, 15, h, m));
    expect([
      at(3, 59),
      at(4, 0),
      at(9, 29),
      at(9, 30),
      at(15, 59),
      at(16, 0),
      at(19, 59),
      at(20, 0),
    ]).toEqual(['closed', 'pre', 'pre', 'regular', 'regular', 'after', 'after', 'closed']);
  });

  it('knows Eastern time on both sides of a DST change (EST in January, EDT in July)', () => {
    expect(new Date(eastern(2025, 1, 2, 9, 30)).toISOString()).toBe('2025-01-02T14:30:00.000Z');
    expect(new Date(eastern(2025, 7, 15, 9, 30)).toISOString()).toBe('2025-07-15T13:30:00.000Z');
    // The day the clocks spring forward is 23 hours long; the open is still 09:30 local.
    expect(easternTime(eastern(2025, 3, 9, 9, 30))).toMatchObject({ hour: 9, minute: 30 });
  });

  it('is closed all weekend', () => {
    expect(segmentAt(eastern(2025, 1, 4, 11))).toMatchObject({ session: 'closed', intensity: 0 });
    expect(segmentAt(eastern(2025, 1, 5, 15))).toMatchObject({ session: 'closed', intensity: 0 });
  });

  it('bursts at the open and the close', () => {
    const intensity = (h: number, m: number) => segmentAt(eastern(2025, 1, 2, h, m)).intensity;
    expect(intensity(9, 31)).toBeGreaterThan(intensity(12, 0));
    expect(intensity(15, 57)).toBeGreaterThan(intensity(12, 0));
    expect(intensity(5, 0)).toBeLessThan(intensity(12, 0) / 10);
  });

  it('starts a session clock at 10:00 Eastern on the latest weekday', () => {
    // Saturday night and Sunday morning both go back to Friday.
    expect(sessionStart(eastern(2025, 1, 4, 23))).toBe(eastern(2025, 1, 3, 10));
    expect(sessionStart(eastern(2025, 1, 5, 3))).toBe(eastern(2025, 1, 3, 10));
    // A weekday at 02:00 stays on that day (still inside its trading date).
    expect(sessionStart(eastern(2025, 1, 7, 2))).toBe(eastern(2025, 1, 7, 10));
    expect(sessionAt(sessionStart(Date.now()))).toBe('regular');
  });
});
