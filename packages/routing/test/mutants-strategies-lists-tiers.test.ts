import { ErrorCode } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import {
  addConnection,
  addTickers,
  applyPlan,
  Assignment,
  DEFAULT_ADD_TICKERS_OPTIONS,
  failConnection,
  rebalance,
  removeTickers,
  restore,
  routeLeastLoaded,
  routeManual,
} from '../src/index.js';

describe('manual: lists', () => {
  it('places a critical ticker on every live connection that lists it, in list order', () => {
    const a = routeManual({
      tickers: ['X'],
      connections: ['c1', 'c2', 'c3'],
      manual: new Map([
        ['c1', ['X']],
        ['c3', ['X']],
      ]),
      replication: { symbols: ['X'], factor: 2 },
    });
    expect(a.connectionsFor('X')).toEqual(['c1', 'c3']);
  });

  it('does not pull a ticker onto a new connection that lists it second (it belongs on the first)', () => {
    const a = routeManual({
      tickers: ['U', 'T'],
      connections: ['c1', 'c2'],
      capacity: 1,
      manual: new Map([
        ['c1', ['T', 'U']],
        ['c3', ['T']],
      ]),
    });
    expect(a.toJSON()).toEqual({ c1: ['U'], c2: ['T'] });
    expect(addConnection(a, 'c3').assignment.toJSON()).toEqual({ c1: ['U'], c2: ['T'], c3: [] });
  });

  it('ignores the list of a connection that does not exist: the ticker belongs on the live one', () => {
    const a = Assignment.fromRecord(
      { c1: [], c2: ['T', 'A', 'B', 'C'] },
      {
        strategy: 'manual',
        manual: new Map([
          ['gone', ['T']],
          ['c2', ['T']],
        ]),
      },
    );
    expect(rebalance(a, { tolerance: 0 }).assignment.toJSON()).toEqual({
      c1: ['A', 'B'],
      c2: ['T', 'C'],
    });
  });

  // Live [a, bc] and later [ab, c]; with newlines, [a, b\nc] and later [a\nb, c], which join with
  // '\n' to the same text. The lists of the first set must not be reused for the second.
  it.each([
    ['a', 'bc', 'ab', 'c'],
    ['a', 'b\nc', 'a\nb', 'c'],
  ])(
    'rebuilds the lists for another set of live connections (%j, %j, then %j, %j)',
    (a1, b1, a2, b2) => {
      let a = routeManual({
        tickers: [],
        connections: [a1, b1, a2, b2],
        manual: new Map([[a1, ['T']]]),
      });
      a = failConnection(a, a2).assignment;
      a = failConnection(a, b2).assignment;
      a = rebalance(a).assignment; // reads the lists with the first two live
      a = restore(a, a2).assignment;
      a = restore(a, b2).assignment;
      a = addTickers(a, ['X'], { connection: a2 }).assignment;
      a = failConnection(a, a1).assignment;
      a = failConnection(a, b1).assignment;
      expect(a.connections).toEqual([a2, b2]);
      // T's list is on a1, which is down: T goes least-loaded (b2), not to live index 0 (a2).
      expect(addTickers(a, ['T']).assignment.connectionFor('T')).toBe(b2);
    },
  );

  // The cache is checked id by id and by length: live [c1, c2] is a prefix of [c1, c2, c3], whose
  // lists (T on c3) it must not stand for.
  it('rebuilds the lists when a connection comes back (the earlier live set a prefix of the new)', () => {
    let a = routeManual({
      tickers: ['A'],
      connections: ['c1', 'c2', 'c3'],
      manual: new Map([['c3', ['A', 'T']]]),
    });
    expect(a.connectionFor('A')).toBe('c3');
    a = failConnection(a, 'c3').assignment; // places A with the lists of live [c1, c2]
    expect(a.connectionFor('A')).toBe('c1');
    a = restore(a, 'c3').assignment;
    expect(a.toJSON()).toEqual({ c1: [], c2: [], c3: ['A'] });
    expect(addTickers(a, ['T']).assignment.connectionFor('T')).toBe('c3');
  });
});

describe('priority: tiers', () => {
  it('never moves a ticker off the connection of its tier, the second one included', () => {
    const a = Assignment.fromRecord(
      { c1: [], c2: ['A', 'B'] },
      {
        strategy: 'priority',
        tiers: new Map([
          ['A', 1],
          ['B', 1],
        ]),
      },
    );
    const { assignment, plan } = rebalance(a, { tolerance: 0 });
    expect(plan.moves).toEqual([]);
    expect(assignment.toJSON()).toEqual({ c1: [], c2: ['A', 'B'] });
  });

  it('spills upwards from the last tier one connection at a time', () => {
    const a = Assignment.fromRecord(
      { c1: [], c2: ['P'], c3: ['Q', 'R'], c4: ['S', 'U'] },
      { strategy: 'priority', capacity: 2, tiers: new Map([['T', 3]]) },
    );
    // c4 and c3 are full: the next higher tier (c2) takes it, not the least-loaded c1.
    expect(addTickers(a, ['T']).assignment.connectionFor('T')).toBe('c2');
  });
});

describe('addTickers / removeTickers', () => {
  it('documents its defaults: no connection', () => {
    expect(DEFAULT_ADD_TICKERS_OPTIONS).toStrictEqual({ connection: undefined });
    expect(Object.isFrozen(DEFAULT_ADD_TICKERS_OPTIONS)).toBe(true);
  });

  it('plans added tickers in the order they are placed (critical first)', () => {
    const a = routeLeastLoaded({
      tickers: [],
      connections: ['c1'],
      replication: { symbols: ['A'], factor: 2 },
    });
    expect(addTickers(a, ['B', 'A']).plan.moves).toEqual([
      { ticker: 'A', from: null, to: 'c1' },
      { ticker: 'B', from: null, to: 'c1' },
    ]);
  });

  it('ignores a ticker that is not wanted, keeping failover records that name it', () => {
    const a0 = routeLeastLoaded({ tickers: ['A', 'B'], connections: ['c1', 'c2'] });
    const failed = failConnection(a0, 'c2').assignment;
    expect(failed.displacedFrom('c2')).toEqual([{ ticker: 'B', from: 'c2', to: 'c1' }]);
    // A plan that drops B leaves it unwanted; removing it again changes nothing.
    const dropped = applyPlan(failed, { moves: [{ ticker: 'B', from: 'c1', to: null }] });
    expect(dropped.isWanted('B')).toBe(false);
    const { assignment, plan } = removeTickers(dropped, ['B']);
    expect(plan.moves).toEqual([]);
    expect(assignment.displacedFrom('c2')).toEqual([{ ticker: 'B', from: 'c2', to: 'c1' }]);
  });

  it('keeps failover records that name no removed ticker as they are (not copied)', () => {
    const a0 = routeLeastLoaded({ tickers: ['A', 'B', 'C'], connections: ['c1', 'c2'] });
    const failed = failConnection(a0, 'c2').assignment;
    const after = removeTickers(failed, ['C']).assignment;
    expect(after.displacedFrom('c2')).toEqual([{ ticker: 'B', from: 'c2', to: 'c1' }]);
    expect(after.displacedFrom('c2')).toBe(failed.displacedFrom('c2'));
  });

  it('names the field tickers for an invalid ticker to remove', () => {
    const a = routeLeastLoaded({ tickers: ['A'], connections: ['c1'] });
    expect(() => removeTickers(a, ['A', '1BAD'])).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_TICKER, field: 'tickers' }),
    );
  });
});
