import { describe, expect, it } from 'vitest';
import { addConnection, Assignment, rebalance } from '../src/index.js';
import { sectors } from './helpers.js';

// Pins which units balance.ts moves, from where to where, for rebalance and addConnection.

const rates = (r: Record<string, number>): Map<string, number> => new Map(Object.entries(r));

describe('balance: hysteresis', () => {
  it('moves nothing when the busiest carries exactly (1 + tolerance) × the mean', () => {
    const current = Assignment.fromRecord({ c1: ['A', 'B', 'C'], c2: ['D'] });
    const at = rebalance(current, { tolerance: 0.5 });
    expect(at.plan.moves).toEqual([]);
    expect(at.assignment.toJSON()).toEqual({ c1: ['A', 'B', 'C'], c2: ['D'] });
    const past = rebalance(current, { tolerance: 0.4 });
    expect(past.plan.moves).toEqual([{ ticker: 'A', from: 'c1', to: 'c2' }]);
  });
});

describe('balance: which unit moves', () => {
  it('load-balanced: moves the ticker whose rate is closest to half the gap, not the first that fits', () => {
    const current = Assignment.fromRecord(
      { c1: ['A', 'B', 'D'], c2: ['C'] },
      { strategy: 'load-balanced', stats: rates({ A: 1, B: 3, D: 4, C: 0 }) },
    );
    const change = rebalance(current);
    expect(change.assignment.toJSON()).toEqual({ c1: ['A', 'B'], c2: ['C', 'D'] });
    expect(change.plan.moves).toEqual([{ ticker: 'D', from: 'c1', to: 'c2' }]);
  });

  it('load-balanced: with room for one move, it is the one closest to half the gap', () => {
    const current = Assignment.fromRecord(
      { c1: ['A', 'B', 'D'], c2: ['C', 'E'] },
      { strategy: 'load-balanced', capacity: 3, stats: rates({ A: 1, B: 7, D: 4, C: 2, E: 0 }) },
    );
    const change = rebalance(current);
    expect(change.assignment.toJSON()).toEqual({ c1: ['A', 'B'], c2: ['C', 'E', 'D'] });
    expect(change.assignment.load('c2')).toBe(3);
  });

  it('sector: moves a whole sector, not its tickers one by one', () => {
    const current = Assignment.fromRecord(
      { c1: ['A1', 'A2', 'A3', 'B1'], c2: [] },
      { strategy: 'sector', sectors: sectors({ S: ['A1', 'A2', 'A3'], T: ['B1'] }) },
    );
    const change = rebalance(current);
    expect(change.assignment.toJSON()).toEqual({ c1: ['B1'], c2: ['A1', 'A2', 'A3'] });
  });

  it('sector: a sector closer to half the gap wins over a ticker without a sector seen first', () => {
    const current = Assignment.fromRecord(
      { c1: ['X', 'A1', 'A2', 'Y'], c2: [] },
      { strategy: 'sector', sectors: sectors({ S: ['A1', 'A2'] }) },
    );
    const change = rebalance(current);
    expect(change.assignment.toJSON()).toEqual({ c1: ['X', 'Y'], c2: ['A1', 'A2'] });
  });
});

describe('balance: where it moves to', () => {
  it('fills the lightest connection first', () => {
    const current = Assignment.fromRecord({ c1: ['A'], c2: ['B', 'C', 'D', 'E', 'F'], c3: [] });
    const change = rebalance(current);
    expect(change.assignment.toJSON()).toEqual({
      c1: ['A', 'C'],
      c2: ['E', 'F'],
      c3: ['B', 'D'],
    });
  });

  it('a connection that gave never receives', () => {
    const current = Assignment.fromRecord(
      { c1: ['A', 'B'], c2: ['C', 'D', 'E'], c3: [] },
      { strategy: 'load-balanced', stats: rates({ A: 6, B: 1, C: 2, D: 2, E: 2 }) },
    );
    const change = rebalance(current);
    expect(change.assignment.toJSON()).toEqual({ c1: ['B'], c2: ['C', 'D', 'E'], c3: ['A'] });
  });

  it('a connection that received never gives', () => {
    const current = Assignment.fromRecord(
      { c1: ['A', 'B'], c2: ['E'], c3: ['C'] },
      { strategy: 'load-balanced', stats: rates({ A: 6, B: 4, E: 0, C: 2 }) },
    );
    const change = rebalance(current);
    expect(change.assignment.toJSON()).toEqual({ c1: ['B'], c2: ['E', 'A'], c3: ['C'] });
  });
});

describe('balance: room on the receiving connection', () => {
  it('rebalance never fills a connection past its capacity', () => {
    // A record past the capacity on c1 (say, a pool subscribed before the limit was lowered).
    const current = Assignment.fromRecord(
      { c1: ['A', 'B', 'C', 'D'], c2: ['E', 'F'] },
      { capacity: 2 },
    );
    const change = rebalance(current);
    expect(change.plan.moves).toEqual([]);
    expect(change.assignment.toJSON()).toEqual({ c1: ['A', 'B', 'C', 'D'], c2: ['E', 'F'] });
  });

  it('addConnection: the new connection takes at most its share of tickers, whatever the rates', () => {
    const current = Assignment.fromRecord(
      { c1: ['A', 'B', 'C', 'D'] },
      { strategy: 'load-balanced', stats: rates({ A: 10, B: 0, C: 0, D: 0 }) },
    );
    const change = addConnection(current, 'c2');
    expect(change.assignment.toJSON()).toEqual({ c1: ['A', 'D'], c2: ['B', 'C'] });
  });

  it('addConnection under sector: a sector larger than the share left does not move', () => {
    const current = Assignment.fromRecord(
      { c1: ['A1', 'A2', 'A3', 'A4', 'A5', 'B1'] },
      {
        strategy: 'sector',
        sectors: sectors({ S: ['A1', 'A2', 'A3', 'A4', 'A5'], T: ['B1'] }),
      },
    );
    const change = addConnection(current, 'c2');
    expect(change.assignment.toJSON()).toEqual({
      c1: ['A1', 'A2', 'A3', 'A4', 'A5'],
      c2: ['B1'],
    });
  });
});
