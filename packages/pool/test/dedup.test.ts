import { createManualClock, ErrorCode, InvalidArgumentError } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import { Dedup, DEFAULT_DEDUP_OPTIONS } from '../src/index.js';
import { DAY, T0, generic, quote, trade } from './events.js';

describe('dedup: T and Q by (sym, q)', () => {
  it('emits the first copy and drops the same event from the other connection', () => {
    const d = new Dedup();
    expect(d.offer(trade('AAPL', 1), 'a')).toBe('emit');
    expect(d.offer(trade('AAPL', 1), 'b')).toBe('duplicate');
    expect(d.stats()).toMatchObject({ emitted: 1, duplicates_dropped: 1, out_of_order: 0 });
  });

  it('emits every number of a sparse sequence once, whichever connection brings it first', () => {
    const d = new Dedup();
    const a = d.source('a');
    const b = d.source('b');
    const seq = [1, 2, 6, 9, 10, 11];
    const out: string[] = [];
    for (const q of seq) {
      out.push(a.offer(trade('AAPL', q)));
      out.push(b.offer(trade('AAPL', q)));
    }
    expect(out.filter((v) => v === 'emit')).toHaveLength(seq.length);
    expect(a.emitted).toBe(seq.length);
    expect(b.duplicates).toBe(seq.length);
  });

  it('emits an unseen smaller q from a connection that is behind (a watermark would lose it)', () => {
    const d = new Dedup();
    // A's first event is q=10; B, subscribed earlier, still has q=8 in flight.
    expect(d.offer(trade('AAPL', 10), 'a')).toBe('emit');
    expect(d.offer(trade('AAPL', 8), 'b')).toBe('emit');
    expect(d.offer(trade('AAPL', 10), 'b')).toBe('duplicate');
    expect(d.offer(trade('AAPL', 8), 'a')).toBe('duplicate');
    expect(d.stats()).toMatchObject({
      emitted: 2,
      duplicates_dropped: 2,
      out_of_order: 1,
      stale: 0,
    });
  });

  it('keeps T and Q, and tickers, apart', () => {
    const d = new Dedup();
    expect(d.offer(trade('AAPL', 5), 'a')).toBe('emit');
    expect(d.offer(quote('AAPL', 5), 'a')).toBe('emit');
    expect(d.offer(trade('MSFT', 5), 'a')).toBe('emit');
    expect(d.stats().keys).toBe(3);
  });

  it('drops a number below the window floor as stale: the stated bound', () => {
    const d = new Dedup({ seqWindow: 4 });
    for (const q of [10, 20, 30, 40, 50]) d.offer(trade('AAPL', q), 'a'); // 10 evicted: floor 10
    expect(d.offer(trade('AAPL', 5), 'b')).toBe('duplicate');
    expect(d.offer(trade('AAPL', 10), 'b')).toBe('duplicate');
    expect(d.offer(trade('AAPL', 15), 'b')).toBe('emit'); // above the floor, unseen: late
    // The window is full and 15 is below every retained number: it becomes the floor.
    expect(d.offer(trade('AAPL', 15), 'a')).toBe('duplicate');
    expect(d.stats()).toMatchObject({ stale: 3, out_of_order: 1 });
  });

  it('a late number below every retained one in a full window moves the floor, not the window', () => {
    const d = new Dedup({ seqWindow: 3 });
    for (const q of [10, 20, 30, 40]) d.offer(trade('AAPL', q), 'a'); // retained 20,30,40; floor 10
    expect(d.offer(trade('AAPL', 15), 'b')).toBe('emit');
    expect(d.offer(trade('AAPL', 15), 'a')).toBe('duplicate'); // now at the floor
    for (const q of [20, 30, 40]) expect(d.offer(trade('AAPL', q), 'b')).toBe('duplicate');
    expect(d.offer(trade('AAPL', 25), 'b')).toBe('emit');
    expect(d.offer(trade('AAPL', 25), 'a')).toBe('duplicate');
  });

  it('starts a new sequence on a new trading day instead of dropping it as old', () => {
    const d = new Dedup();
    for (let q = 1; q <= 500; q++) d.offer(trade('AAPL', q, T0 + q), 'a');
    expect(d.offer(trade('AAPL', 1, T0 + DAY), 'a')).toBe('emit');
    expect(d.offer(trade('AAPL', 1, T0 + DAY), 'b')).toBe('duplicate');
    expect(d.lastSeq('T', 'AAPL')).toBe(1);
    // A copy of yesterday's last trade from a lagging connection is too old.
    expect(d.offer(trade('AAPL', 500, T0 + 500), 'b')).toBe('duplicate');
    expect(d.stats().stale).toBe(1);
  });

  it('dates a quote without a time by the clock', () => {
    const clock = createManualClock(T0);
    const d = new Dedup({ clock });
    expect(d.offer(quote('AAPL', 7, undefined), 'a')).toBe('emit');
    expect(d.offer(quote('AAPL', 7, undefined), 'b')).toBe('duplicate');
    clock.set(T0 + DAY);
    expect(d.offer(quote('AAPL', 1, undefined), 'a')).toBe('emit');
  });

  it('falls back to the trade id, and to the content, without a sequence number', () => {
    const d = new Dedup();
    expect(d.offer(trade('AAPL', undefined, T0, { i: '77' }), 'a')).toBe('emit');
    expect(d.offer(trade('AAPL', undefined, T0, { i: '77' }), 'b')).toBe('duplicate');
    expect(d.offer(trade('AAPL', undefined, T0, { i: '78' }), 'b')).toBe('emit');
    expect(d.offer(quote('AAPL', undefined), 'a')).toBe('emit');
    expect(d.offer(quote('AAPL', undefined), 'b')).toBe('duplicate');
  });

  it('reports the last q delivered per (channel, ticker)', () => {
    const d = new Dedup();
    expect(d.lastSeq('T', 'AAPL')).toBeUndefined();
    d.offer(trade('AAPL', 4), 'a');
    d.offer(trade('AAPL', 9), 'a');
    d.offer(trade('AAPL', 6), 'b');
    expect(d.lastSeq('T', 'AAPL')).toBe(9);
    expect(d.lastSeq('Q', 'AAPL')).toBeUndefined();
  });
});

describe('dedup: other channels', () => {
  it('de-duplicates LULD by (T, q), the vendor documents its sequence number', () => {
    const d = new Dedup();
    const luld = (q: number) => generic('LULD', { T: 'AAPL', h: 155.2, l: 140.1, t: T0, q });
    expect(d.offer(luld(3), 'a')).toBe('emit');
    expect(d.offer(luld(3), 'b')).toBe('duplicate');
    expect(d.offer(luld(2), 'b')).toBe('emit');
    expect(d.lastSeq('LULD', 'AAPL')).toBe(3);
  });

  it('de-duplicates channels without a sequence number by content', () => {
    const d = new Dedup({ contentWindow: 2 });
    const fmv = (fmv: number) => generic('FMV', { sym: 'AAPL', fmv, t: T0 });
    expect(d.offer(fmv(1), 'a')).toBe('emit');
    expect(d.offer(fmv(1), 'b')).toBe('duplicate');
    expect(d.offer(fmv(2), 'a')).toBe('emit');
    expect(d.offer(fmv(3), 'a')).toBe('emit'); // fmv(1) is forgotten: contentWindow 2
    expect(d.offer(fmv(1), 'b')).toBe('emit');
  });
});

describe('dedup: sources, memory and options', () => {
  it('registers at most maxSources connections and frees a slot on release', () => {
    const d = new Dedup({ maxSources: 2 });
    const a = d.source('a');
    d.source('b');
    expect(d.source('a')).toBe(a);
    expect(() => d.source('c')).toThrow(InvalidArgumentError);
    a.release();
    a.release();
    expect(a.released).toBe(true);
    expect(d.source('c').slot).toBe(a.slot);
    expect(() => a.offer(trade('AAPL', 1))).toThrow(/released/);
    expect(d.stats().sources).toBe(2);
  });

  it('forgets every key of a ticker', () => {
    const d = new Dedup();
    d.offer(trade('AAPL', 1), 'a');
    d.offer(quote('AAPL', 1), 'a');
    d.offer(trade('MSFT', 1), 'a');
    d.forget('AAPL');
    expect(d.stats().keys).toBe(1);
    expect(d.offer(trade('AAPL', 1), 'b')).toBe('emit');
  });

  it('states its defaults', () => {
    expect(DEFAULT_DEDUP_OPTIONS).toEqual({
      seqWindow: 128,
      barWindows: 20,
      barVersions: 4,
      maxSources: 8,
      contentWindow: 4096,
      dayOffsetMs: 16_200_000,
    });
  });

  it.each([
    ['seqWindow', 0],
    ['seqWindow', 1.5],
    ['barWindows', 0],
    ['barVersions', 300],
    ['maxSources', 65],
    ['contentWindow', -1],
    ['dayOffsetMs', 86_400_000],
    ['clock', {}],
  ])('rejects %s = %j naming the option', (field, value) => {
    let caught: unknown;
    try {
      new Dedup({ [field]: value });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InvalidArgumentError);
    expect(caught).toMatchObject({ field, code: ErrorCode.INVALID_ARGUMENT });
  });

  it('rejects an empty connection id', () => {
    expect(() => new Dedup().source('')).toThrow(expect.objectContaining({ field: 'connection' }));
  });
});
