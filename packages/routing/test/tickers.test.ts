import { ErrorCode } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import {
  addTickers,
  Assignment,
  assign,
  failConnection,
  removeTickers,
  restore,
} from '../src/index.js';
import { phases, sectors } from './helpers.js';

describe('addTickers', () => {
  it('places only the new tickers, by the strategy, normalised, ignoring those already wanted', () => {
    const current = Assignment.fromRecord({ c1: ['A', 'B'], c2: ['C'] });
    const { assignment, plan } = addTickers(current, [' d ', 'a', 'E', 'd']);
    expect(assignment.toJSON()).toEqual({ c1: ['A', 'B', 'E'], c2: ['C', 'D'] });
    expect(plan.moves).toEqual([
      { ticker: 'D', from: null, to: 'c2' },
      { ticker: 'E', from: null, to: 'c1' },
    ]);
    expect(phases(plan)).toEqual([[{ c2: ['D'], c1: ['E'] }, {}]]);
  });

  it('gives a new critical ticker its copies', () => {
    const current = assign('round-robin', {
      tickers: ['A', 'B', 'C'],
      connections: ['c1', 'c2', 'c3'],
      replication: { symbols: ['NVDA'], factor: 2 },
    });
    const { assignment } = addTickers(current, ['nvda']);
    expect(assignment.connectionsFor('NVDA')).toEqual(['c1', 'c2']);
  });

  it('load-balanced: sends each to the connection with the least rate, after earlier changes', () => {
    const stats = new Map([
      ['A', 50],
      ['B', 10],
      ['C', 10],
      ['D', 10],
      ['N1', 30],
      ['N2', 5],
    ]);
    const current = assign('load-balanced', {
      tickers: ['A', 'B', 'C', 'D'],
      connections: ['c1', 'c2'],
      stats,
    });
    expect(current.toJSON()).toEqual({ c1: ['A'], c2: ['B', 'C', 'D'] });
    const first = addTickers(current, ['N2']).assignment;
    expect(first.toJSON()).toEqual({ c1: ['A'], c2: ['B', 'C', 'D', 'N2'] });
    // c1 carries 50, c2 35: N1 (30) goes to c2, then c2 carries 65.
    const second = addTickers(first, ['N1']).assignment;
    expect(second.toJSON()).toEqual({ c1: ['A'], c2: ['B', 'C', 'D', 'N2', 'N1'] });
    const third = addTickers(second, ['E']).assignment;
    expect(third.connectionFor('E')).toBe('c1');
  });

  it('sector: an added ticker joins the connection holding most of its sector', () => {
    const current = assign('sector', {
      tickers: ['A1', 'A2', 'B1'],
      connections: ['c1', 'c2'],
      sectors: sectors({ a: ['A1', 'A2', 'A3'], b: ['B1', 'B2'] }),
    });
    expect(current.toJSON()).toEqual({ c1: ['A1', 'A2'], c2: ['B1'] });
    const next = addTickers(addTickers(current, ['A3']).assignment, ['B2']).assignment;
    expect(next.toJSON()).toEqual({ c1: ['A1', 'A2', 'A3'], c2: ['B1', 'B2'] });
  });

  it('puts them on a chosen connection while it has room', () => {
    const current = assign('least-loaded', {
      tickers: ['A'],
      connections: ['c1', 'c2'],
      capacity: 2,
    });
    const { assignment } = addTickers(current, ['X', 'Y', 'Z'], { connection: 'c1' });
    // c1 takes X, then is full: Y and Z go where the strategy says.
    expect(assignment.toJSON()).toEqual({ c1: ['A', 'X'], c2: ['Y', 'Z'] });
  });

  it('reports what does not fit, after cutting spare replicas for it', () => {
    const current = assign('least-loaded', {
      tickers: ['X', 'A'],
      connections: ['c1', 'c2'],
      capacity: 2,
      replication: { symbols: ['X'], factor: 2 },
    });
    expect(current.toJSON()).toEqual({ c1: ['X', 'A'], c2: ['X'] });
    const one = addTickers(current, ['B']);
    expect(one.assignment.toJSON()).toEqual({ c1: ['X', 'A'], c2: ['X', 'B'] });
    const two = addTickers(one.assignment, ['C', 'D']);
    expect(two.assignment.toJSON()).toEqual({ c1: ['X', 'A'], c2: ['B', 'C'] });
    expect(two.unplaced).toEqual(['D']);
    expect(two.underReplicated).toEqual(['X']);
    expect(phases(two.plan)).toEqual([
      [{}, { c2: ['X'] }],
      [{ c2: ['C'] }, {}],
    ]);
  });

  it('rejects a bad ticker or an unknown connection', () => {
    const current = Assignment.fromRecord({ c1: [] });
    expect(() => addTickers(current, ['OK', '$$$'])).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_TICKER, field: 'tickers' }),
    );
    expect(() => addTickers(current, ['OK'], { connection: 'c9' })).toThrow(
      expect.objectContaining({ code: ErrorCode.UNKNOWN_CONNECTION, connection: 'c9' }),
    );
  });
});

describe('removeTickers', () => {
  it('unsubscribes every copy and moves nothing else', () => {
    const current = assign('least-loaded', {
      tickers: ['X', 'A', 'B', 'C'],
      connections: ['c1', 'c2'],
      replication: { symbols: ['X'], factor: 2 },
    });
    expect(current.toJSON()).toEqual({ c1: ['X', 'A', 'C'], c2: ['X', 'B'] });
    const { assignment, plan } = removeTickers(current, ['x', 'b', 'NOT']);
    expect(assignment.toJSON()).toEqual({ c1: ['A', 'C'], c2: [] });
    expect(plan.moves).toEqual([
      { ticker: 'X', from: 'c1', to: null },
      { ticker: 'X', from: 'c2', to: null },
      { ticker: 'B', from: 'c2', to: null },
    ]);
    expect(assignment.isWanted('X')).toBe(false);
  });

  it('gives the room it frees to unplaced tickers and missing replicas', () => {
    const current = assign('least-loaded', {
      tickers: ['X', 'A', 'B', 'C'],
      connections: ['c1', 'c2'],
      capacity: 2,
      replication: { symbols: ['X'], factor: 2 },
    });
    expect(current.toJSON()).toEqual({ c1: ['X', 'B'], c2: ['A', 'C'] });
    const one = removeTickers(current, ['A']);
    expect(one.assignment.toJSON()).toEqual({ c1: ['X', 'B'], c2: ['C', 'X'] });
    expect(one.replicationCut).toBe(false);
    expect(phases(one.plan)).toEqual([
      [{}, { c2: ['A'] }],
      [{ c2: ['X'] }, {}],
    ]);
  });

  it('forgets what a failure displaced of the removed tickers', () => {
    const current = Assignment.fromRecord({ c1: ['A', 'B'], c2: [] });
    const down = failConnection(current, 'c1').assignment;
    const removed = removeTickers(down, ['A']).assignment;
    expect(removed.displacedFrom('c1')).toEqual([{ ticker: 'B', from: 'c1', to: 'c2' }]);
    expect(restore(removed, 'c1').assignment.toJSON()).toEqual({ c1: ['B'], c2: [] });
  });
});
