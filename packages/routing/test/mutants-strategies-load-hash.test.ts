import { describe, expect, it } from 'vitest';
import {
  addTickers,
  Assignment,
  rendezvousRank,
  routeHash,
  routeLoadBalanced,
} from '../src/index.js';
import { Draft } from '../src/draft.js';
import { pick, rankInto } from '../src/strategy.js';
import { tickers } from './helpers.js';

describe('load-balanced: exact choices', () => {
  it('counts every ticker as rate 1 without stats, so it spreads them like least-loaded', () => {
    const a = routeLoadBalanced({ tickers: ['A', 'B', 'C'], connections: ['c1', 'c2'] });
    expect(a.toJSON()).toEqual({ c1: ['A', 'C'], c2: ['B'] });
  });

  // C's rate against A + B (2): equal, the fewer tickers win (c2); far above, the lower rate (c1).
  it.each([
    ['breaks a tie in rate by fewer tickers', 2, 'c2'],
    ['prefers the lower rate over fewer tickers', 10, 'c1'],
  ] as const)('%s', (_name, rateC, expected) => {
    const a = Assignment.fromRecord(
      { c1: ['A', 'B'], c2: ['C'] },
      {
        strategy: 'load-balanced',
        stats: new Map([
          ['A', 1],
          ['B', 1],
          ['C', rateC],
        ]),
      },
    );
    expect(addTickers(a, ['D']).assignment.connectionFor('D')).toBe(expected);
  });
});

describe('hash: batch order', () => {
  it('keeps the given order when capacity cannot bind', () => {
    const a = routeHash({ tickers: ['B', 'A'], connections: ['c1'] });
    expect(a.toJSON()).toEqual({ c1: ['B', 'A'] });
  });

  it('keeps the given order when the batch exactly fits one connection (capacity = copies)', () => {
    // Default factor 2: 2 tickers may take 4 copies; a capacity of 4 cannot bind.
    const a = routeHash({ tickers: ['B', 'A'], connections: ['c1'], capacity: 4 });
    expect(a.toJSON()).toEqual({ c1: ['B', 'A'] });
  });

  it('places in ticker order when the tickers already placed make capacity bind', () => {
    const onC1 = tickers(60).filter((t) => rendezvousRank(t, ['c1', 'c2'])[0] === 'c1');
    const [low, high] = onC1.slice(0, 2).sort();
    const a = Assignment.fromRecord({ c1: ['P'], c2: ['Q'] }, { strategy: 'hash', capacity: 2 });
    // Both rank c1 first and it has room for one: the first in ticker order gets it.
    const { assignment } = addTickers(a, [high!, low!]);
    expect(assignment.connectionFor(low!)).toBe('c1');
    expect(assignment.connectionFor(high!)).toBe('c2');
  });
});

describe('pick', () => {
  it('skips a preferred connection that holds the ticker unless told it has no copy', () => {
    const draft = Draft.of(Assignment.fromRecord({ c1: ['A'], c2: [] }));
    expect(pick(draft, 'A', [0])).toBe(1);
    expect(pick(draft, 'A', [0], true)).toBe(0);
  });
});

describe('rankInto', () => {
  it('fills exactly keys.length indices by ascending key', () => {
    expect(rankInto([], [3, 1, 2])).toEqual([1, 2, 0]);
    expect(rankInto([9, 9, 9, 9, 9], Float64Array.from([2, 1]))).toEqual([1, 0]);
  });

  it('breaks ties by lower index', () => {
    expect(rankInto([], [5, 5, 1, 5])).toEqual([2, 0, 1, 3]);
  });
});
