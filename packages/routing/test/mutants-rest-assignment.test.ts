import { describe, expect, it } from 'vitest';
import { Assignment, applyPlan, assign } from '../src/index.js';

describe('Assignment: shared read-only results', () => {
  it('hands out one frozen empty list for every empty result, not a new one per read', () => {
    const a = assign('least-loaded', { tickers: ['AAPL'], connections: ['c1', 'c2'] });
    const b = Assignment.fromRecord({ c1: ['MSFT'] });
    expect(a.unplaced).toEqual([]);
    expect(a.unplaced).toBe(a.unplaced);
    expect(a.underReplicated).toEqual([]);
    expect(a.underReplicated).toBe(b.underReplicated);
    expect(Object.isFrozen(a.underReplicated)).toBe(true);
  });

  it('computes the under-replicated tickers once per assignment', () => {
    const a = assign('least-loaded', {
      tickers: ['AAPL', 'MSFT'],
      connections: ['c1'],
      replication: { symbols: ['AAPL'], factor: 2 },
    });
    const first = a.underReplicated;
    expect(first).toEqual(['AAPL']);
    expect(a.underReplicated).toBe(first);
  });

  it('returns the same frozen list for a ticker on one connection on every lookup', () => {
    const a = Assignment.fromRecord({ c1: ['AAPL'], c2: ['MSFT'] });
    const on = a.connectionsFor('AAPL');
    expect(on).toEqual(['c1']);
    expect(a.connectionsFor('aapl')).toBe(on);
    expect(a.connectionsFor('AAPL')).toBe(on);
  });
});

describe('Assignment: lookups of values that are not tickers', () => {
  it('finds nothing for a symbol, and does not throw', () => {
    const a = Assignment.fromRecord({ c1: ['AAPL'] });
    const symbol = Symbol('AAPL') as unknown as string;
    expect(a.connectionsFor(symbol)).toEqual([]);
    expect(a.connectionFor(symbol)).toBeUndefined();
    expect(a.has(symbol)).toBe(false);
  });

  it('treats a non-string as not wanted, with one copy wanted', () => {
    const a = Assignment.fromRecord(
      { c1: ['AAPL'] },
      { replication: { symbols: ['AAPL'], factor: 2 } },
    );
    for (const value of [5, undefined, null, ['AAPL']]) {
      const ticker = value as unknown as string;
      expect(a.isWanted(ticker)).toBe(false);
      expect(a.copiesWanted(ticker)).toBe(1);
    }
    expect(a.copiesWanted('aapl')).toBe(2);
  });
});

describe('Assignment.samePlacements', () => {
  it('is false when the other places more tickers, even if it places these alike', () => {
    const fewer = Assignment.fromRecord({ c1: ['AAPL'] });
    const more = Assignment.fromRecord({ c1: ['AAPL', 'MSFT'] });
    expect(fewer.samePlacements(more)).toBe(false);
    expect(more.samePlacements(fewer)).toBe(false);
  });

  it('is false when the other has a ticker on more connections', () => {
    const one = Assignment.fromRecord({ c1: ['AAPL'], c2: [] });
    const two = Assignment.fromRecord({ c1: ['AAPL'], c2: ['AAPL'] });
    expect(one.samePlacements(two)).toBe(false);
    expect(two.samePlacements(one)).toBe(false);
  });

  it('is false when a ticker has as many copies but not on all the same connections', () => {
    const a = Assignment.fromRecord({ c1: ['AAPL'], c2: ['AAPL'], c3: [] });
    const b = Assignment.fromRecord({ c1: ['AAPL'], c2: [], c3: ['AAPL'] });
    expect(a.samePlacements(b)).toBe(false);
    expect(b.samePlacements(a)).toBe(false);
  });
});

describe('applyPlan', () => {
  it('changes nothing for a move onto a connection that already carries the ticker', () => {
    const a = Assignment.fromRecord({ c1: ['AAPL'], c2: ['MSFT'] });
    const b = applyPlan(a, { moves: [{ ticker: 'AAPL', from: null, to: 'c1' }] });
    expect(b.toJSON()).toEqual({ c1: ['AAPL'], c2: ['MSFT'] });
    expect(b.connectionsFor('AAPL')).toEqual(['c1']);
    expect(b.unplaced).toEqual([]);
    expect(b.samePlacements(a)).toBe(true);
  });

  it('drops a copy for a move to null, and a ticker left with none is not unplaced', () => {
    const a = Assignment.fromRecord({ c1: ['AAPL', 'MSFT'], c2: ['AAPL'] });
    const b = applyPlan(a, {
      moves: [
        { ticker: 'AAPL', from: 'c2', to: null },
        { ticker: 'MSFT', from: 'c1', to: null },
      ],
    });
    expect(b.toJSON()).toEqual({ c1: ['AAPL'], c2: [] });
    expect(b.unplaced).toEqual([]);
    expect([b.isWanted('MSFT'), b.has('MSFT')]).toEqual([false, false]);
  });
});
