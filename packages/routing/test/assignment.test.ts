import { ErrorCode } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import { Assignment, assign, failConnection, UnknownConnectionError } from '../src/index.js';

describe('Assignment', () => {
  it('looks tickers up in both directions, primary first, in any case', () => {
    const a = Assignment.fromRecord({ c1: ['AAPL', 'MSFT'], c2: ['aapl'], c3: [] });
    expect(a.connectionFor('AAPL')).toBe('c1');
    expect(a.connectionFor(' aapl ')).toBe('c1');
    expect(a.connectionsFor('Aapl')).toEqual(['c1', 'c2']);
    expect(a.connectionFor('NVDA')).toBeUndefined();
    expect(a.connectionFor('not a ticker')).toBeUndefined();
    expect(a.connectionsFor('NVDA')).toEqual([]);
    expect(a.tickersOn('c1')).toEqual(['AAPL', 'MSFT']);
    expect(a.connections).toEqual(['c1', 'c2', 'c3']);
    expect([a.size, a.placements, a.load('c3')]).toEqual([2, 3, 0]);
    expect([a.has('msft'), a.has('NVDA'), a.hasConnection('c3'), a.hasConnection('c9')]).toEqual([
      true,
      false,
      true,
      false,
    ]);
    expect([...a.tickers()]).toEqual(['AAPL', 'MSFT']);
    expect([...a.entries()]).toEqual([
      ['AAPL', ['c1', 'c2']],
      ['MSFT', ['c1']],
    ]);
  });

  it('hands out read-only data: frozen lists and copies', () => {
    const a = Assignment.fromRecord({ c1: ['AAPL', 'MSFT'], c2: ['AAPL'] });
    const both = a.connectionsFor('AAPL');
    const one = a.connectionsFor('MSFT');
    expect(Object.isFrozen(both)).toBe(true);
    expect(Object.isFrozen(one)).toBe(true);
    expect(Object.isFrozen(a.connections)).toBe(true);
    expect(() => (both as string[]).push('c9')).toThrow(TypeError);
    const list = a.tickersOn('c1');
    list.push('NVDA');
    expect(a.tickersOn('c1')).toEqual(['AAPL', 'MSFT']);
    const json = a.toJSON();
    json['c1']!.pop();
    expect(a.load('c1')).toBe(2);
  });

  it('keeps its capacity, wanted copies and strategy', () => {
    const a = assign('hash', {
      tickers: ['AAPL', 'MSFT', 'NVDA'],
      connections: ['c1', 'c2'],
      capacity: 2,
      replication: { symbols: ['aapl', 'TSLA'], factor: 3 },
    });
    expect([a.strategy, a.capacity, a.policy.factor]).toEqual(['hash', 2, 3]);
    expect([...a.policy.critical]).toEqual(['AAPL', 'TSLA']);
    expect([a.copiesWanted('aapl'), a.copiesWanted('TSLA'), a.copiesWanted('MSFT')]).toEqual([
      3, 3, 1,
    ]);
    expect(a.connectionsFor('AAPL')).toHaveLength(2);
    expect(a.connections.map((c) => a.room(c))).toEqual([0, 0]);
    // Four slots: every ticker once and AAPL twice, not three times (there are two connections).
    expect(a.underReplicated).toEqual(['AAPL']);
    expect(a.replicationCut).toBe(true);
    expect(a.unplaced).toEqual([]);
    expect(a.size).toBe(3);
  });

  it('says which tickers are wanted: placed, or unplaced for want of room', () => {
    const a = assign('round-robin', { tickers: ['A', 'B', 'C'], connections: ['c1'], capacity: 2 });
    expect(a.unplaced).toEqual(['C']);
    expect([a.isWanted('a'), a.isWanted('c'), a.isWanted('D'), a.isWanted('$')]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(a.room('c1')).toBe(0);
    expect(Assignment.fromRecord({ c1: [] }).room('c1')).toBe(Number.POSITIVE_INFINITY);
  });

  it('knows the connections that are down and what their failure displaced', () => {
    const a = Assignment.fromRecord({ c1: ['A', 'B'], c2: ['C'] });
    const { assignment: b } = failConnection(a, 'c1');
    expect(b.connections).toEqual(['c2']);
    expect(b.downConnections).toEqual(['c1']);
    expect(b.displacedFrom('c1')).toEqual([
      { ticker: 'A', from: 'c1', to: 'c2' },
      { ticker: 'B', from: 'c1', to: 'c2' },
    ]);
    expect(b.displacedFrom('c2')).toEqual([]);
    expect(a.downConnections).toEqual([]);
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
    expect(a.samePlacements(Assignment.fromRecord({ c1: ['AAPL', 'NVDA'], c2: ['AAPL'] }))).toBe(
      false,
    );
  });

  it('rejects bad records naming the field', () => {
    expect(() => Assignment.fromRecord({ c1: ['AAPL', '$$$'] })).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_TICKER, field: 'record.c1' }),
    );
    expect(() => Assignment.fromRecord({ c1: [] }, { capacity: 0 })).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_ARGUMENT, field: 'capacity' }),
    );
    expect(() => Assignment.fromRecord({ '': ['A'] })).toThrow(
      expect.objectContaining({ field: 'connections[0]' }),
    );
  });

  it('throws UNKNOWN_CONNECTION naming the known connections', () => {
    const a = Assignment.fromRecord({ c1: [] });
    expect(() => a.load('c9')).toThrow(UnknownConnectionError);
    expect(() => a.tickersOn('c9')).toThrow(
      expect.objectContaining({
        code: ErrorCode.UNKNOWN_CONNECTION,
        connection: 'c9',
        message: 'unknown connection "c9" (known: c1)',
      }),
    );
  });
});
