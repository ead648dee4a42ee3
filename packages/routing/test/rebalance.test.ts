import { ErrorCode } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import {
  applyPlan,
  Assignment,
  assign,
  planRebalance,
  rebalance,
  removeTickers,
} from '../src/index.js';
import { loads, phases, sectors, tickers } from './helpers.js';

describe('planRebalance', () => {
  it('moves only what differs, pairing each leave with a join', () => {
    const current = Assignment.fromRecord({ c1: ['A', 'B', 'C'], c2: ['D'], c3: [] });
    const target = Assignment.fromRecord({ c1: ['A', 'B'], c2: ['D'], c3: ['C', 'E'] });
    const plan = planRebalance(current, target);
    expect(plan.moves).toEqual([
      { ticker: 'C', from: 'c1', to: 'c3' },
      { ticker: 'E', from: null, to: 'c3' },
    ]);
    expect(phases(plan)).toEqual([[{ c3: ['E', 'C'] }, { c1: ['C'] }]]);
    expect(plan.headroom).toBe(0);
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
    const plan = planRebalance(a, Assignment.fromRecord({ c2: ['B', 'A'], c1: ['A'] }));
    expect([plan.moves, plan.phases, plan.headroom]).toEqual([[], [], 0]);
  });

  it('states the headroom a swap between full connections needs', () => {
    const current = Assignment.fromRecord({ A: ['X', 'Y'], B: ['Z', 'W'] }, { capacity: 2 });
    const target = Assignment.fromRecord({ A: ['Z', 'Y'], B: ['X', 'W'] }, { capacity: 2 });
    const plan = planRebalance(current, target);
    // All subscribes first would put 3 on each; in phases only one connection goes over, by 1.
    expect(plan.headroom).toBe(1);
    expect(phases(plan)).toEqual([
      [{ B: ['X'] }, { A: ['X'] }],
      [{ A: ['Z'] }, { B: ['Z'] }],
    ]);
  });

  it('frees room before it subscribes when a connection is full', () => {
    const current = Assignment.fromRecord({ A: ['X', 'Y'], B: ['Z'] }, { capacity: 2 });
    const target = Assignment.fromRecord({ A: ['Y', 'Z'], B: ['X'] }, { capacity: 2 });
    const plan = planRebalance(current, target);
    expect(plan.headroom).toBe(0);
    expect(phases(plan)).toEqual([
      [{ B: ['X'] }, { A: ['X'] }],
      [{ A: ['Z'] }, { B: ['Z'] }],
    ]);
  });
});

describe('applyPlan', () => {
  it('reaches the target without changing the current assignment', () => {
    const current = Assignment.fromRecord({ c1: ['A', 'B'], c4: [] });
    const target = Assignment.fromRecord({ c1: ['A'], c4: ['B', 'C'] });
    const next = applyPlan(current, planRebalance(current, target));
    expect(next.samePlacements(target)).toBe(true);
    expect(current.toJSON()).toEqual({ c1: ['A', 'B'], c4: [] });
  });

  it('rejects a move of a ticker that is not on its from connection, or to an unknown one', () => {
    const current = Assignment.fromRecord({ c1: ['A'], c2: [] });
    expect(() => applyPlan(current, { moves: [{ ticker: 'A', from: 'c2', to: 'c1' }] })).toThrow(
      expect.objectContaining({
        code: ErrorCode.INVALID_ARGUMENT,
        message: 'moves[0]: not on c2 (got "A")',
      }),
    );
    expect(() => applyPlan(current, { moves: [{ ticker: 'A', from: 'c1', to: 'c9' }] })).toThrow(
      expect.objectContaining({ code: ErrorCode.UNKNOWN_CONNECTION, connection: 'c9' }),
    );
  });
});

describe('rebalance', () => {
  const stats = (rates: Record<string, number>) => new Map(Object.entries(rates));

  it('load-balanced: moves nothing while the busiest is within the tolerance of the mean', () => {
    const list = tickers(300);
    const rate = (i: number) => 10 + (i % 7);
    const current = assign('load-balanced', {
      tickers: list,
      connections: ['c1', 'c2', 'c3'],
      stats: new Map(list.map((t, i) => [t, rate(i)])),
    });
    // ±5 % noise on every rate moves no ticker (it moved 213 of 300 before hysteresis).
    const noisy = new Map(list.map((t, i) => [t, rate(i) * (i % 2 === 0 ? 1.05 : 0.95)]));
    const { plan, assignment } = rebalance(current, { stats: noisy });
    expect(plan.moves).toEqual([]);
    expect(assignment.policy.stats).toBe(noisy);
  });

  it('load-balanced: past the tolerance, moves the fewest tickers that bring it back under', () => {
    const current = assign('load-balanced', {
      tickers: ['A', 'B', 'C', 'D', 'E', 'F'],
      connections: ['c1', 'c2'],
      stats: stats({ A: 10, B: 10, C: 10, D: 10, E: 10, F: 10 }),
    });
    expect(current.toJSON()).toEqual({ c1: ['A', 'C', 'E'], c2: ['B', 'D', 'F'] });
    // A and C heat up: c1 carries 100 against a mean of 65.
    const hot = stats({ A: 40, B: 10, C: 40, D: 10, E: 10, F: 10 });
    const { assignment, plan } = rebalance(current, { stats: hot, tolerance: 0.1 });
    // One move: a 40 (closest to half the gap of 70; ties: the first) changes sides, leaving
    // 60 / 70, within 10 % of 65.
    expect(plan.moves).toEqual([{ ticker: 'A', from: 'c1', to: 'c2' }]);
    expect(assignment.toJSON()).toEqual({ c1: ['C', 'E'], c2: ['B', 'D', 'F', 'A'] });
    expect(phases(plan)).toEqual([[{ c2: ['A'] }, { c1: ['A'] }]]);
  });

  it('gives a replica the room a move frees', () => {
    const current = Assignment.fromRecord(
      { c1: ['A', 'X'], c2: ['C', 'D'], c3: ['A'] },
      {
        strategy: 'load-balanced',
        capacity: 2,
        replication: { symbols: ['A'], factor: 3 },
      },
    );
    const stats = new Map([
      ['A', 10],
      ['X', 10],
      ['C', 100],
      ['D', 100],
    ]);
    const { assignment } = rebalance(current, { stats });
    // C moves to c3, and A takes the room it leaves on c2.
    expect(assignment.toJSON()).toEqual({ c1: ['A', 'X'], c2: ['D', 'A'], c3: ['A', 'C'] });
    expect(assignment.replicationCut).toBe(false);
  });

  it('least-loaded: evens ticker counts only past the tolerance', () => {
    const current = assign('least-loaded', {
      tickers: tickers(30),
      connections: ['c1', 'c2', 'c3'],
    });
    const thinned = removeTickers(current, ['T0', 'T3', 'T6']).assignment;
    expect(loads(thinned)).toEqual([7, 10, 10]);
    // 10 / 9 = 1.11: within 0.2, nothing moves; past 0.1, the fewest moves.
    expect(rebalance(thinned, { tolerance: 0.2 }).plan.moves).toEqual([]);
    const { assignment, plan } = rebalance(thinned, { tolerance: 0.1 });
    expect(loads(assignment)).toEqual([9, 9, 9]);
    expect(plan.moves).toEqual([
      { ticker: 'T1', from: 'c2', to: 'c1' },
      { ticker: 'T2', from: 'c3', to: 'c1' },
    ]);
  });

  it('manual: never moves a ticker off the connection that lists it', () => {
    const current = assign('manual', {
      tickers: ['A', 'B', 'C', 'D', 'E'],
      connections: ['c1', 'c2'],
      manual: new Map([['c1', ['A', 'B', 'C', 'D']]]),
    });
    expect(current.toJSON()).toEqual({ c1: ['A', 'B', 'C', 'D'], c2: ['E'] });
    expect(rebalance(current, { tolerance: 0 }).plan.moves).toEqual([]);
  });

  it('sector: moves whole sectors', () => {
    const current = Assignment.fromRecord(
      { c1: ['A1', 'A2', 'B1', 'B2', 'C1'], c2: [] },
      { strategy: 'sector', sectors: sectors({ a: ['A1', 'A2'], b: ['B1', 'B2'], c: ['C1'] }) },
    );
    const { assignment, plan } = rebalance(current, { tolerance: 0.1 });
    expect(assignment.toJSON()).toEqual({ c1: ['B1', 'B2', 'C1'], c2: ['A1', 'A2'] });
    expect(plan.moves.map((m) => m.ticker)).toEqual(['A1', 'A2']);
  });

  it('rejects a tolerance that is not a finite number >= 0, and bad stats', () => {
    const current = Assignment.fromRecord({ c1: ['A'] }, { strategy: 'load-balanced' });
    expect(() => rebalance(current, { tolerance: -1 })).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_ARGUMENT, field: 'tolerance' }),
    );
    expect(() => rebalance(current, { tolerance: Number.NaN })).toThrow('tolerance: must be');
    expect(() => rebalance(current, { stats: stats({ a: -1 }) })).toThrow(
      expect.objectContaining({ field: 'stats.a' }),
    );
  });
});
