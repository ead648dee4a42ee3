import { ErrorCode } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import {
  assign,
  routeHash,
  routeLeastLoaded,
  routeLoadBalanced,
  routeManual,
  routePriority,
  routeRoundRobin,
  routeSector,
  STRATEGY_NAMES,
} from '../src/index.js';
import { loads, tickers } from './helpers.js';

const C3 = ['c1', 'c2', 'c3'];

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

  it('puts tier i on connection i, deeper tiers on the last, untiered tickers least-loaded', () => {
    const a = routePriority({
      tickers: ['PREM', 'STD', 'FREE', 'FREE2', 'NONE', 'NONE2'],
      connections: C3,
      tiers,
    });
    expect(a.toJSON()).toEqual({
      c1: ['PREM', 'NONE'],
      c2: ['STD', 'NONE2'],
      c3: ['FREE', 'FREE2'],
    });
  });

  it('spills a full tier to the next lower-priority connection, then upwards', () => {
    const a = routePriority({
      tickers: ['FREE', 'FREE2', 'F3', 'PREM', 'P2', 'P3'],
      connections: C3,
      tiers: new Map([...tiers, ['F3', 2], ['P2', 0], ['P3', 0]]),
      capacity: 2,
    });
    // F3 finds c3 full and no lower tier, so goes up to c2; P3 finds c1 full, so goes down.
    expect(a.toJSON()).toEqual({ c1: ['PREM', 'P2'], c2: ['F3', 'P3'], c3: ['FREE', 'FREE2'] });
  });

  it('takes tiers keyed in any case and does not throw at 80 % fill', () => {
    const list = tickers(24);
    const a = routePriority({
      tickers: list,
      connections: C3,
      capacity: 10,
      tiers: new Map(list.map((t) => [t.toLowerCase(), 0])),
      replication: { symbols: ['T0', 'T1', 'T2'], factor: 2 },
    });
    // 27 slots of 30: tier 0 fills c1, spills to c2, then c3.
    expect(loads(a)).toEqual([10, 10, 7]);
    expect(a.unplaced).toEqual([]);
    expect(a.underReplicated).toEqual([]);
    expect(a.connectionsFor('T2')).toEqual(['c1', 'c2']);
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

  it('leaves every ticker unplaced without connections, and routes no tickers to empty ones', () => {
    const a = routeHash({ tickers: ['AAPL', 'msft'], connections: [] });
    expect(a.unplaced).toEqual(['AAPL', 'MSFT']);
    expect(a.size).toBe(0);
    expect(routeHash({ tickers: [], connections: ['c1'] }).toJSON()).toEqual({ c1: [] });
  });

  it.each(STRATEGY_NAMES)(
    '%s places every ticker once before any replica and reports what does not fit',
    (strategy) => {
      const a = assign(strategy, {
        tickers: tickers(7),
        connections: ['c1', 'c2', 'c3'],
        capacity: 2,
        replication: { symbols: ['T5', 'T0', 'T1'], factor: 2 },
      });
      // 6 slots, 7 tickers: one ticker has no room, so no replica is made at all.
      expect(a.placements).toBe(6);
      expect(a.size).toBe(6);
      expect(a.unplaced).toHaveLength(1);
      expect(a.underReplicated.toSorted()).toEqual(['T0', 'T1', 'T5']);
      expect(a.replicationCut).toBe(true);
    },
  );

  it('gives replicas to the critical tickers listed first when room is short', () => {
    const a = routeLeastLoaded({
      tickers: tickers(5),
      connections: ['c1', 'c2', 'c3'],
      capacity: 2,
      replication: { symbols: ['T4', 'T3', 'T0'], factor: 2 },
    });
    // 6 slots: 5 first copies and one replica, which goes to T4, listed first.
    expect(a.toJSON()).toEqual({ c1: ['T4', 'T0'], c2: ['T4', 'T1'], c3: ['T3', 'T2'] });
    expect(a.underReplicated).toEqual(['T3', 'T0']);
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
