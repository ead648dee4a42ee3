import { ErrorCode } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import {
  Assignment,
  assign,
  connectionsNeeded,
  DEFAULT_ROUTING_INPUT,
  type RoutingInput,
  type StrategyName,
} from '../src/index.js';
import { sectors } from './helpers.js';

/** What `fn` threw, as a plain record of what a caller reads from a tickmux error. */
function thrown(fn: () => unknown): { code?: string; field?: string; message: string } {
  try {
    fn();
  } catch (e) {
    const { code, field, message } = e as { code?: string; field?: string; message: string };
    return { code, field, message };
  }
  throw new Error('expected a throw');
}

const base: RoutingInput = { tickers: ['AAPL'], connections: ['c1'] };

describe('routing options: what is validated, and what the error says', () => {
  it('names every strategy, comma-separated, when the strategy is unknown', () => {
    expect(thrown(() => assign('bogus' as StrategyName, base))).toEqual({
      code: ErrorCode.INVALID_ARGUMENT,
      field: 'strategy',
      message:
        'strategy: unknown routing strategy; expected one of manual, round-robin, least-loaded, ' +
        'load-balanced, priority, sector, hash (got "bogus")',
    });
  });

  it("reads only the strategy's own fields: another strategy's bad values are ignored", () => {
    const a = assign('least-loaded', {
      ...base,
      stats: new Map([['AAPL', -1]]),
      manual: new Map([['c1', ['$$$']]]),
      tiers: new Map([['AAPL', -1]]),
      sectors: new Map([['AAPL', '']]),
      sectorConnections: new Map([['Tech', 'c9']]),
    });
    expect(a.toJSON()).toEqual({ c1: ['AAPL'] });
    expect(a.policy.stats).toBe(DEFAULT_ROUTING_INPUT.stats);
    expect(a.policy.manual).toBe(DEFAULT_ROUTING_INPUT.manual);
    expect(a.policy.tiers).toBe(DEFAULT_ROUTING_INPUT.tiers);
    expect(a.policy.sectors).toBeUndefined();
    expect(a.policy.sectorConnections).toBe(DEFAULT_ROUTING_INPUT.sectorConnections);
  });

  it('requires a whole replication factor >= 1, not Infinity, naming replication.factor', () => {
    const zero = { symbols: [], factor: 0 };
    expect(thrown(() => assign('hash', { ...base, replication: zero }))).toEqual({
      code: ErrorCode.INVALID_ARGUMENT,
      field: 'replication.factor',
      message: 'replication.factor: must be a whole number >= 1 (got 0)',
    });
    const infinite = { symbols: [], factor: Number.POSITIVE_INFINITY };
    expect(thrown(() => assign('hash', { ...base, replication: infinite }))).toEqual({
      code: ErrorCode.INVALID_ARGUMENT,
      field: 'replication.factor',
      message: 'replication.factor: must be a whole number >= 1 (got Infinity)',
    });
  });

  it('says a capacity may also be Infinity', () => {
    expect(thrown(() => assign('hash', { ...base, capacity: 0 }))).toEqual({
      code: ErrorCode.INVALID_ARGUMENT,
      field: 'capacity',
      message: 'capacity: must be a whole number >= 1 or Infinity (got 0)',
    });
  });

  it('names replication.symbols and manual.<connection> for a bad ticker in them', () => {
    expect(
      thrown(() => assign('hash', { ...base, replication: { symbols: ['$$$'], factor: 2 } })),
    ).toMatchObject({ code: ErrorCode.INVALID_TICKER, field: 'replication.symbols' });
    expect(
      thrown(() => assign('manual', { ...base, manual: new Map([['c1', ['AAPL', '$$$']]]) })),
    ).toMatchObject({ code: ErrorCode.INVALID_TICKER, field: 'manual.c1' });
  });

  it('rejects a negative tier, naming tiers.<ticker>', () => {
    expect(thrown(() => assign('priority', { ...base, tiers: new Map([['AAPL', -1]]) }))).toEqual({
      code: ErrorCode.INVALID_ARGUMENT,
      field: 'tiers.AAPL',
      message: 'tiers.AAPL: must be a whole number >= 0 (got -1)',
    });
  });

  it('rejects an empty or non-string sector, naming sectors.<ticker>', () => {
    expect(thrown(() => assign('sector', { ...base, sectors: new Map([['AAPL', '']]) }))).toEqual({
      code: ErrorCode.INVALID_ARGUMENT,
      field: 'sectors.AAPL',
      message: 'sectors.AAPL: must be a non-empty sector name (got "")',
    });
    const numeric = new Map([['AAPL', 5 as unknown as string]]);
    expect(thrown(() => assign('sector', { ...base, sectors: numeric }))).toEqual({
      code: ErrorCode.INVALID_ARGUMENT,
      field: 'sectors.AAPL',
      message: 'sectors.AAPL: must be a non-empty sector name (got 5)',
    });
    expect(
      thrown(() => assign('sector', { ...base, sectors: new Map([['a b', 'Tech']]) })),
    ).toMatchObject({ code: ErrorCode.INVALID_TICKER, field: 'sectors' });
  });

  it('accepts valid sectors and pins a sector to its connection under `sector`', () => {
    const input: RoutingInput = {
      tickers: ['AONE', 'ATWO', 'BONE'],
      connections: ['c1', 'c2'],
      sectors: sectors({ Alpha: ['AONE', 'ATWO'], Beta: ['BONE'] }),
    };
    // Unpinned, the larger sector goes first to the lighter connection.
    expect(assign('sector', input).toJSON()).toEqual({ c1: ['AONE', 'ATWO'], c2: ['BONE'] });
    const pins = new Map([['Alpha', 'c2']]);
    const pinned = assign('sector', { ...input, sectorConnections: pins });
    expect(pinned.toJSON()).toEqual({ c1: ['BONE'], c2: ['AONE', 'ATWO'] });
    expect(pinned.policy.sectorConnections).toBe(pins);
  });

  it('rejects a rate that is not finite, naming stats.<ticker>', () => {
    for (const rate of [Number.POSITIVE_INFINITY, Number.NaN]) {
      expect(
        thrown(() => assign('load-balanced', { ...base, stats: new Map([['AAPL', rate]]) })),
      ).toEqual({
        code: ErrorCode.INVALID_ARGUMENT,
        field: 'stats.AAPL',
        message: `stats.AAPL: must be a finite rate >= 0 (got ${rate})`,
      });
    }
  });

  it('normalises stats keys, keeping the first of keys that normalise alike', () => {
    const a = assign('load-balanced', {
      ...base,
      stats: new Map([
        ['aapl', 5],
        ['AAPL', 7],
        [' msft ', 2],
      ]),
    });
    expect(a.policy.stats).toEqual(
      new Map([
        ['AAPL', 5],
        ['MSFT', 2],
      ]),
    );
  });

  it('rejects a stats key that is not a string even if it reads as a ticker', () => {
    const stats = new Map([[['AAPL'] as unknown as string, 5]]);
    expect(thrown(() => assign('load-balanced', { ...base, stats }))).toMatchObject({
      code: ErrorCode.INVALID_TICKER,
      field: 'stats',
    });
  });

  it('rejects a connection id that is not a string, naming connections[i]', () => {
    const connections = ['c1', 5 as unknown as string];
    expect(thrown(() => assign('hash', { ...base, connections }))).toEqual({
      code: ErrorCode.INVALID_ARGUMENT,
      field: 'connections[1]',
      message: 'connections[1]: must be a non-empty string (got 5)',
    });
    expect(thrown(() => Assignment.fromRecord({ '': [] }))).toEqual({
      code: ErrorCode.INVALID_ARGUMENT,
      field: 'connections[0]',
      message: 'connections[0]: must be a non-empty string (got "")',
    });
  });
});

describe('connectionsNeeded: validation names the field', () => {
  it('rejects an infinite replication factor', () => {
    const replication = { symbols: [], factor: Number.POSITIVE_INFINITY };
    expect(thrown(() => connectionsNeeded(['AAPL'], { replication }))).toEqual({
      code: ErrorCode.INVALID_ARGUMENT,
      field: 'replication.factor',
      message: 'replication.factor: must be a whole number >= 1 (got Infinity)',
    });
  });

  it('names tickers and replication.symbols for a bad ticker', () => {
    expect(thrown(() => connectionsNeeded(['AAPL', '$$$']))).toMatchObject({
      code: ErrorCode.INVALID_TICKER,
      field: 'tickers',
    });
    const replication = { symbols: ['$$$'], factor: 2 };
    expect(thrown(() => connectionsNeeded(['AAPL'], { replication }))).toMatchObject({
      code: ErrorCode.INVALID_TICKER,
      field: 'replication.symbols',
    });
  });
});

describe('UnknownConnectionError', () => {
  it('lists the live connections comma-separated, or says none', () => {
    expect(thrown(() => Assignment.fromRecord({ c1: [], c2: [] }).load('c9'))).toEqual({
      code: ErrorCode.UNKNOWN_CONNECTION,
      field: undefined,
      message: 'unknown connection "c9" (known: c1, c2)',
    });
    expect(thrown(() => Assignment.fromRecord({}).tickersOn('c9'))).toEqual({
      code: ErrorCode.UNKNOWN_CONNECTION,
      field: undefined,
      message: 'unknown connection "c9" (known: none)',
    });
  });
});
