import { describe, expect, it } from 'vitest';
import { Emitted } from '../src/pool-failover.js';

describe('Emitted (what the pool bench reads off the pool)', () => {
  it('times the first event of a moved ticker from a connection other than the dead one', () => {
    const e = new Emitted(new Set());
    e.watchMoved(new Set(['AAPL', 'MSFT']), 'c1');
    e.onTick('AAPL', 'T', 1, undefined, 'c1'); // a late frame of the dead socket
    e.onTick('NVDA', 'T', 1, undefined, 'c2'); // not a moved ticker
    expect(e.movedAt()).toBeUndefined();
    const before = performance.now();
    e.onTick('MSFT', 'Q', 7, undefined, 'c3');
    const at = e.movedAt();
    expect(at).toBeGreaterThanOrEqual(before);
    // Taken once: watching stops when read.
    e.onTick('AAPL', 'T', 2, undefined, 'c2');
    expect(e.movedAt()).toBeUndefined();
  });

  it('counts duplicates per channel and ticker once tracking, and holes of replicated tickers', () => {
    const e = new Emitted(new Set(['AAPL']));
    e.onTick('AAPL', 'T', 1, undefined, 'c1');
    e.onTick('AAPL', 'T', 1, undefined, 'c1'); // not tracking yet
    e.tracking = true;
    for (const q of [1, 2, 2, 5]) e.onTick('AAPL', 'T', q, undefined, 'c1');
    e.onTick('AAPL', 'Q', 2, undefined, 'c2'); // another channel: not a duplicate of T 2
    for (const q of [1, 9]) e.onTick('MSFT', 'T', q, undefined, 'c2'); // not replicated
    e.onTick('MSFT', 'AM', undefined, undefined, 'c2');
    expect(e.duplicates).toBe(1);
    expect(e.lostReplicated()).toBe(2); // T 3 and 4
  });

  it("track() starts tracking with the tickers' state made up front, counting as before", () => {
    const e = new Emitted(new Set(['AAPL', 'MSFT']));
    e.onTick('AAPL', 'T', 1, undefined, 'c1');
    e.track(['AAPL', 'MSFT']);
    expect(e.tracking).toBe(true);
    expect(e.lostReplicated()).toBe(0); // made, but nothing seen yet: no holes
    for (const q of [3, 3, 6]) e.onTick('AAPL', 'T', q, undefined, 'c1');
    e.onTick('NVDA', 'Q', 1, undefined, 'c2'); // not listed: made on its first event
    e.onTick('NVDA', 'Q', 1, undefined, 'c2');
    expect(e.duplicates).toBe(2);
    expect(e.lostReplicated()).toBe(2); // T 4 and 5
    e.track(['AAPL']); // again: what was seen stays seen
    e.onTick('AAPL', 'T', 6, undefined, 'c2');
    expect(e.duplicates).toBe(3);
  });

  it('records latency only while recording', () => {
    const e = new Emitted(new Set());
    const now = performance.timeOrigin + performance.now();
    e.onTick('AAPL', 'T', 1, now, 'c1');
    e.recording = true;
    e.onTick('AAPL', 'T', 2, now, 'c1');
    e.onTick('AAPL', 'T', 3, 'not a stamp', 'c1');
    expect(e.latency.count).toBe(1);
  });
});
