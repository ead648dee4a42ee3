import { describe, expect, it } from 'vitest';
import { encodeGap, encodeTick, MemorySink } from '../src/index.js';
import { gap, tick, TICK_FIELDS } from './helpers.js';

describe('the normalised tick on the wire', () => {
  it('carries exactly the documented fields, in order, timestamp in seconds', () => {
    const t = { ...tick(7), correction: true, connection_id: 'c1' };
    const json = encodeTick(t);
    expect(json).toBe(
      '{"ticker":"AAPL","price":100.07,"volume":7,"timestamp":1700000000.007,"source":"massive","event_type":"trade"}',
    );
    expect(Object.keys(JSON.parse(json) as object)).toEqual(TICK_FIELDS);
  });

  it('writes a non-finite number as null, so the message stays JSON', () => {
    expect(JSON.parse(encodeTick({ ...tick(1), price: Number.NaN }))).toMatchObject({
      price: null,
    });
  });

  it('escapes strings', () => {
    expect(JSON.parse(encodeTick({ ...tick(1), ticker: 'A"B\\' }))).toMatchObject({
      ticker: 'A"B\\',
    });
  });

  it('marks a gap report with type "gap", ms times, and missing only when known', () => {
    expect(JSON.parse(encodeGap(gap('MSFT', null)))).toEqual({
      type: 'gap',
      ticker: 'MSFT',
      channels: ['T', 'Q', 'AM'],
      from: 1_700_000_000_000,
      to: null,
      reason: 'connection_lost',
    });
    expect(JSON.parse(encodeGap({ ...gap(), missing: 3 }))).toMatchObject({
      missing: 3,
      to: 1_700_000_005_000,
    });
  });
});

describe('MemorySink', () => {
  it('keeps the last ticks in a ring, counting what it overwrote', () => {
    const sink = new MemorySink({ capacity: 3 });
    for (let i = 0; i < 5; i++) sink.write(tick(i));
    expect(sink.recent().map((t) => t.volume)).toEqual([2, 3, 4]);
    expect(sink.recent(2).map((t) => t.volume)).toEqual([3, 4]);
    expect(sink.counters).toEqual({
      published: 5,
      dropped: 2,
      buffered: 3,
      errors: 0,
      reconnects: 0,
    });
  });

  it('keeps gap reports apart, and counts writes after close as dropped', async () => {
    const sink = new MemorySink();
    sink.writeGap(gap());
    await sink.close();
    await sink.close();
    sink.write(tick(1));
    expect(sink.gaps()).toEqual([gap()]);
    expect(sink.counters).toMatchObject({ published: 1, dropped: 1, buffered: 1 });
    expect(await sink.flush()).toBe(true);
  });

  it('refuses a malformed tick naming the field, and bad options naming the option', () => {
    const sink = new MemorySink();
    expect(() => sink.write({ ...tick(1), price: '1' } as never)).toThrow(
      expect.objectContaining({ code: 'TICKMUX_INVALID_ARGUMENT', field: 'tick.price' }),
    );
    expect(() => sink.writeGap({ ...gap(), to: 'later' } as never)).toThrow(
      expect.objectContaining({ field: 'gap.to' }),
    );
    expect(() => new MemorySink({ capacity: 0 })).toThrow(
      expect.objectContaining({ field: 'capacity' }),
    );
    expect(sink.counters.published).toBe(0);
  });
});
