import { createManualClock, ErrorCode, InvalidArgumentError } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import { Dedup, GapLedger, type GapReport } from '../src/index.js';
import { trade, quote, T0 } from './events.js';
import { recordingLogger, thrown } from './helpers.js';

function ledger(options: ConstructorParameters<typeof GapLedger>[0] = {}) {
  const gaps: GapReport[] = [];
  const l = new GapLedger({ onGap: (g) => gaps.push(g), ...options });
  return { l, gaps };
}

describe('gap ledger', () => {
  it('opens a gap from the last sign of life of the only carrier and closes it on confirmation', () => {
    const { l, gaps } = ledger();
    l.confirmed('AAPL', 'c1', 1_000);
    expect(l.lost('c1', 5_000, 5_400, 'heartbeat')).toBe(1);
    expect(l.openGaps()).toEqual([
      {
        ticker: 'AAPL',
        channels: ['T', 'Q', 'AM'],
        from: 5_000,
        reason: 'heartbeat',
        connection: 'c1',
        detectedAt: 5_400,
      },
    ]);
    expect(gaps).toEqual([]);
    l.confirmed('AAPL', 'c2', 5_450);
    expect(gaps).toEqual([
      {
        ticker: 'AAPL',
        channels: ['T', 'Q', 'AM'],
        from: 5_000,
        to: 5_450,
        reason: 'heartbeat',
        connection: 'c1',
      },
    ]);
    expect(l.openGaps()).toEqual([]);
    expect(l.history()).toEqual(gaps);
    expect(l.stats()).toEqual({ open: 0, opened: 1, reported: 1, settling: 0 });
  });

  it('reports at once the time a carrier seen dead late was not live: from its last sign of life to its stand-in', () => {
    const { l, gaps } = ledger({ channels: ['T'] });
    l.confirmed('AAPL', 'stalled', 1_000);
    l.confirmed('AAPL', 'other', 1_000);
    l.lost('other', 10_000, 10_000); // the stalled one still looks alive
    expect(gaps).toEqual([]);
    l.confirmed('AAPL', 'standin', 12_000);
    l.lost('stalled', 8_000, 40_000, 'heartbeat'); // silent since 8 s, seen dead at 40 s
    expect(gaps).toEqual([
      {
        ticker: 'AAPL',
        channels: ['T'],
        from: 8_000,
        to: 12_000,
        reason: 'heartbeat',
        connection: 'stalled',
      },
    ]);
    expect(l.openGaps()).toEqual([]);
  });

  it('judges a move away from a connection once it is found dead since before the move', () => {
    const { l, gaps } = ledger({ channels: ['T'] });
    l.confirmed('AAPL', 'stalled', 1_000);
    l.confirmed('AAPL', 'home', 9_000);
    l.unsubscribed('AAPL', 'stalled', 9_000); // moved back home: no gap seen then
    expect(gaps).toEqual([]);
    l.lost('stalled', 5_000, 40_000, 'heartbeat');
    expect(gaps).toEqual([
      {
        ticker: 'AAPL',
        channels: ['T'],
        from: 5_000,
        to: 9_000,
        reason: 'heartbeat',
        connection: 'stalled',
      },
    ]);
    // A connection that confirms something after a move was alive: the move stands.
    l.confirmed('MSFT', 'c1', 1_000);
    l.confirmed('MSFT', 'c2', 2_000);
    l.unsubscribed('MSFT', 'c1', 3_000);
    l.confirmed('NVDA', 'c1', 4_000);
    l.lost('c1', 3_500, 6_000);
    expect(gaps).toHaveLength(1);
  });

  it('opens no gap for a replicated ticker while a replica is live', () => {
    const { l, gaps } = ledger();
    l.confirmed('AAPL', 'c1', 1_000);
    l.confirmed('AAPL', 'c2', 1_000);
    expect(l.lost('c1', 2_000, 2_100)).toBe(0);
    expect(l.carriers('AAPL')).toEqual(['c2']);
    l.confirmed('AAPL', 'c1', 3_000);
    expect(gaps).toEqual([]);
    expect(l.openGaps()).toEqual([]);
  });

  it("opens the gap when the last replica goes, from that replica's last sign of life", () => {
    const { l } = ledger();
    l.confirmed('AAPL', 'c1', 1_000);
    l.confirmed('AAPL', 'c2', 1_000);
    l.lost('c1', 2_000, 2_100);
    l.lost('c2', 3_000, 3_300, 'stall');
    expect(l.openGaps()).toMatchObject([{ from: 3_000, reason: 'stall', connection: 'c2' }]);
  });

  it('opens no gap for a ticker given up on purpose, and closes an open one when it is', () => {
    const { l, gaps } = ledger();
    l.confirmed('AAPL', 'c1', 1_000);
    l.confirmed('MSFT', 'c1', 1_000);
    l.forget('AAPL', 1_500);
    l.lost('c1', 2_000, 2_100);
    expect(l.openGaps().map((g) => g.ticker)).toEqual(['MSFT']);
    l.forget('MSFT', 2_500);
    expect(gaps).toMatchObject([{ ticker: 'MSFT', from: 2_000, to: 2_500 }]);
    expect(l.openGaps()).toEqual([]);
  });

  it('opens no gap on a move whose new carrier confirmed first, and one when it had not', () => {
    const { l } = ledger();
    l.confirmed('AAPL', 'c1', 1_000);
    l.confirmed('AAPL', 'c2', 2_000);
    expect(l.unsubscribed('AAPL', 'c1', 2_100)).toBe(false);
    expect(l.unsubscribed('AAPL', 'c2', 3_000)).toBe(true);
    expect(l.openGaps()).toMatchObject([{ from: 3_000, reason: 'unsubscribed', connection: 'c2' }]);
    l.lost('c2', 3_500, 3_600); // no longer carried there: nothing changes
    expect(l.stats().opened).toBe(1);
  });

  it('tracks channels: a gap covers only the channels no carrier has', () => {
    const { l, gaps } = ledger();
    l.confirmed('AAPL', 'c1', 1_000, ['T', 'Q']);
    l.confirmed('AAPL', 'c2', 1_000, ['T']);
    l.lost('c1', 2_000, 2_100);
    expect(l.openGaps()).toMatchObject([{ channels: ['Q'] }]);
    l.lost('c2', 3_000, 3_100); // T goes too: the open gap widens, from stays
    expect(l.openGaps()).toMatchObject([{ channels: ['Q', 'T'], from: 2_000 }]);
    l.confirmed('AAPL', 'c3', 4_000, ['T']);
    expect(gaps).toEqual([]);
    l.confirmed('AAPL', 'c3', 4_200, ['T', 'Q']);
    expect(gaps).toMatchObject([{ channels: ['Q', 'T'], from: 2_000, to: 4_200 }]);
  });

  it('adds the channels of a later confirmation to those already carried', () => {
    const { l } = ledger();
    l.confirmed('AAPL', 'c1', 1_000, ['T']);
    l.confirmed('AAPL', 'c1', 1_100, ['Q']);
    l.lost('c1', 2_000, 2_100);
    expect(l.openGaps()).toMatchObject([{ channels: ['T', 'Q'] }]);
  });

  it('keeps historySize closed gaps, and lists open gaps oldest first', () => {
    const { l } = ledger({ historySize: 2 });
    for (const [i, t] of ['A', 'B', 'C'].entries()) {
      l.confirmed(t, `c${i}`, 0);
      l.lost(`c${i}`, 100 + i, 200);
    }
    expect(l.openGaps().map((g) => g.ticker)).toEqual(['A', 'B', 'C']);
    for (const t of ['A', 'B', 'C']) l.confirmed(t, 'spare', 300);
    expect(l.history().map((g) => g.ticker)).toEqual(['B', 'C']);
    expect(l.stats().reported).toBe(3);
  });

  it('ignores a connection that carries nothing', () => {
    expect(new GapLedger().lost('nobody', 1, 2)).toBe(0);
  });

  it('logs an onGap callback that throws and goes on', () => {
    const { logger, lines } = recordingLogger();
    const l = new GapLedger({
      logger,
      onGap: () => {
        throw new Error('boom');
      },
    });
    l.confirmed('AAPL', 'c1', 0);
    l.lost('c1', 1, 2);
    l.confirmed('AAPL', 'c2', 3);
    expect(lines).toMatchObject([{ level: 'error', msg: 'onGap callback threw' }]);
    expect(l.history()).toHaveLength(1);
  });

  it.each([
    [() => new GapLedger().confirmed('', 'c1', 0), 'ticker'],
    [() => new GapLedger().confirmed('AAPL', '', 0), 'connection'],
    [() => new GapLedger().confirmed('AAPL', 'c1', Number.NaN), 'at'],
    [() => new GapLedger().confirmed('AAPL', 'c1', 0, []), 'channels'],
    [() => new GapLedger().confirmed('AAPL', 'c1', 0, ['t']), 'channels[0]'],
    [() => new GapLedger().lost('c1', 10, 5), 'detectedAt'],
    [() => new GapLedger({ historySize: -1 }), 'historySize'],
    [() => new GapLedger({ contiguous: true }), 'lastSeq'],
    [() => new GapLedger({ settleMs: 1.5 }), 'settleMs'],
    [() => new GapLedger({ onGap: 1 as never }), 'onGap'],
  ])('rejects bad input naming the field (%#)', (fn, field) => {
    const err = thrown(fn);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).field).toBe(field);
  });
});

describe('gap ledger: exact counts when q is contiguous', () => {
  function contiguous() {
    const clock = createManualClock(T0);
    const dedup = new Dedup();
    const gaps: GapReport[] = [];
    const l = new GapLedger({
      contiguous: true,
      lastSeq: (c, t) => dedup.lastSeq(c, t),
      onGap: (g) => gaps.push(g),
      clock,
    });
    /** Delivers an event through dedup, and what it emits to the ledger. */
    const deliver = (e: ReturnType<typeof trade> | ReturnType<typeof quote>, from: string) => {
      if (dedup.offer(e, from) === 'emit') l.observe(e.ev, e.sym, e.q!);
    };
    return { clock, l, gaps, deliver };
  }

  it('counts the events missed per channel from the last q before and the first q after', () => {
    const { l, gaps, deliver } = contiguous();
    l.confirmed('AAPL', 'c1', T0, ['T', 'Q', 'AM']);
    deliver(trade('AAPL', 1), 'c1');
    deliver(trade('AAPL', 2), 'c1');
    deliver(quote('AAPL', 7), 'c1');
    l.lost('c1', T0 + 10, T0 + 20);
    l.confirmed('AAPL', 'c2', T0 + 30, ['T', 'Q', 'AM']);
    expect(gaps).toEqual([]); // waits for the first event of each sequenced channel
    expect(l.stats().settling).toBe(1);
    deliver(trade('AAPL', 6), 'c2'); // 3, 4, 5 missed
    deliver(trade('AAPL', 7), 'c2');
    deliver(quote('AAPL', 8), 'c2'); // none missed
    expect(gaps).toEqual([
      {
        ticker: 'AAPL',
        channels: ['T', 'Q', 'AM'],
        from: T0 + 10,
        to: T0 + 30,
        reason: 'connection_lost',
        connection: 'c1',
        missing: 3,
        missingByChannel: { T: 3, Q: 0 },
      },
    ]);
  });

  it('reports after settleMs with what it could count when a channel stays quiet', () => {
    const { clock, l, gaps, deliver } = contiguous();
    l.confirmed('AAPL', 'c1', T0, ['T', 'Q']);
    deliver(trade('AAPL', 1), 'c1');
    deliver(quote('AAPL', 1), 'c1');
    l.lost('c1', T0 + 10, T0 + 20);
    l.confirmed('AAPL', 'c2', T0 + 30, ['T', 'Q']);
    deliver(trade('AAPL', 5), 'c2');
    clock.advance(29_999);
    expect(gaps).toEqual([]);
    clock.advance(1);
    expect(gaps).toMatchObject([{ missingByChannel: { T: 3 } }]);
    expect(gaps[0]!.missing).toBeUndefined();
    expect(clock.pending()).toBe(0);
  });

  it('cannot count a channel with no q before the gap', () => {
    const { l, gaps, deliver } = contiguous();
    l.confirmed('AAPL', 'c1', T0, ['T']);
    l.lost('c1', T0 + 10, T0 + 20);
    l.confirmed('AAPL', 'c2', T0 + 30, ['T']);
    deliver(trade('AAPL', 5), 'c2');
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).not.toHaveProperty('missing');
  });

  it('reports a settling gap when the ticker loses its carrier again; the counts still add up', () => {
    const { l, gaps, deliver } = contiguous();
    l.confirmed('AAPL', 'c1', T0, ['T']);
    deliver(trade('AAPL', 1), 'c1');
    l.lost('c1', T0 + 10, T0 + 20);
    l.confirmed('AAPL', 'c2', T0 + 30, ['T']);
    l.lost('c2', T0 + 40, T0 + 50); // before any event arrived
    l.confirmed('AAPL', 'c3', T0 + 60, ['T']);
    deliver(trade('AAPL', 10), 'c3');
    expect(gaps.map((g) => g.missingByChannel?.['T'] ?? 0)).toEqual([0, 8]);
    expect(gaps[1]).toMatchObject({ from: T0 + 40, to: T0 + 60, missing: 8 });
  });

  it('close() reports what is still settling and leaves no timer', () => {
    const { clock, l, gaps, deliver } = contiguous();
    l.confirmed('AAPL', 'c1', T0, ['T']);
    deliver(trade('AAPL', 1), 'c1');
    l.lost('c1', T0 + 10, T0 + 20);
    l.confirmed('AAPL', 'c2', T0 + 30, ['T']);
    expect(clock.pending()).toBe(1);
    l.close();
    l.close();
    expect(gaps).toHaveLength(1);
    expect(clock.pending()).toBe(0);
  });

  it('needs its error codes from the one table', () => {
    expect(thrown(() => new GapLedger({ contiguous: true }))).toMatchObject({
      code: ErrorCode.INVALID_ARGUMENT,
    });
  });
});
