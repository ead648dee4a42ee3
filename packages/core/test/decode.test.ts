import { describe, expect, it } from 'vitest';
import { decodeFrame, ErrorCode, toTick } from '../src/index.js';
import {
  GUIDE_AUTH,
  GUIDE_MINUTE,
  GUIDE_QUOTE,
  GUIDE_TRADE,
  MINUTE_BAR,
  QUOTE,
  SECOND_BAR,
  TRADE,
} from './fixtures.js';

const frame = (...items: unknown[]) => JSON.stringify(items);

describe('decodeFrame: vendor events', () => {
  it('decodes a trade with every vendor field', () => {
    const out = decodeFrame(frame(TRADE));
    expect(out.issues).toEqual([]);
    expect(out.events).toEqual([TRADE]);
  });

  it('decodes a quote with every vendor field', () => {
    const out = decodeFrame(frame(QUOTE));
    expect(out.issues).toEqual([]);
    expect(out.events).toEqual([QUOTE]);
  });

  it('decodes per-minute and per-second aggregates with every vendor field', () => {
    const out = decodeFrame(frame(MINUTE_BAR, SECOND_BAR));
    expect(out.issues).toEqual([]);
    expect(out.events).toEqual([MINUTE_BAR, SECOND_BAR]);
  });

  it('keeps an aggregate otc flag and optional trade fields (trfi, trft, ds)', () => {
    const trade = { ...TRADE, trfi: 202, trft: 1536036818780, ds: '0.5' };
    const bar = { ...MINUTE_BAR, otc: true };
    expect(decodeFrame(frame(trade, bar)).events).toEqual([trade, bar]);
  });

  it('decodes a batch in order', () => {
    const items = [TRADE, QUOTE, MINUTE_BAR, { ...TRADE, q: TRADE.q + 1 }];
    expect(decodeFrame(frame(...items)).events).toEqual(items);
  });
});

describe('decodeFrame: the test guide fixtures', () => {
  it('turns the guide trade into tick AAPL 150.25 x 100 at 1234567890.0 s', () => {
    const out = decodeFrame(`[${GUIDE_TRADE}]`);
    expect(out.issues).toEqual([]);
    expect(toTick(out.events[0]!)).toEqual({
      ticker: 'AAPL',
      price: 150.25,
      volume: 100,
      timestamp: 1234567890.0,
      source: 'massive',
      event_type: 'trade',
    });
  });

  it('decodes the guide quote (no timestamp) and keeps its sizes and prices', () => {
    const out = decodeFrame(`[${GUIDE_QUOTE}]`);
    expect(out.issues).toEqual([]);
    expect(out.events[0]).toMatchObject({ sym: 'AAPL', ap: 150.1, as: 1000, bp: 150, bs: 2000 });
    const tick = toTick(out.events[0]!, 1_700_000_000_000);
    expect(tick).toEqual({
      ticker: 'AAPL',
      price: 150.05,
      volume: 0,
      timestamp: 1_700_000_000,
      source: 'massive',
      event_type: 'quote',
    });
  });

  it('accepts the seed-era minute bar with t instead of s/e, reading t as the window end', () => {
    const out = decodeFrame(`[${GUIDE_MINUTE}]`);
    expect(out.issues).toEqual([]);
    expect(out.events[0]).toMatchObject({
      ev: 'AM',
      sym: 'AAPL',
      o: 150,
      h: 151,
      l: 149.5,
      c: 150.5,
      v: 10000,
      s: 1234567890000 - 60_000,
      e: 1234567890000,
    });
    expect(toTick(out.events[0]!)).toEqual({
      ticker: 'AAPL',
      price: 150.5,
      volume: 10000,
      timestamp: 1234567890.0,
      source: 'massive',
      event_type: 'aggregate_minute',
    });
  });

  it('reads a seed-era auth reply without ev as a status message', () => {
    const out = decodeFrame(`[${GUIDE_AUTH}]`);
    expect(out.issues).toEqual([]);
    expect(out.events).toEqual([]);
    expect(out.statuses).toEqual([{ status: 'success', session: 'xyz' }]);
  });

  it('keeps the order of statuses among events: statusAt counts the events before each', () => {
    const ack = { ev: 'status', status: 'success', message: 'subscribed to: T.MSFT' };
    const out = decodeFrame(frame(ack, TRADE, ack, QUOTE, { ev: 'T' }, ack));
    expect(out.events).toEqual([TRADE, QUOTE]);
    expect(out.statuses).toHaveLength(3);
    expect(out.statusAt).toEqual([0, 1, 2]);
    expect(decodeFrame(frame(TRADE)).statusAt).toEqual([]);
  });

  it('reads the vendor auth reply as a status message', () => {
    const out = decodeFrame('[{"ev":"status","status":"auth_success","message":"authenticated"}]');
    expect(out.statuses).toEqual([
      { ev: 'status', status: 'auth_success', message: 'authenticated' },
    ]);
  });
});

describe('decodeFrame: bad input never throws', () => {
  it('reports invalid JSON as one issue and nothing else', () => {
    const out = decodeFrame('[{"ev":"T",');
    expect(out.events).toEqual([]);
    expect(out.statuses).toEqual([]);
    expect(out.issues).toHaveLength(1);
    expect(out.issues[0]!.code).toBe(ErrorCode.INVALID_JSON);
  });

  it('reports a frame that is not an array and decodes a lone object anyway', () => {
    const lone = decodeFrame(JSON.stringify(TRADE));
    expect(lone.issues.map((i) => i.code)).toEqual([ErrorCode.FRAME_NOT_ARRAY]);
    expect(lone.events).toEqual([TRADE]);
    for (const text of ['42', '"hello"', 'null', 'true']) {
      const out = decodeFrame(text);
      expect(out.events).toEqual([]);
      expect(out.issues.map((i) => i.code)).toEqual([ErrorCode.FRAME_NOT_ARRAY]);
    }
  });

  it('skips non-object array entries and delivers the rest', () => {
    const out = decodeFrame(frame(1, TRADE, null, 'x', [QUOTE]));
    expect(out.events).toEqual([TRADE]);
    expect(out.issues.map((i) => [i.code, i.index])).toEqual([
      [ErrorCode.MESSAGE_NOT_OBJECT, 0],
      [ErrorCode.MESSAGE_NOT_OBJECT, 2],
      [ErrorCode.MESSAGE_NOT_OBJECT, 3],
      [ErrorCode.MESSAGE_NOT_OBJECT, 4],
    ]);
  });

  it('skips an event missing a required field, names the field, and keeps the rest of the frame', () => {
    const { p: _p, ...noPrice } = TRADE;
    const out = decodeFrame(frame(noPrice, QUOTE));
    expect(out.events).toEqual([QUOTE]);
    expect(out.issues).toEqual([
      expect.objectContaining({ code: ErrorCode.MISSING_FIELD, field: 'p', ev: 'T', index: 0 }),
    ]);
  });

  it('skips an event whose required field has the wrong type', () => {
    const out = decodeFrame(frame({ ...QUOTE, bp: '114.1' }, { ...MINUTE_BAR, sym: 7 }));
    expect(out.events).toEqual([]);
    expect(out.issues).toEqual([
      expect.objectContaining({ code: ErrorCode.INVALID_FIELD, field: 'bp', ev: 'Q' }),
      expect.objectContaining({ code: ErrorCode.INVALID_FIELD, field: 'sym', ev: 'AM' }),
    ]);
  });

  it('drops mistyped optional fields but still delivers the event', () => {
    const out = decodeFrame(frame({ ...TRADE, q: 'seven', c: 5 }));
    const { q: _q, c: _c, ...rest } = TRADE;
    expect(out.events).toEqual([rest]);
    expect(out.issues.map((i) => [i.code, i.field])).toEqual([
      [ErrorCode.INVALID_FIELD, 'q'],
      [ErrorCode.INVALID_FIELD, 'c'],
    ]);
  });

  it('reports an object with neither ev nor status, and a non-string ev', () => {
    const out = decodeFrame(frame({ sym: 'AAPL' }, { ev: 5 }));
    expect(out.issues.map((i) => [i.code, i.field])).toEqual([
      [ErrorCode.MISSING_FIELD, 'ev'],
      [ErrorCode.INVALID_FIELD, 'ev'],
    ]);
  });

  it('reports a status event without a status string', () => {
    const out = decodeFrame(frame({ ev: 'status', message: 'x' }));
    expect(out.statuses).toEqual([]);
    expect(out.issues).toStrictEqual([
      {
        code: ErrorCode.MISSING_FIELD,
        message: 'frame[0]: status event is missing required field "status"',
        index: 0,
        field: 'status',
        ev: 'status',
      },
    ]);
  });

  it('names no ev on the issue of an entry that has none (the key is absent, not undefined)', () => {
    const out = decodeFrame(frame({ sym: 'AAPL' }));
    expect(out.issues).toStrictEqual([
      {
        code: ErrorCode.MISSING_FIELD,
        message: 'frame[0]: message is missing required field "ev"',
        index: 0,
        field: 'ev',
      },
    ]);
    expect('ev' in out.issues[0]!).toBe(false);
  });
});

describe('decodeFrame: unknown channels, mixed frames, precision, size', () => {
  it('passes an unknown ev through as a generic event with all its fields', () => {
    const luld = {
      ev: 'LULD',
      T: 'AAPL',
      h: 155.2,
      l: 140.1,
      i: [1],
      z: 3,
      t: 1_600_000_000_000_000,
    };
    const out = decodeFrame(frame(luld));
    expect(out.issues).toEqual([]);
    expect(out.events).toEqual([luld]);
    expect(toTick(out.events[0]!)).toBeNull();
  });

  it('separates status messages from data events in a mixed frame, each in order', () => {
    const s1 = { ev: 'status', status: 'success', message: 'subscribed to: T.MSFT' };
    const s2 = { ev: 'status', status: 'success', message: 'subscribed to: Q.MSFT' };
    const out = decodeFrame(frame(s1, TRADE, s2, QUOTE));
    expect(out.statuses).toEqual([s1, s2]);
    expect(out.events).toEqual([TRADE, QUOTE]);
    expect(out.issues).toEqual([]);
  });

  it('keeps a price with 8+ decimals exactly', () => {
    const out = decodeFrame('[{"ev":"T","sym":"PENNY","p":0.123456789012,"s":1,"t":1}]');
    expect((out.events[0] as { p: number }).p).toBe(0.123456789012);
    const q = decodeFrame('[{"ev":"Q","sym":"FX","bp":1.08765432,"bs":1,"ap":1.08765439,"as":1}]');
    expect(q.events[0]).toMatchObject({ bp: 1.08765432, ap: 1.08765439 });
  });

  it('decodes a 100 KiB frame like any other', () => {
    const items = [];
    let q = 0;
    while (JSON.stringify(items).length < 100 * 1024) items.push({ ...TRADE, q: q++ });
    const text = JSON.stringify(items);
    expect(text.length).toBeGreaterThanOrEqual(100 * 1024);
    const out = decodeFrame(text);
    expect(out.issues).toEqual([]);
    expect(out.events).toHaveLength(items.length);
    expect(out.events.at(-1)).toEqual(items.at(-1));
  });
});
