import { ErrorCode } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import {
  Assignment,
  failConnection,
  rendezvousRank,
  restore,
  routeHash,
  routeLeastLoaded,
  routeManual,
  routePriority,
  routeSector,
} from '../src/index.js';
import { phases, sectors, tickers } from './helpers.js';

describe('failConnection', () => {
  it('moves only the dead connection tickers, each to the least-loaded survivor', () => {
    const current = Assignment.fromRecord({
      c1: ['A', 'B', 'C'],
      c2: ['D', 'E', 'F', 'G'],
      c3: ['H'],
    });
    const { assignment, plan, unplaced } = failConnection(current, 'c1');
    expect(assignment.toJSON()).toEqual({ c2: ['D', 'E', 'F', 'G'], c3: ['H', 'A', 'B', 'C'] });
    expect(plan.moves).toEqual([
      { ticker: 'A', from: 'c1', to: 'c3' },
      { ticker: 'B', from: 'c1', to: 'c3' },
      { ticker: 'C', from: 'c1', to: 'c3' },
    ]);
    // The dead connection's subscriptions are gone: nothing to unsubscribe there.
    expect(phases(plan)).toEqual([[{ c3: ['A', 'B', 'C'] }, {}]]);
    expect(unplaced).toEqual([]);
    const evener = Assignment.fromRecord({ c1: ['A', 'B', 'C'], c2: ['D', 'E'], c3: ['H'] });
    expect(failConnection(evener, 'c1').assignment.toJSON()).toEqual({
      c2: ['D', 'E', 'B'],
      c3: ['H', 'A', 'C'],
    });
    expect(current.load('c1')).toBe(3);
  });

  it('gives a critical ticker a new replica so it keeps its copies', () => {
    const current = Assignment.fromRecord(
      { c1: ['AAPL'], c2: ['AAPL', 'X'], c3: ['Y'] },
      { replication: { symbols: ['AAPL'], factor: 2 } },
    );
    const { assignment, plan, replicationCut } = failConnection(current, 'c1');
    expect(assignment.connectionsFor('AAPL')).toEqual(['c2', 'c3']);
    expect(plan.moves).toEqual([{ ticker: 'AAPL', from: 'c1', to: 'c3' }]);
    expect(replicationCut).toBe(false);
  });

  it('hash: sends each orphan to its next-best connection', () => {
    const list = tickers(40);
    const current = routeHash({ tickers: list, connections: ['c1', 'c2', 'c3'] });
    const { assignment, plan } = failConnection(current, 'c2');
    for (const t of current.tickersOn('c2')) {
      expect(assignment.connectionFor(t)).toBe(rendezvousRank(t, ['c1', 'c2', 'c3'])[1]);
    }
    expect(plan.moves).toHaveLength(current.load('c2'));
  });

  it('priority: sends a failed tier to the next tier, then the one after', () => {
    const tiers = new Map([
      ['P1', 0],
      ['P2', 0],
      ['S1', 1],
      ['F1', 2],
    ]);
    const current = routePriority({
      tickers: ['P1', 'P2', 'S1', 'F1', 'U1'],
      connections: ['c1', 'c2', 'c3'],
      tiers,
      capacity: 3,
    });
    expect(current.toJSON()).toEqual({ c1: ['P1', 'P2'], c2: ['S1', 'U1'], c3: ['F1'] });
    const { assignment } = failConnection(current, 'c1');
    expect(assignment.toJSON()).toEqual({ c2: ['S1', 'U1', 'P1'], c3: ['F1', 'P2'] });
  });

  it('sector: keeps an orphaned sector together where one connection has room for it', () => {
    const current = routeSector({
      tickers: ['B1', 'A1', 'C1', 'A2', 'B2', 'A3', 'C2'],
      connections: ['c1', 'c2', 'c3'],
      sectors: sectors({ a: ['A1', 'A2', 'A3'], b: ['B1', 'B2'], c: ['C1', 'C2'] }),
      capacity: 5,
    });
    expect(current.toJSON()).toEqual({
      c1: ['A1', 'A2', 'A3'],
      c2: ['B1', 'B2'],
      c3: ['C1', 'C2'],
    });
    expect(failConnection(current, 'c1').assignment.toJSON()).toEqual({
      c2: ['B1', 'B2', 'A1', 'A2', 'A3'],
      c3: ['C1', 'C2'],
    });
  });

  it('manual: sends orphans to the next live connection that lists them', () => {
    const current = routeManual({
      tickers: ['A', 'B', 'C'],
      connections: ['c1', 'c2', 'c3'],
      manual: new Map([
        ['c1', ['A', 'B']],
        ['c3', ['b', 'c']],
      ]),
    });
    expect(current.toJSON()).toEqual({ c1: ['A', 'B'], c2: [], c3: ['C'] });
    // B is listed on c3 too; A is listed nowhere else, so it goes least-loaded.
    expect(failConnection(current, 'c1').assignment.toJSON()).toEqual({
      c2: ['A'],
      c3: ['C', 'B'],
    });
  });

  it('cuts a spare replica to give an orphan its one copy, and records it for restore', () => {
    const current = routeLeastLoaded({
      tickers: ['X', 'Y', 'T1', 'T2'],
      connections: ['c1', 'c2', 'c3'],
      capacity: 2,
      replication: { symbols: ['X', 'Y'], factor: 2 },
    });
    expect(current.toJSON()).toEqual({ c1: ['X', 'Y'], c2: ['X', 'T1'], c3: ['Y', 'T2'] });
    const failed = failConnection(current, 'c3');
    expect(failed.assignment.toJSON()).toEqual({ c1: ['X', 'Y'], c2: ['T1', 'T2'] });
    expect(failed.unplaced).toEqual([]);
    expect(failed.underReplicated).toEqual(['X', 'Y']);
    expect(failed.plan.moves).toEqual([
      { ticker: 'Y', from: 'c3', to: null },
      { ticker: 'T2', from: 'c3', to: 'c2' },
      { ticker: 'X', from: 'c2', to: null },
    ]);
    // Room first: the replica goes, then the orphan takes its place.
    expect(phases(failed.plan)).toEqual([
      [{}, { c2: ['X'] }],
      [{ c2: ['T2'] }, {}],
    ]);
    expect(failed.assignment.displacedFrom('c3')).toEqual([
      { ticker: 'Y', from: 'c3', to: null },
      { ticker: 'T2', from: 'c3', to: 'c2' },
      { ticker: 'X', from: 'c2', to: null },
    ]);
    const back = restore(failed.assignment, 'c3');
    expect(back.assignment.toJSON()).toEqual({ c1: ['X', 'Y'], c2: ['T1', 'X'], c3: ['Y', 'T2'] });
    expect(back.assignment.samePlacements(current)).toBe(true);
    expect(phases(back.plan)).toEqual([
      [{ c3: ['Y', 'T2'] }, { c2: ['T2'] }],
      [{ c2: ['X'] }, {}],
    ]);
  });

  it('reports every ticker when the last connection dies, and brings them back', () => {
    const current = Assignment.fromRecord({ c1: ['A', 'B'] });
    const { assignment, unplaced, plan } = failConnection(current, 'c1');
    expect(assignment.connections).toEqual([]);
    expect(unplaced).toEqual(['A', 'B']);
    expect(plan.phases).toEqual([]);
    expect(restore(assignment, 'c1').assignment.toJSON()).toEqual({ c1: ['A', 'B'] });
  });

  it('rejects an unknown connection and one already down', () => {
    const current = Assignment.fromRecord({ c1: ['A'], c2: [] });
    expect(() => failConnection(current, 'c7')).toThrow(
      expect.objectContaining({ code: ErrorCode.UNKNOWN_CONNECTION, connection: 'c7' }),
    );
    const down = failConnection(current, 'c1').assignment;
    expect(() => failConnection(down, 'c1')).toThrow(
      expect.objectContaining({
        code: ErrorCode.INVALID_ARGUMENT,
        field: 'connection',
        message: 'connection: is already down (got "c1")',
      }),
    );
  });
});

describe('restore', () => {
  it('moves back what a cascade of failures displaced, in either order', () => {
    const current = routeLeastLoaded({
      tickers: ['A', 'B'],
      connections: ['c1', 'c2', 'c3'],
      capacity: 1,
    });
    expect(current.toJSON()).toEqual({ c1: ['A'], c2: ['B'], c3: [] });
    const one = failConnection(current, 'c1').assignment;
    expect(one.toJSON()).toEqual({ c2: ['B'], c3: ['A'] });
    const two = failConnection(one, 'c3');
    // A was standing in for c1 on c3; it is still c1's, now on no connection.
    expect(two.unplaced).toEqual(['A']);
    expect(two.assignment.displacedFrom('c1')).toEqual([{ ticker: 'A', from: 'c1', to: null }]);
    expect(two.assignment.displacedFrom('c3')).toEqual([]);
    const c1First = restore(two.assignment, 'c1');
    expect(c1First.assignment.toJSON()).toEqual({ c1: ['A'], c2: ['B'] });
    expect(restore(c1First.assignment, 'c3').plan.moves).toEqual([]);
    // Restoring c3 first places A there (room), and c1 then takes it back.
    const c3First = restore(two.assignment, 'c3').assignment;
    expect(c3First.toJSON()).toEqual({ c2: ['B'], c3: ['A'] });
    const back = restore(c3First, 'c1');
    expect(back.assignment.toJSON()).toEqual({ c1: ['A'], c2: ['B'], c3: [] });
    expect(back.plan.moves).toEqual([{ ticker: 'A', from: 'c3', to: 'c1' }]);
  });

  it('restores replication a failure cut once there is room again', () => {
    const current = routeHash({
      tickers: ['X', 'Y'],
      connections: ['c1', 'c2'],
      replication: { symbols: ['X'], factor: 2 },
    });
    const down = failConnection(current, 'c2');
    expect(down.underReplicated).toEqual(['X']);
    expect(down.replicationCut).toBe(true);
    const up = restore(down.assignment, 'c2');
    expect(up.assignment.connectionsFor('X').toSorted()).toEqual(['c1', 'c2']);
    expect(up.replicationCut).toBe(false);
  });

  it('rejects a connection that is live or unknown', () => {
    const current = Assignment.fromRecord({ c1: ['A'] });
    expect(() => restore(current, 'c1')).toThrow(
      expect.objectContaining({
        field: 'connection',
        message: 'connection: is not down (got "c1")',
      }),
    );
    expect(() => restore(current, 'c9')).toThrow(
      expect.objectContaining({ code: ErrorCode.UNKNOWN_CONNECTION }),
    );
  });
});
