import { ErrorCode } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import { Assignment, reassign, UnknownConnectionError } from '../src/index.js';

describe('reassign', () => {
  it('moves only the dead connection tickers, each to the least-loaded survivor', () => {
    const current = Assignment.fromRecord({
      c1: ['A', 'B', 'C'],
      c2: ['D', 'E', 'F', 'G'],
      c3: ['H'],
    });
    const { assignment, plan, unplaced } = reassign(current, 'c1');
    const current2 = Assignment.fromRecord({ c1: ['A', 'B', 'C'], c2: ['D', 'E'], c3: ['H'] });
    expect(assignment.toJSON()).toEqual({ c2: ['D', 'E', 'F', 'G'], c3: ['H', 'A', 'B', 'C'] });
    expect(plan.moves).toEqual([
      { ticker: 'A', from: 'c1', to: 'c3' },
      { ticker: 'B', from: 'c1', to: 'c3' },
      { ticker: 'C', from: 'c1', to: 'c3' },
    ]);
    expect(reassign(current2, 'c1').assignment.toJSON()).toEqual({
      c2: ['D', 'E', 'B'],
      c3: ['H', 'A', 'C'],
    });
    expect(unplaced).toEqual([]);
    expect(current.load('c1')).toBe(3);
  });

  it('gives a replicated ticker a new replica so it keeps its copies', () => {
    const current = Assignment.fromRecord({ c1: ['AAPL'], c2: ['AAPL', 'X'], c3: ['Y'] });
    const { assignment, plan } = reassign(current, 'c1');
    expect(assignment.connectionsFor('AAPL')).toEqual(['c2', 'c3']);
    expect(plan.moves).toEqual([{ ticker: 'AAPL', from: 'c1', to: 'c3' }]);
  });

  it('keeps at most one copy per survivor when survivors are fewer than the copies', () => {
    const current = Assignment.fromRecord({ c1: ['A'], c2: ['A'], c3: ['A'] });
    expect(reassign(current, 'c3').assignment.connectionsFor('A')).toEqual(['c1', 'c2']);
    const last = reassign(Assignment.fromRecord({ c1: ['A'], c2: ['A'] }), 'c1');
    expect(last.assignment.connectionsFor('A')).toEqual(['c2']);
    expect(last.unplaced).toEqual([]);
  });

  it('reports tickers no survivor has room for', () => {
    const current = Assignment.fromRecord({ c1: ['A', 'B'], c2: ['C'] });
    const { assignment, unplaced, plan } = reassign(current, 'c1', { capacity: 2 });
    expect(assignment.toJSON()).toEqual({ c2: ['C', 'A'] });
    expect(unplaced).toEqual(['B']);
    expect(plan.moves).toContainEqual({ ticker: 'B', from: 'c1', to: null });
  });

  it('reports every ticker when the last connection dies', () => {
    const { assignment, unplaced } = reassign(Assignment.fromRecord({ c1: ['A', 'B'] }), 'c1');
    expect(assignment.connections).toEqual([]);
    expect(unplaced).toEqual(['A', 'B']);
  });

  it('throws UNKNOWN_CONNECTION for a connection the assignment does not have', () => {
    expect(() => reassign(new Assignment(['c1']), 'c7')).toThrow(UnknownConnectionError);
    expect(() => reassign(new Assignment(['c1']), 'c7')).toThrow(
      expect.objectContaining({ code: ErrorCode.UNKNOWN_CONNECTION }),
    );
  });
});
