import { ErrorCode } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import {
  addConnection,
  Assignment,
  assign,
  failConnection,
  removeConnection,
  routeHash,
  rendezvousRank,
  routeManual,
  routePriority,
} from '../src/index.js';
import { phases, tickers } from './helpers.js';

describe('removeConnection', () => {
  it('subscribes its tickers elsewhere before unsubscribing them there, and forgets it', () => {
    const current = Assignment.fromRecord({ c1: ['A', 'B'], c2: ['C'], c3: [] });
    const { assignment, plan } = removeConnection(current, 'c1');
    expect(assignment.toJSON()).toEqual({ c2: ['C', 'B'], c3: ['A'] });
    expect(assignment.downConnections).toEqual([]);
    expect(phases(plan)).toEqual([[{ c3: ['A'], c2: ['B'] }, { c1: ['A', 'B'] }]]);
  });

  it('forgets a connection that is down, moving nothing', () => {
    const down = failConnection(Assignment.fromRecord({ c1: ['A'], c2: [] }), 'c1').assignment;
    const { assignment, plan } = removeConnection(down, 'c1');
    expect(assignment.downConnections).toEqual([]);
    expect(assignment.displacedFrom('c1')).toEqual([]);
    expect(plan.moves).toEqual([]);
    expect(() => removeConnection(assignment, 'c1')).toThrow(
      expect.objectContaining({ code: ErrorCode.UNKNOWN_CONNECTION }),
    );
  });
});

describe('addConnection', () => {
  it('takes a fair share from the busiest connections and nothing else moves', () => {
    const current = Assignment.fromRecord({ c1: ['A', 'B', 'C'], c2: ['D', 'E', 'F'] });
    const { assignment, plan } = addConnection(current, 'c3');
    expect(assignment.toJSON()).toEqual({ c1: ['B', 'C'], c2: ['E', 'F'], c3: ['A', 'D'] });
    expect(phases(plan)).toEqual([[{ c3: ['A', 'D'] }, { c1: ['A'], c2: ['D'] }]]);
  });

  it('hash: takes exactly the tickers whose best connection it is', () => {
    const list = tickers(200);
    const current = routeHash({ tickers: list, connections: ['c1', 'c2'] });
    const { assignment, plan } = addConnection(current, 'c3');
    const fresh = routeHash({ tickers: list, connections: ['c1', 'c2', 'c3'] });
    expect(assignment.samePlacements(fresh)).toBe(true);
    expect(plan.moves.map((m) => m.ticker)).toEqual(fresh.tickersOn('c3'));
  });

  it('hash: takes only what hashes to it, even where capacity made tickers spill', () => {
    const all = ['c1', 'c2', 'c3'];
    // 20 tickers none of which scores best on c3, in 2 × 10 slots: some spill.
    const list = tickers(200)
      .filter((t) => rendezvousRank(t, all)[0] !== 'c3')
      .slice(0, 20);
    const current = routeHash({ tickers: list, connections: ['c1', 'c2'], capacity: 10 });
    const spilled = list.filter((t) => current.connectionFor(t) !== rendezvousRank(t, all)[0]);
    expect(spilled.length).toBeGreaterThan(0);
    expect(addConnection(current, 'c3').plan.moves).toEqual([]);
  });

  it('gives a replica the room its fair share freed', () => {
    const current = Assignment.fromRecord(
      { c1: ['A', 'AA'], c2: ['A0', 'B'] },
      {
        strategy: 'load-balanced',
        capacity: 2,
        replication: { symbols: ['A'], factor: 4 },
        stats: new Map([
          ['A', 10],
          ['AA', 10],
          ['A0', 60],
          ['B', 60],
        ]),
      },
    );
    const { assignment, plan } = addConnection(current, 'c3');
    // A gets a copy on c3, c3 takes A0 (its share of the rate) from c2, and A takes the room.
    expect(assignment.toJSON()).toEqual({ c1: ['A', 'AA'], c2: ['B', 'A'], c3: ['A', 'A0'] });
    expect(phases(plan)).toEqual([
      [{ c3: ['A', 'A0'] }, { c2: ['A0'] }],
      [{ c2: ['A'] }, {}],
    ]);
  });

  it('manual: takes the tickers listed for it', () => {
    const current = routeManual({
      tickers: ['A', 'B', 'C'],
      connections: ['c1', 'c2'],
      manual: new Map([
        ['c1', ['A']],
        ['c2', ['B']],
        ['c3', ['c']],
      ]),
    });
    expect(current.toJSON()).toEqual({ c1: ['A', 'C'], c2: ['B'] });
    expect(addConnection(current, 'c3').assignment.toJSON()).toEqual({
      c1: ['A'],
      c2: ['B'],
      c3: ['C'],
    });
  });

  it('priority: takes the tiers past the previous last connection', () => {
    const current = routePriority({
      tickers: ['P1', 'S1', 'F1', 'D1', 'D2'],
      connections: ['c1', 'c2', 'c3'],
      tiers: new Map([
        ['P1', 0],
        ['S1', 1],
        ['F1', 2],
        ['D1', 3],
        ['D2', 5],
      ]),
    });
    expect(current.toJSON()).toEqual({ c1: ['P1'], c2: ['S1'], c3: ['F1', 'D1', 'D2'] });
    const { assignment, plan } = addConnection(current, 'c4');
    expect(assignment.toJSON()).toEqual({ c1: ['P1'], c2: ['S1'], c3: ['F1'], c4: ['D1', 'D2'] });
    expect(phases(plan)).toEqual([[{ c4: ['D1', 'D2'] }, { c3: ['D1', 'D2'] }]]);
  });

  it('restores replication it makes room for', () => {
    const current = assign('least-loaded', {
      tickers: ['X', 'A'],
      connections: ['c1'],
      replication: { symbols: ['X'], factor: 2 },
    });
    expect(current.underReplicated).toEqual(['X']);
    const { assignment, plan } = addConnection(current, 'c2');
    expect(assignment.toJSON()).toEqual({ c1: ['X', 'A'], c2: ['X'] });
    expect(plan.moves).toEqual([{ ticker: 'X', from: null, to: 'c2' }]);
  });

  it('rejects an empty, known or down connection, naming the field', () => {
    const current = Assignment.fromRecord({ c1: ['A'], c2: [] });
    expect(() => addConnection(current, '')).toThrow(
      'connection: must be a non-empty string (got "")',
    );
    expect(() => addConnection(current, 'c1')).toThrow(
      'connection: is already a connection (got "c1")',
    );
    const down = failConnection(current, 'c2').assignment;
    expect(() => addConnection(down, 'c2')).toThrow(
      expect.objectContaining({
        code: ErrorCode.INVALID_ARGUMENT,
        field: 'connection',
        message: 'connection: is down; bring it back with restore (got "c2")',
      }),
    );
  });
});
