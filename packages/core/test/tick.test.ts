import { describe, expect, it } from 'vitest';
import { eventKey, toSeconds, toTick, type MassiveEvent } from '../src/index.js';
import { MINUTE_BAR, QUOTE, SECOND_BAR, TRADE } from './fixtures.js';

const ev = (o: object) => o as MassiveEvent;

describe('toTick', () => {
  it('normalises a trade: price p, volume s, seconds timestamp', () => {
    expect(toTick(ev(TRADE))).toEqual({
      ticker: 'MSFT',
      price: 114.125,
      volume: 100,
      timestamp: 1536036818.784,
      source: 'massive',
      event_type: 'trade',
    });
  });

  it('normalises a quote to its midpoint with volume 0', () => {
    expect(toTick(ev(QUOTE))).toMatchObject({
      price: (114.125 + 114.128) / 2,
      volume: 0,
      event_type: 'quote',
      timestamp: 1536036818.784,
    });
  });

  it('uses the present side of a one-sided quote', () => {
    expect(toTick(ev({ ...QUOTE, bp: 0 }))!.price).toBe(114.128);
    expect(toTick(ev({ ...QUOTE, ap: 0 }))!.price).toBe(114.125);
  });

  it('normalises bars to close, window volume and the window end', () => {
    expect(toTick(ev(MINUTE_BAR))).toMatchObject({
      price: 0.4486,
      volume: 4110,
      timestamp: 1610144700,
      event_type: 'aggregate_minute',
    });
    expect(toTick(ev(SECOND_BAR))).toMatchObject({
      timestamp: 1610144641,
      event_type: 'aggregate_second',
    });
  });

  it('stamps a quote without t with the fallback time', () => {
    const { t: _t, ...noTime } = QUOTE;
    expect(toTick(ev(noTime), 1_700_000_000_500)!.timestamp).toBe(1_700_000_000.5);
  });

  it('returns null for channels without a tick', () => {
    expect(toTick(ev({ ev: 'NOI', T: 'AAPL' }))).toBeNull();
  });
});

describe('toSeconds', () => {
  it('normalises seconds, ms, µs and ns by magnitude', () => {
    expect(toSeconds(1_600_000_000)).toBe(1_600_000_000);
    expect(toSeconds(1_600_000_000_123)).toBe(1_600_000_000.123);
    expect(toSeconds(1_600_000_000_123_000)).toBe(1_600_000_000.123);
    expect(toSeconds(1_600_000_000_123_000_000)).toBeCloseTo(1_600_000_000.123, 6);
  });

  it('switches unit exactly at 1e11 (ms), 1e14 (µs) and 1e17 (ns)', () => {
    expect(toSeconds(1e11 - 1)).toBe(1e11 - 1);
    expect(toSeconds(1e11)).toBe(1e8);
    expect(toSeconds(1e14 - 1)).toBe((1e14 - 1) / 1e3);
    expect(toSeconds(1e14)).toBe(1e8);
    expect(toSeconds(1e17 - 64)).toBe((1e17 - 64) / 1e6);
    expect(toSeconds(1e17)).toBe(1e8);
  });
});

describe('eventKey', () => {
  it('keys trades and quotes on (sym, q)', () => {
    expect(eventKey(ev(TRADE))).toBe(eventKey(ev({ ...TRADE, p: 1 })));
    expect(eventKey(ev(TRADE))).not.toBe(eventKey(ev({ ...TRADE, q: TRADE.q + 1 })));
    expect(eventKey(ev(TRADE))).not.toBe(eventKey(ev({ ...TRADE, sym: 'AAPL' })));
    expect(eventKey(ev(QUOTE))).not.toBe(eventKey(ev({ ...QUOTE, q: 1 })));
    expect(eventKey(ev(QUOTE))).toBe(eventKey(ev({ ...QUOTE, bp: 1, ap: 2 })));
  });

  it('does not confuse a trade and a quote with the same sequence number', () => {
    expect(eventKey(ev({ ...TRADE, q: 5 }))).not.toBe(
      eventKey(ev({ ...QUOTE, q: 5, sym: TRADE.sym })),
    );
  });

  it('keys bars on (ev, sym, s)', () => {
    expect(eventKey(ev(MINUTE_BAR))).toBe(eventKey(ev({ ...MINUTE_BAR, c: 9 })));
    expect(eventKey(ev(SECOND_BAR))).toBe(eventKey(ev({ ...SECOND_BAR, c: 9, v: 1 })));
    expect(eventKey(ev(MINUTE_BAR))).not.toBe(eventKey(ev({ ...MINUTE_BAR, ev: 'A' })));
    expect(eventKey(ev(MINUTE_BAR))).not.toBe(eventKey(ev({ ...MINUTE_BAR, s: 1 })));
  });

  it('falls back to the trade id, then to content, without a sequence number', () => {
    const { q: _q, ...noSeq } = TRADE;
    expect(eventKey(ev(noSeq))).toBe(eventKey(ev({ ...noSeq, p: 2 })));
    expect(eventKey(ev(noSeq))).not.toBe(eventKey(ev({ ...noSeq, i: 'other' })));
    const { i: _i, ...bare } = noSeq;
    expect(eventKey(ev(bare))).toBe(eventKey(ev({ ...bare, x: 99 })));
    for (const field of ['t', 'p', 's'])
      expect(eventKey(ev(bare))).not.toBe(eventKey(ev({ ...bare, [field]: 2 })));
    const { q: _qq, ...quote } = QUOTE;
    expect(eventKey(ev(quote))).toBe(eventKey(ev({ ...quote, x: 99 })));
    for (const field of ['t', 'bp', 'ap', 'bs', 'as'])
      expect(eventKey(ev(quote))).not.toBe(eventKey(ev({ ...quote, [field]: 2 })));
  });

  it('keys unknown channels on their content', () => {
    expect(eventKey(ev({ ev: 'NOI', T: 'A', x: 1 }))).not.toBe(
      eventKey(ev({ ev: 'NOI', T: 'A', x: 2 })),
    );
  });
});
