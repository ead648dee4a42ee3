import { ErrorCode } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import { applyPlan, Assignment, groupMoves, planRebalance } from '../src/index.js';

describe('planRebalance', () => {
  it('moves only what differs, pairing each leave with a join', () => {
    const current = Assignment.fromRecord({ c1: ['A', 'B', 'C'], c2: ['D'], c3: [] });
    const target = Assignment.fromRecord({ c1: ['A', 'B'], c2: ['D'], c3: ['C', 'E'] });
    expect(planRebalance(current, target).moves).toEqual([
      { ticker: 'C', from: 'c1', to: 'c3' },
      { ticker: 'E', from: null, to: 'c3' },
    ]);
  });

  it('adds and drops replicas as single subscribes and unsubscribes', () => {
    const current = Assignment.fromRecord({ c1: ['A', 'B'], c2: ['B'] });
    const target = Assignment.fromRecord({ c1: ['A', 'B'], c2: ['A'] });
    expect(planRebalance(current, target).moves).toEqual([
      { ticker: 'A', from: null, to: 'c2' },
      { ticker: 'B', from: 'c2', to: null },
    ]);
  });

  it('plans nothing between equal placements', () => {
    const a = Assignment.fromRecord({ c1: ['A'], c2: ['A', 'B'] });
    expect(planRebalance(a, Assignment.fromRecord({ c2: ['B', 'A'], c1: ['A'] })).moves).toEqual(
      [],
    );
  });
});

describe('applyPlan', () => {
  it('reaches the target without changing the current assignment, adding new connections', () => {
    const current = Assignment.fromRecord({ c1: ['A', 'B'] });
    const target = Assignment.fromRecord({ c1: ['A'], c4: ['B', 'C'] });
    const next = applyPlan(current, planRebalance(current, target));
    expect(next.samePlacements(target)).toBe(true);
    expect(current.toJSON()).toEqual({ c1: ['A', 'B'] });
  });

  it('rejects a move of a ticker that is not on its from connection', () => {
    const current = Assignment.fromRecord({ c1: ['A'], c2: [] });
    expect(() => applyPlan(current, { moves: [{ ticker: 'A', from: 'c2', to: 'c1' }] })).toThrow(
      expect.objectContaining({
        code: ErrorCode.INVALID_ARGUMENT,
        message: 'moves[0]: not on c2 (got "A")',
      }),
    );
  });
});

describe('groupMoves', () => {
  it('lists subscribes and unsubscribes per connection', () => {
    const { subscribe, unsubscribe } = groupMoves({
      moves: [
        { ticker: 'A', from: 'c1', to: 'c2' },
        { ticker: 'B', from: 'c1', to: 'c2' },
        { ticker: 'C', from: null, to: 'c3' },
        { ticker: 'D', from: 'c3', to: null },
      ],
    });
    expect(Object.fromEntries(subscribe)).toEqual({ c2: ['A', 'B'], c3: ['C'] });
    expect(Object.fromEntries(unsubscribe)).toEqual({ c1: ['A', 'B'], c3: ['D'] });
  });
});
