import { captureLogger } from '@tickmux/test-utils';
import { describe, expect, it } from 'vitest';
import { MemorySink, SinkSet, type TickSink } from '../src/index.js';
import { gap, tick } from './helpers.js';

/** A sink whose writes throw: a bug in one sink must not keep ticks from the others. */
function broken(): TickSink {
  const m = new MemorySink({ name: 'broken' });
  return Object.assign(m, {
    write: () => {
      throw new Error('boom');
    },
    writeGap: () => {
      throw new Error('boom');
    },
  });
}

describe('SinkSet', () => {
  it('hands every tick and gap to every sink, and isolates a sink that throws (logged once)', async () => {
    const logger = captureLogger();
    const a = new MemorySink({ name: 'a' });
    const b = new MemorySink({ name: 'b' });
    const set = new SinkSet([a, broken(), b], { logger });
    set.write(tick(1));
    set.write(tick(2));
    set.writeGap(gap());
    expect(a.recent()).toEqual([tick(1), tick(2)]);
    expect(b.recent()).toEqual([tick(1), tick(2)]);
    expect(b.gaps()).toEqual([gap()]);
    expect(logger.lines.filter((l) => l.msg === 'sink write failed')).toHaveLength(1);
    expect(await set.flush()).toBe(true);
  });

  it('refuses a malformed tick before any sink sees it', () => {
    const a = new MemorySink();
    const set = new SinkSet([a]);
    expect(() => set.write({ ticker: 'AAPL' } as never)).toThrow(
      expect.objectContaining({ field: 'tick.price' }),
    );
    expect(() => set.writeGap({ ...gap(), channels: 'T' } as never)).toThrow(
      expect.objectContaining({ field: 'gap.channels' }),
    );
    expect(a.counters.published).toBe(0);
  });

  it('close() closes every sink once, even when one fails to close', async () => {
    const logger = captureLogger();
    const a = new MemorySink({ name: 'a' });
    const failing = Object.assign(new MemorySink({ name: 'f' }), {
      close: () => Promise.reject(new Error('stuck')),
    });
    const set = new SinkSet([failing, a], { logger });
    const first = set.close();
    expect(set.close()).toBe(first);
    await first;
    a.write(tick(1));
    expect(a.counters.dropped).toBe(1);
    expect(logger.lines.map((l) => l.msg)).toEqual(['sink close failed']);
  });
});
