import { describe, expect, it } from 'vitest';
import { barFingerprint, Dedup } from '../src/index.js';
import { T0, bar } from './events.js';

const M = 60_000;
const S0 = T0 - (T0 % M);

describe('dedup: A and AM by (ev, sym, s) plus content', () => {
  it('drops an identical bar from the second connection', () => {
    const d = new Dedup();
    expect(d.offer(bar('AAPL', S0), 'a')).toBe('emit');
    expect(d.offer(bar('AAPL', S0), 'b')).toBe('duplicate');
    expect(d.stats()).toMatchObject({ emitted: 1, duplicates_dropped: 1, corrections: 0 });
  });

  it('emits a late-trade correction arriving on both connections once, as a correction', () => {
    const d = new Dedup();
    d.offer(bar('AAPL', S0, 1), 'a');
    d.offer(bar('AAPL', S0, 1), 'b');
    expect(d.offer(bar('AAPL', S0, 2), 'b')).toBe('correction');
    expect(d.offer(bar('AAPL', S0, 2), 'a')).toBe('duplicate');
    expect(d.stats()).toMatchObject({ emitted: 1, corrections: 1, duplicates_dropped: 2 });
  });

  it("drops a lagging connection's copy of an older version as a duplicate, not a correction", () => {
    const d = new Dedup();
    const a = d.source('a');
    const b = d.source('b');
    const c = d.source('c'); // subscribed after version 2 went out
    expect(a.offer(bar('AAPL', S0, 1))).toBe('emit');
    expect(c.offer(bar('AAPL', S0, 3))).toBe('correction');
    // b delivered nothing yet: its version 1 is known content.
    expect(b.offer(bar('AAPL', S0, 1))).toBe('duplicate');
    // b's version 2 was never emitted, but b is behind (3 is out): superseded.
    expect(b.offer(bar('AAPL', S0, 2))).toBe('duplicate');
    expect(b.offer(bar('AAPL', S0, 3))).toBe('duplicate');
    expect(a.offer(bar('AAPL', S0, 2))).toBe('duplicate');
    expect(d.stats()).toMatchObject({ corrections: 1, duplicates_dropped: 4 });
  });

  it('takes a correction from a connection that never delivered the window', () => {
    const d = new Dedup();
    d.offer(bar('AAPL', S0, 1), 'a');
    expect(d.offer(bar('AAPL', S0, 2), 'b')).toBe('correction');
  });

  it('takes a fresh correction from a reconnected socket that was behind before', () => {
    const d = new Dedup();
    const a = d.source('a');
    const b = d.source('b');
    a.offer(bar('AAPL', S0, 1));
    b.offer(bar('AAPL', S0, 1));
    a.offer(bar('AAPL', S0, 2)); // b's socket died before version 2
    b.newSession();
    a.release(); // and now a is gone too
    expect(b.offer(bar('AAPL', S0, 3))).toBe('correction');
  });

  it('without a new session, a source that was behind stays behind', () => {
    const d = new Dedup();
    const a = d.source('a');
    const b = d.source('b');
    a.offer(bar('AAPL', S0, 1));
    b.offer(bar('AAPL', S0, 1));
    a.offer(bar('AAPL', S0, 2));
    expect(b.offer(bar('AAPL', S0, 9))).toBe('duplicate');
  });

  it('keeps A and AM, windows and tickers apart', () => {
    const d = new Dedup();
    expect(d.offer(bar('AAPL', S0, 1, 'AM'), 'a')).toBe('emit');
    expect(d.offer(bar('AAPL', S0, 1, 'A'), 'a')).toBe('emit');
    expect(d.offer(bar('AAPL', S0 + M, 1), 'a')).toBe('emit');
    expect(d.offer(bar('MSFT', S0, 1), 'a')).toBe('emit');
    expect(d.stats().keys).toBe(3);
  });

  it('keeps barWindows windows: a correction 15 minutes late still counts, an older bar is stale', () => {
    const d = new Dedup();
    for (let m = 0; m < 20; m++) d.offer(bar('AAPL', S0 + m * M, 1), 'a');
    expect(d.offer(bar('AAPL', S0 + 4 * M, 2), 'a')).toBe('correction');
    expect(d.offer(bar('AAPL', S0 + 20 * M, 1), 'a')).toBe('emit'); // window S0 leaves
    expect(d.offer(bar('AAPL', S0, 1), 'b')).toBe('duplicate');
    expect(d.offer(bar('AAPL', S0, 2), 'b')).toBe('duplicate');
    expect(d.stats().stale).toBe(2);
  });

  it('keeps barVersions versions per window', () => {
    const d = new Dedup({ barVersions: 2 });
    for (let v = 1; v <= 3; v++) d.offer(bar('AAPL', S0, v), 'a');
    expect(d.offer(bar('AAPL', S0, 2), 'b')).toBe('duplicate');
    expect(d.offer(bar('AAPL', S0, 3), 'b')).toBe('duplicate');
    // Version 1 has left the window's versions: a source with no position takes it as new.
    expect(d.offer(bar('AAPL', S0, 1), 'c')).toBe('correction');
  });
});

describe('bar fingerprint', () => {
  it('is equal for equal content and differs when any content field changes', () => {
    const base = bar('AAPL', S0, 1);
    expect(barFingerprint({ ...base })).toBe(barFingerprint(base));
    for (const field of ['v', 'o', 'c', 'h', 'l', 'e', 'av', 'op', 'vw', 'a', 'z'] as const) {
      expect(barFingerprint({ ...base, [field]: base[field]! + 0.01 })).not.toBe(
        barFingerprint(base),
      );
    }
    expect(barFingerprint({ ...base, otc: true })).not.toBe(barFingerprint(base));
    expect(barFingerprint({ ...base, dv: '1000.5' } as typeof base)).not.toBe(barFingerprint(base));
    const { vw: _vw, ...withoutVw } = base;
    expect(barFingerprint(withoutVw)).not.toBe(barFingerprint(base));
  });

  it('ignores the window identity', () => {
    const base = bar('AAPL', S0, 1);
    expect(barFingerprint({ ...base, sym: 'MSFT', s: 0 })).toBe(barFingerprint(base));
  });

  it('is a safe integer of at most 53 bits', () => {
    const f = barFingerprint(bar('AAPL', S0, 1));
    expect(Number.isSafeInteger(f)).toBe(true);
    expect(f).toBeGreaterThanOrEqual(0);
  });
});
