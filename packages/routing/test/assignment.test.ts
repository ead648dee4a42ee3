import { ErrorCode } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import { Assignment, UnknownConnectionError } from '../src/index.js';

describe('Assignment', () => {
  it('looks tickers up in both directions, primary first', () => {
    const a = Assignment.fromRecord({ c1: ['AAPL', 'MSFT'], c2: ['AAPL'], c3: [] });
    expect(a.connectionFor('AAPL')).toBe('c1');
    expect(a.connectionsFor('AAPL')).toEqual(['c1', 'c2']);
    expect(a.connectionFor('NVDA')).toBeUndefined();
    expect(a.connectionsFor('NVDA')).toEqual([]);
    expect(a.tickersOn('c1')).toEqual(['AAPL', 'MSFT']);
    expect(a.connections).toEqual(['c1', 'c2', 'c3']);
    expect([a.size, a.placements, a.load('c3')]).toEqual([2, 3, 0]);
  });

  it('places idempotently and unplaces a single copy', () => {
    const a = new Assignment(['c1', 'c2'])
      .place('AAPL', 'c1')
      .place('AAPL', 'c1')
      .place('AAPL', 'c2');
    expect(a.connectionsFor('AAPL')).toEqual(['c1', 'c2']);
    expect(a.unplace('AAPL', 'c1')).toBe(true);
    expect(a.unplace('AAPL', 'c1')).toBe(false);
    expect(a.connectionFor('AAPL')).toBe('c2');
    a.unplace('AAPL', 'c2');
    expect(a.has('AAPL')).toBe(false);
  });

  it('removes a connection and returns the tickers it carried', () => {
    const a = Assignment.fromRecord({ c1: ['AAPL', 'MSFT'], c2: ['AAPL'] });
    expect(a.removeConnection('c1')).toEqual(['AAPL', 'MSFT']);
    expect(a.toJSON()).toEqual({ c2: ['AAPL'] });
    expect(a.has('MSFT')).toBe(false);
  });

  it('clones independently', () => {
    const a = Assignment.fromRecord({ c1: ['AAPL'] });
    const b = a.clone().place('MSFT', 'c1');
    expect(a.toJSON()).toEqual({ c1: ['AAPL'] });
    expect(b.toJSON()).toEqual({ c1: ['AAPL', 'MSFT'] });
  });

  it('compares placements as sets of connections per ticker', () => {
    const a = Assignment.fromRecord({ c1: ['AAPL', 'MSFT'], c2: ['AAPL'] });
    expect(
      a.samePlacements(Assignment.fromRecord({ c2: ['AAPL'], c1: ['MSFT', 'AAPL'], c9: [] })),
    ).toBe(true);
    expect(a.samePlacements(Assignment.fromRecord({ c1: ['AAPL', 'MSFT'] }))).toBe(false);
    expect(a.samePlacements(Assignment.fromRecord({ c1: ['AAPL'], c2: ['AAPL', 'MSFT'] }))).toBe(
      false,
    );
  });

  it('throws UNKNOWN_CONNECTION naming the known connections', () => {
    const a = new Assignment(['c1']);
    expect(() => a.place('AAPL', 'c9')).toThrow(UnknownConnectionError);
    expect(() => a.tickersOn('c9')).toThrow(
      expect.objectContaining({
        code: ErrorCode.UNKNOWN_CONNECTION,
        connection: 'c9',
        message: 'unknown connection "c9" (known: c1)',
      }),
    );
  });
});
