import { describe, expect, it } from 'vitest';
import {
  assign,
  failConnection,
  routeHash,
  routeLoadBalanced,
  routePriority,
  routeSector,
} from '../src/index.js';
import { tickers } from './helpers.js';

describe('regressions', () => {
  it('bug 1: failover gives the orphan a slot before an extra replica', () => {
    const current = assign('least-loaded', {
      tickers: ['X', 'T1', 'T2', 'T3'],
      connections: ['A', 'B', 'C'],
      capacity: 2,
      replication: { symbols: ['X'], factor: 2 },
    });
    expect(current.toJSON()).toEqual({ A: ['X', 'T2'], B: ['X', 'T3'], C: ['T1'] });
    const r = failConnection(current, 'A');
    expect(r.unplaced).toEqual([]);
    expect(r.assignment.toJSON()).toEqual({ B: ['X', 'T3'], C: ['T1', 'T2'] });
    expect(r.underReplicated).toEqual(['X']);
    expect(r.replicationCut).toBe(true);
  });

  it('bug 2: priority places untiered tickers least-loaded', () => {
    const a = routePriority({ tickers: tickers(300), connections: ['c1', 'c2', 'c3'] });
    expect(a.connections.map((c) => a.load(c))).toEqual([100, 100, 100]);
  });

  it('bug 7: assign reports what does not fit instead of throwing', () => {
    const a = assign('round-robin', {
      tickers: tickers(5),
      connections: ['c1', 'c2'],
      capacity: 2,
    });
    expect(a.unplaced).toEqual(['T4']);
  });

  it('11: lookups, stats, tiers and sectors take tickers in any case', () => {
    const a = routeHash({ tickers: ['AAPL'], connections: ['c1'] });
    expect(a.connectionFor('aapl')).toBe('c1');
  });

  it('11: stats keys in any case', () => {
    const lb = routeLoadBalanced({
      tickers: ['A', 'B', 'C'],
      connections: ['c1', 'c2'],
      stats: new Map([
        ['a', 100],
        ['b', 1],
        ['c', 1],
      ]),
    });
    expect(lb.toJSON()).toEqual({ c1: ['A'], c2: ['B', 'C'] });
  });

  it('11: tiers keys in any case', () => {
    const p = routePriority({
      tickers: ['A', 'B'],
      connections: ['c1', 'c2'],
      tiers: new Map([
        ['b', 0],
        ['a', 1],
      ]),
    });
    expect(p.toJSON()).toEqual({ c1: ['B'], c2: ['A'] });
  });

  it('11: sectors keys in any case', () => {
    const sectors = new Map([
      ['a', 'x'],
      ['b', 'x'],
      ['c', 'y'],
      ['d', 'y'],
    ]);
    const s = routeSector({ tickers: ['A', 'C', 'D', 'B'], connections: ['c1', 'c2'], sectors });
    expect(s.toJSON()).toEqual({ c1: ['A', 'B'], c2: ['C', 'D'] });
  });

  it('11: connectionsFor hands out read-only data', () => {
    const a = routeHash({
      tickers: ['X'],
      connections: ['c1', 'c2'],
      replication: { symbols: ['X'], factor: 2 },
    });
    const before = [...a.connectionsFor('X')];
    try {
      (a.connectionsFor('X') as string[]).push('c9');
    } catch {
      // a frozen array refuses the push
    }
    expect(a.connectionsFor('X')).toEqual(before);
  });

  it('11: hash does not depend on input order when capacity binds', () => {
    const list = tickers(60);
    const forward = routeHash({ tickers: list, connections: ['c1', 'c2', 'c3'], capacity: 21 });
    const backward = routeHash({
      tickers: [...list].reverse(),
      connections: ['c1', 'c2', 'c3'],
      capacity: 21,
    });
    expect(backward.samePlacements(forward)).toBe(true);
  });

  it('11: reports a replication factor cut to the live connections', () => {
    const a = routeHash({
      tickers: ['X'],
      connections: ['c1', 'c2'],
      replication: { symbols: ['X'], factor: 3 },
    });
    expect(a.replicationCut).toBe(true);
    expect(a.underReplicated).toEqual(['X']);
  });
});
