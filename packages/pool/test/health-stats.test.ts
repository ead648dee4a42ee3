import { createManualClock, InvalidArgumentError } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import { Dedup, GapLedger, HealthStats, SocketBudget } from '../src/index.js';
import { T0, trade } from './events.js';
import { thrown } from './helpers.js';

describe('health stats', () => {
  it('builds the health object of architecture.md from per-connection counters and totals', () => {
    const h = new HealthStats();
    const c1 = h.add('connection_1', 'primary');
    const c2 = h.add('connection_2');
    c1.status = 'connected';
    c1.tickers = 2;
    c1.message(T0, 5);
    c1.message(T0 + 10);
    c2.status = 'reconnecting';
    c2.tickers = 1;
    c2.error();
    c2.reconnected();
    h.tick(4);
    h.tick();
    expect(
      h.snapshot({
        total_tickers: 2,
        duplicates_dropped: 3,
        corrections: 1,
        gaps: 2,
        account_contention: 1,
      }),
    ).toEqual({
      total_connections: 2,
      connected: 1,
      total_tickers: 2,
      total_ticks: 5,
      total_errors: 1,
      duplicates_dropped: 3,
      corrections: 1,
      gaps: 2,
      account_contention: 1,
      connections: {
        connection_1: {
          name: 'primary',
          status: 'connected',
          tickers: 2,
          messages: 6,
          errors: 0,
          last_message_at: T0 + 10,
          reconnects: 0,
        },
        connection_2: {
          name: 'connection_2',
          status: 'reconnecting',
          tickers: 1,
          messages: 0,
          errors: 1,
          last_message_at: null,
          reconnects: 1,
        },
      },
    });
  });

  it('takes its totals from the other modules', () => {
    const clock = createManualClock(T0);
    const dedup = new Dedup({ clock });
    const gaps = new GapLedger({ clock });
    const budget = new SocketBudget({ clock });
    const h = new HealthStats();
    h.add('c1').tickers = 1;
    dedup.offer(trade('AAPL', 1), 'c1');
    dedup.offer(trade('AAPL', 1), 'c2');
    gaps.confirmed('AAPL', 'c1', T0);
    gaps.lost('c1', T0, T0 + 1);
    const d = dedup.stats();
    const s = h.snapshot({
      duplicates_dropped: d.duplicates_dropped,
      corrections: d.corrections,
      gaps: gaps.stats().opened,
      account_contention: budget.stats().account_contention,
    });
    expect(s).toMatchObject({
      total_tickers: 1,
      duplicates_dropped: 1,
      gaps: 1,
      account_contention: 0,
    });
    budget.close();
  });

  it('sums tickers over connections when no total is given, and forgets removed connections', () => {
    const h = new HealthStats();
    h.add('a').tickers = 3;
    h.add('b').tickers = 4;
    expect(h.add('a')).toBe(h.get('a'));
    expect(h.snapshot().total_tickers).toBe(7);
    expect(h.remove('b')).toBe(true);
    expect(h.snapshot()).toMatchObject({ total_connections: 1, total_tickers: 3 });
  });

  it('rejects a bad id or total naming it', () => {
    const h = new HealthStats();
    expect(thrown(() => h.add(''))).toMatchObject({ field: 'id' });
    const err = thrown(() => h.snapshot({ gaps: -1 }));
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err).toMatchObject({ field: 'gaps' });
  });
});
