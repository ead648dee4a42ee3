import { describe, expect, it } from 'vitest';
import {
  addConnection,
  addTickers,
  Assignment,
  rebalance,
  routeSector,
  type RoutingOptions,
} from '../src/index.js';
import { Draft } from '../src/draft.js';
import { sectorStrategy } from '../src/strategies/sector.js';
import { sectors } from './helpers.js';

// Exact placements of the sector strategy in the cases mutation testing found unpinned:
// pinned-first order, where a sector's later tickers go (mostOf, placed), replicas, rebalance units.

const sectorRecord = (record: Record<string, string[]>, options: RoutingOptions = {}): Assignment =>
  Assignment.fromRecord(record, { strategy: 'sector', ...options });

/** Where a new ticker of sector S goes, given what each connection carries already. */
const joins = (record: Record<string, string[]>): string | undefined => {
  const a = sectorRecord(record, { sectors: sectors({ S: ['S1', 'S2', 'S3', 'N'] }) });
  return addTickers(a, ['N']).assignment.connectionFor('N');
};

describe('sector: batch order', () => {
  it('places a pinned sector before larger unpinned ones, so they go to the lighter connection', () => {
    const a = routeSector({
      tickers: ['L1', 'L2', 'P1'],
      connections: ['c1', 'c2'],
      sectors: sectors({ P: ['P1'], L: ['L1', 'L2'] }),
      sectorConnections: new Map([['P', 'c1']]),
    });
    expect(a.toJSON()).toEqual({ c1: ['P1'], c2: ['L1', 'L2'] });
  });

  it('pins a sector to the second live connection', () => {
    const a = routeSector({
      tickers: ['P1'],
      connections: ['c1', 'c2'],
      sectors: sectors({ P: ['P1'] }),
      sectorConnections: new Map([['P', 'c2']]),
    });
    expect(a.toJSON()).toEqual({ c1: [], c2: ['P1'] });
  });

  it('places tickers without a sector after every sector, even a smaller one', () => {
    const a = routeSector({
      tickers: ['L1', 'L2', 'S1'],
      connections: ['c1', 'c2'],
      sectors: sectors({ S: ['S1'] }),
    });
    expect(a.toJSON()).toEqual({ c1: ['S1', 'L2'], c2: ['L1'] });
  });
});

describe('sector: where later tickers of a sector go', () => {
  it('joins the connection holding most of the sector', () => {
    expect(joins({ c1: ['S1', 'S2'], c2: ['S3'], c3: [] })).toBe('c1');
    expect(joins({ c1: ['S1'], c2: ['S2', 'S3'], c3: [] })).toBe('c2');
  });

  it('breaks a tie in sector count by fewer tickers, then by connection order', () => {
    expect(joins({ c1: ['S1'], c2: ['S2', 'X'], c3: [] })).toBe('c1');
    expect(joins({ c1: ['S1', 'X'], c2: ['S2'], c3: [] })).toBe('c2');
    expect(joins({ c1: ['S1'], c2: ['S2'], c3: [] })).toBe('c1');
  });

  it('ignores a pin to a connection that is not live and joins the sector where it is', () => {
    const a = sectorRecord(
      { c1: [], c2: ['P1'] },
      { sectors: sectors({ P: ['P1', 'P2'] }), sectorConnections: new Map([['P', 'cX']]) },
    );
    expect(addTickers(a, ['P2']).assignment.toJSON()).toEqual({ c1: [], c2: ['P1', 'P2'] });
  });

  it('takes a new sector to the lightest connection with room for all of it', () => {
    const a = sectorRecord(
      { c1: [], c2: ['P', 'Q'] },
      { capacity: 4, sectors: sectors({ S: ['S1', 'S2', 'S3'] }) },
    );
    expect(addTickers(a, ['S1', 'S2', 'S3']).assignment.toJSON()).toEqual({
      c1: ['S1', 'S2', 'S3'],
      c2: ['P', 'Q'],
    });
  });

  it('sends a new sector that fits nowhere whole to the least-loaded connection, then joins it', () => {
    const a = sectorRecord(
      { c1: [], c2: ['P'] },
      { capacity: 2, sectors: sectors({ S: ['S1', 'S2', 'S3'] }) },
    );
    expect(addTickers(a, ['S1', 'S2', 'S3']).assignment.toJSON()).toEqual({
      c1: ['S1', 'S2'],
      c2: ['P', 'S3'],
    });
  });

  it('counts each placed ticker towards its sector: overflow goes least-loaded, not after the last one', () => {
    const a = routeSector({
      tickers: ['S1', 'S2', 'S3', 'S4', 'S5'],
      connections: ['c1', 'c2', 'c3'],
      capacity: 2,
      sectors: sectors({ S: ['S1', 'S2', 'S3', 'S4', 'S5'] }),
    });
    expect(a.toJSON()).toEqual({ c1: ['S1', 'S2'], c2: ['S3', 'S5'], c3: ['S4'] });
  });

  it('keeps a full home on a tie with the overflow connection (the next overflow goes least-loaded)', () => {
    const a = sectorRecord(
      { c1: ['S0', 'A', 'B', 'E'], c2: [], c3: [] },
      { capacity: 4, sectors: sectors({ S: ['S0', 'S1', 'S2'] }) },
    );
    expect(addTickers(a, ['S1', 'S2']).assignment.toJSON()).toEqual({
      c1: ['S0', 'A', 'B', 'E'],
      c2: ['S1'],
      c3: ['S2'],
    });
  });

  it('moves the home to the connection that comes to hold more of the sector', () => {
    const a = sectorRecord(
      { c1: ['S0', 'A', 'B'], c2: [], c3: ['C', 'D'] },
      { capacity: 4, sectors: sectors({ S: ['S0', 'S1', 'S2', 'S3', 'S4', 'S5'] }) },
    );
    expect(addTickers(a, ['S1', 'S2', 'S3', 'S4', 'S5']).assignment.toJSON()).toEqual({
      c1: ['S0', 'A', 'B', 'S1'],
      c2: ['S2', 'S3', 'S4', 'S5'],
      c3: ['C', 'D'],
    });
  });

  it('sends a replica whose sector has no ticker to place to the least-loaded connection', () => {
    const a = sectorRecord(
      { c1: ['X'], c2: ['Y', 'Z'], c3: [] },
      {
        sectors: sectors({ S: ['X', 'Y', 'Z'] }),
        replication: { symbols: ['X'], factor: 2 },
      },
    );
    expect(addTickers(a, []).assignment.connectionsFor('X')).toEqual(['c1', 'c3']);
  });

  it('chooses for a batch that was not ordered first (create groups it itself)', () => {
    const a = sectorRecord({ c1: [], c2: ['S0'] }, { sectors: sectors({ S: ['S0', 'S1'] }) });
    const chooser = sectorStrategy.create(Draft.of(a), ['S1']);
    expect([...chooser.prefer('S1', true)]).toEqual([1]);
  });
});

describe('sector: new connections and rebalance', () => {
  it('moves a sector pinned to a new connection onto it, and nothing else', () => {
    const a = routeSector({
      tickers: ['P1', 'P2', 'Q1'],
      connections: ['c1', 'c2'],
      sectors: sectors({ P: ['P1', 'P2'], Q: ['Q1'] }),
      sectorConnections: new Map([['P', 'c3']]),
    });
    expect(a.toJSON()).toEqual({ c1: ['P1', 'P2'], c2: ['Q1'] });
    expect(addConnection(a, 'c3').assignment.toJSON()).toEqual({
      c1: [],
      c2: ['Q1'],
      c3: ['P1', 'P2'],
    });
  });

  it('moves a sector only whole: one too heavy to help stays where it is', () => {
    const a = sectorRecord(
      { c1: ['S1', 'S2', 'S3', 'S4'], c2: [] },
      { sectors: sectors({ S: ['S1', 'S2', 'S3', 'S4'] }) },
    );
    const { assignment, plan } = rebalance(a, { tolerance: 0 });
    expect(plan.moves).toEqual([]);
    expect(assignment.toJSON()).toEqual({ c1: ['S1', 'S2', 'S3', 'S4'], c2: [] });
  });

  it('moves the overflow of a pinned sector ticker by ticker', () => {
    const a = sectorRecord(
      { c1: ['P1'], c2: ['P2', 'P3', 'P4'], c3: [] },
      {
        sectors: sectors({ P: ['P1', 'P2', 'P3', 'P4'] }),
        sectorConnections: new Map([['P', 'c1']]),
      },
    );
    const { assignment, plan } = rebalance(a, { tolerance: 0 });
    expect(plan.moves).toEqual([{ ticker: 'P2', from: 'c2', to: 'c3' }]);
    expect(assignment.toJSON()).toEqual({ c1: ['P1'], c2: ['P3', 'P4'], c3: ['P2'] });
  });
});
