import { ErrorCode } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import {
  addConnection,
  Assignment,
  assign,
  failConnection,
  planRebalance,
  removeConnection,
} from '../src/index.js';
import { phases, tickers } from './helpers.js';

describe('addConnection', () => {
  it('rejects a connection id that is not a string', () => {
    const a = Assignment.fromRecord({ c1: ['AAPL'] });
    let error: unknown;
    try {
      addConnection(a, 5 as unknown as string);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      code: ErrorCode.INVALID_ARGUMENT,
      field: 'connection',
      message: 'connection: must be a non-empty string (got 5)',
    });
  });

  it('takes the tickers that belong on it only while it has room', () => {
    // Tier 2 is deeper than the last connection: c2 takes it, spilling to c1 when full.
    const a = assign('priority', {
      tickers: ['AAA', 'BBB', 'CCC'],
      connections: ['c1', 'c2'],
      capacity: 2,
      tiers: new Map([
        ['AAA', 2],
        ['BBB', 2],
        ['CCC', 2],
      ]),
    });
    expect(a.toJSON()).toEqual({ c1: ['CCC'], c2: ['AAA', 'BBB'] });
    // On c3, the new last connection, every ticker belongs; it has room for two.
    const { assignment: b } = addConnection(a, 'c3');
    expect(b.toJSON()).toEqual({ c1: ['CCC'], c2: [], c3: ['AAA', 'BBB'] });
  });

  it('fills a new connection up to its fair share of tickers, not past it', () => {
    // Under load-balanced the rates would move five light tickers; the fair share is ⌈11 / 3⌉ = 4.
    const light = tickers(10);
    const stats = new Map<string, number>([
      ...light.map((t): [string, number] => [t, 1]),
      ['MMM', 2],
    ]);
    const a = Assignment.fromRecord(
      { c1: light, c2: ['MMM'] },
      { strategy: 'load-balanced', stats },
    );
    const { assignment: b } = addConnection(a, 'c3');
    expect(b.toJSON()).toEqual({
      c1: ['T4', 'T5', 'T6', 'T7', 'T8', 'T9'],
      c2: ['MMM'],
      c3: ['T0', 'T1', 'T2', 'T3'],
    });
  });
});

describe('failConnection and removeConnection: the records of what moved', () => {
  it('records where an orphan got its first new copy, not its replica', () => {
    const a = Assignment.fromRecord(
      { c1: ['XXX'], c2: ['AAA'], c3: ['BBB'] },
      { replication: { symbols: ['XXX'], factor: 2 } },
    );
    const { assignment: b } = failConnection(a, 'c1');
    expect(b.connectionsFor('XXX')).toEqual(['c2', 'c3']);
    expect(b.displacedFrom('c1')).toEqual([{ ticker: 'XXX', from: 'c1', to: 'c2' }]);
  });

  it('re-points a down connection’s record when its stand-in’s connection is removed', () => {
    const a = Assignment.fromRecord({ c1: ['AAA'], c2: ['BBB'], c3: ['CCC'] });
    const { assignment: failed } = failConnection(a, 'c1');
    expect(failed.displacedFrom('c1')).toEqual([{ ticker: 'AAA', from: 'c1', to: 'c2' }]);
    const { assignment: b } = removeConnection(failed, 'c2');
    expect(b.toJSON()).toEqual({ c3: ['CCC', 'BBB', 'AAA'] });
    expect(b.displacedFrom('c1')).toEqual([{ ticker: 'AAA', from: 'c1', to: 'c3' }]);
    // A removed connection is forgotten: no record of its own.
    expect(b.displacedFrom('c2')).toEqual([]);
    expect(b.downConnections).toEqual(['c1']);
  });

  it('keeps no record for a connection removed for good', () => {
    const a = Assignment.fromRecord({ c1: ['AAA', 'BBB'], c2: ['CCC'] });
    const { assignment: b } = removeConnection(a, 'c1');
    expect(b.toJSON()).toEqual({ c2: ['CCC', 'AAA', 'BBB'] });
    expect(b.displacedFrom('c1')).toEqual([]);
  });
});

describe('plan phases: going over the capacity when nothing else fits', () => {
  it('goes over on the least-loaded connection with subscribes waiting (least headroom)', () => {
    const current = Assignment.fromRecord(
      { c1: ['AAA', 'BBB'], c2: ['CCC', 'DDD', 'EEE'] },
      { capacity: 2 },
    );
    const target = Assignment.fromRecord(
      { c1: ['BBB', 'CCC'], c2: ['DDD', 'EEE', 'AAA'] },
      { capacity: 2 },
    );
    const plan = planRebalance(current, target);
    expect(plan.moves).toEqual([
      { ticker: 'AAA', from: 'c1', to: 'c2' },
      { ticker: 'CCC', from: 'c2', to: 'c1' },
    ]);
    expect(phases(plan)).toEqual([
      [{ c1: ['CCC'] }, { c2: ['CCC'] }],
      [{ c2: ['AAA'] }, { c1: ['AAA'] }],
    ]);
    expect(plan.headroom).toBe(1);
  });

  it('never picks a connection whose subscribes are all done to go over on', () => {
    // c3 finishes its subscribe in the first phase and is then the lightest connection.
    const current = Assignment.fromRecord({ c1: ['AAA'], c2: ['BBB'], c3: [] }, { capacity: 1 });
    const target = Assignment.fromRecord(
      { c1: ['BBB'], c2: ['AAA'], c3: ['CCC'] },
      { capacity: 1 },
    );
    const plan = planRebalance(current, target);
    expect(phases(plan)).toEqual([
      [{ c3: ['CCC'] }, {}],
      [{ c2: ['AAA'] }, { c1: ['AAA'] }],
      [{ c1: ['BBB'] }, { c2: ['BBB'] }],
    ]);
    expect(plan.headroom).toBe(1);
  });
});
