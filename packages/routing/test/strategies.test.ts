import { ErrorCode } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import {
  assign,
  CapacityExceededError,
  NoConnectionsError,
  routeHash,
  routeLeastLoaded,
  routeLoadBalanced,
  routeManual,
  routePriority,
  routeRoundRobin,
  routeSector,
  STRATEGY_NAMES,
  type Assignment,
} from '../src/index.js';

const C3 = ['c1', 'c2', 'c3'];
const loads = (a: Assignment) => a.connections.map((c) => a.load(c));
const tickers = (n: number) => Array.from({ length: n }, (_, i) => `T${i}`);

describe('round-robin', () => {
  it('deals tickers in turn, a critical ticker (placed first) onto the next r connections', () => {
    const a = routeRoundRobin({
      tickers: ['A', 'B', 'C', 'D', 'E'],
      connections: C3,
      replication: { symbols: ['C'], factor: 2 },
    });
    expect(a.toJSON()).toEqual({ c1: ['C', 'B'], c2: ['C', 'D'], c3: ['A', 'E'] });
  });

  it('keeps earlier tickers in place when tickers are appended', () => {
    const before = routeRoundRobin({ tickers: tickers(10), connections: C3 });
    const after = routeRoundRobin({ tickers: tickers(12), connections: C3 });
    for (const t of tickers(10)) expect(after.connectionFor(t)).toBe(before.connectionFor(t));
  });
});

describe('least-loaded', () => {
  it('fills the emptiest connection first, ties by connection order', () => {
    const a = routeLeastLoaded({
      tickers: ['A', 'B', 'C', 'D'],
      connections: C3,
      replication: { symbols: ['A', 'B'], factor: 2 },
    });
    expect(a.toJSON()).toEqual({ c1: ['A', 'B'], c2: ['A', 'C'], c3: ['B', 'D'] });
  });
});

describe('load-balanced', () => {
  it('balances observed message rate, not ticker count', () => {
    const stats = new Map([
      ['HOT', 900],
      ['WARM', 500],
      ['A', 100],
      ['B', 100],
      ['C', 100],
      ['D', 100],
    ]);
    const a = routeLoadBalanced({
      tickers: ['A', 'B', 'C', 'D', 'WARM', 'HOT'],
      connections: ['c1', 'c2'],
      stats,
    });
    expect(a.toJSON()).toEqual({ c1: ['HOT'], c2: ['WARM', 'A', 'B', 'C', 'D'] });
  });

  it('counts tickers without stats as the mean rate', () => {
    const a = routeLoadBalanced({
      tickers: ['A', 'B', 'NEW'],
      connections: ['c1', 'c2'],
      stats: new Map([
        ['A', 10],
        ['B', 30],
      ]),
    });
    // NEW counts as 20: B(30) -> c1, NEW(20) -> c2, A(10) -> c2.
    expect(a.toJSON()).toEqual({ c1: ['B'], c2: ['NEW', 'A'] });
  });

  it('rejects a negative or non-finite rate', () => {
    expect(() =>
      routeLoadBalanced({ tickers: ['A'], connections: ['c1'], stats: new Map([['A', -1]]) }),
    ).toThrow(expect.objectContaining({ code: ErrorCode.INVALID_ARGUMENT, field: 'stats.A' }));
  });
});

describe('priority', () => {
  const tiers = new Map([
    ['PREM', 0],
    ['STD', 1],
    ['FREE', 2],
    ['FREE2', 7],
  ]);

  it('puts tier i on connection i, unknown and deeper tiers on the last', () => {
    const a = routePriority({
      tickers: ['PREM', 'STD', 'FREE', 'FREE2', 'NONE'],
      connections: C3,
      tiers,
    });
    expect(a.toJSON()).toEqual({ c1: ['PREM'], c2: ['STD'], c3: ['FREE', 'FREE2', 'NONE'] });
  });

  it('spills a full tier to the next lower-priority connection, then upwards', () => {
    const a = routePriority({
      tickers: ['FREE', 'FREE2', 'NONE', 'PREM'],
      connections: C3,
      tiers,
      capacity: 2,
    });
    expect(a.toJSON()).toEqual({ c1: ['PREM'], c2: ['NONE'], c3: ['FREE', 'FREE2'] });
  });

  it('rejects a tier that is not a whole number >= 0', () => {
    expect(() =>
      routePriority({ tickers: ['A'], connections: C3, tiers: new Map([['A', 0.5]]) }),
    ).toThrow(expect.objectContaining({ field: 'tiers.A' }));
  });
});

describe('sector', () => {
  it('keeps each sector of the bundled GICS map on one connection, largest sectors first', () => {
    const list = ['AAPL', 'MSFT', 'NVDA', 'JPM', 'BAC', 'GS', 'UNH', 'JNJ', 'PFE', 'XOM'];
    const a = routeSector({ tickers: list, connections: C3 });
    // Three sectors of 3 (ties by name: Financials, Health Care, IT), then Energy on the lightest.
    expect(a.toJSON()).toEqual({
      c1: ['JPM', 'BAC', 'GS', 'XOM'],
      c2: ['UNH', 'JNJ', 'PFE'],
      c3: ['AAPL', 'MSFT', 'NVDA'],
    });
  });

  it('honours pinned sectors and sends tickers without a sector to the least-loaded connection', () => {
    const a = routeSector({
      tickers: ['AAPL', 'JPM', 'ZZZZ'],
      connections: C3,
      sectorConnections: new Map([
        ['Financials', 'c1'],
        ['Information Technology', 'gone'],
      ]),
    });
    expect(a.toJSON()).toEqual({ c1: ['JPM'], c2: ['AAPL'], c3: ['ZZZZ'] });
  });

  it('uses a sector map it is given', () => {
    const sectors = new Map([
      ['A', 'x'],
      ['B', 'x'],
      ['C', 'y'],
    ]);
    const a = routeSector({ tickers: ['A', 'C', 'B'], connections: ['c1', 'c2'], sectors });
    expect(a.toJSON()).toEqual({ c1: ['A', 'B'], c2: ['C'] });
  });
});

describe('manual', () => {
  it('keeps each connection on its own list and places the rest least-loaded', () => {
    const a = routeManual({
      tickers: ['AAPL', 'MSFT', 'TSLA', 'EXTRA'],
      connections: ['c1', 'c2'],
      manual: new Map([
        ['c1', ['aapl', 'msft']],
        ['c2', ['TSLA', 'AAPL']],
        ['dead', ['EXTRA']],
      ]),
    });
    expect(a.toJSON()).toEqual({ c1: ['AAPL', 'MSFT'], c2: ['TSLA', 'EXTRA'] });
  });
});

describe('hash', () => {
  it('places a ticker by rendezvous score, independent of the other tickers', () => {
    const all = routeHash({ tickers: tickers(50), connections: C3 });
    const one = routeHash({ tickers: ['T7'], connections: C3 });
    expect(one.connectionFor('T7')).toBe(all.connectionFor('T7'));
  });

  it('does not depend on the order of the connections', () => {
    const a = routeHash({ tickers: tickers(100), connections: C3 });
    const b = routeHash({ tickers: tickers(100), connections: ['c3', 'c1', 'c2'] });
    expect(b.samePlacements(a)).toBe(true);
  });
});

describe('every strategy', () => {
  it.each(STRATEGY_NAMES)('%s is deterministic and leaves its input unchanged', (strategy) => {
    const input = {
      tickers: tickers(60),
      connections: C3,
      replication: { symbols: ['T1', 'T2'], factor: 2 },
      capacity: 30,
    };
    const frozen = JSON.stringify(input);
    expect(assign(strategy, input).toJSON()).toEqual(assign(strategy, input).toJSON());
    expect(JSON.stringify(input)).toBe(frozen);
  });

  it('normalises and de-duplicates tickers and rejects an invalid one', () => {
    expect(
      routeRoundRobin({ tickers: ['aapl', 'AAPL ', 'brk.b'], connections: ['c1'] }).toJSON(),
    ).toEqual({
      c1: ['AAPL', 'BRK.B'],
    });
    expect(() => routeRoundRobin({ tickers: ['AAPL', '$$$'], connections: ['c1'] })).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_TICKER, field: 'tickers' }),
    );
  });

  it('rejects duplicate connections, a bad capacity and an unknown strategy', () => {
    expect(() => routeHash({ tickers: [], connections: ['c1', 'c1'] })).toThrow(
      'connections[1]: listed twice',
    );
    expect(() => routeHash({ tickers: [], connections: ['c1'], capacity: 0 })).toThrow(
      'capacity: must be',
    );
    expect(() => assign('fastest' as never, { tickers: [], connections: [] })).toThrow(
      'strategy: unknown routing strategy',
    );
  });

  it('throws NO_CONNECTIONS for tickers without connections, and routes no tickers to empty connections', () => {
    expect(() => routeHash({ tickers: ['AAPL'], connections: [] })).toThrow(NoConnectionsError);
    expect(routeHash({ tickers: [], connections: ['c1'] }).toJSON()).toEqual({ c1: [] });
  });

  it('throws CAPACITY_EXCEEDED up front when the slots needed exceed the capacity', () => {
    const run = () =>
      routeRoundRobin({
        tickers: tickers(250),
        connections: ['c1', 'c2'],
        capacity: 125,
        replication: { symbols: ['T0'], factor: 2 },
      });
    expect(run).toThrow(CapacityExceededError);
    expect(run).toThrow(
      expect.objectContaining({
        code: ErrorCode.CAPACITY_EXCEEDED,
        needed: 251,
        available: 250,
        message:
          '250 tickers need 251 slots (replicas included) but 2 connection(s) of capacity 125 offer 250',
      }),
    );
  });

  it('places 200 tickers on 2 connections of capacity 100, 100 each', () => {
    for (const strategy of STRATEGY_NAMES) {
      const a = assign(strategy, {
        tickers: tickers(200),
        connections: ['c1', 'c2'],
        capacity: 100,
      });
      expect(loads(a), strategy).toEqual([100, 100]);
    }
  });
});
