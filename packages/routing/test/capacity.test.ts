import { ErrorCode } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import { connectionsNeeded } from '../src/index.js';
import { tickers } from './helpers.js';

describe('connectionsNeeded', () => {
  it('needs 2 connections for 200 tickers at capacity 100', () => {
    expect(connectionsNeeded(tickers(200), { capacity: 100, maxConnections: 3 })).toEqual({
      connections: 2,
      slots: 200,
      available: 200,
      fits: true,
    });
    expect(connectionsNeeded(tickers(201), { capacity: 100, maxConnections: 3 }).connections).toBe(
      3,
    );
  });

  it('needs 0 for no tickers and 1 without a capacity, counting tickers once in any case', () => {
    expect(connectionsNeeded([], { capacity: 10 }).connections).toBe(0);
    expect(connectionsNeeded([...tickers(5000), 't1', ' T2 ']).connections).toBe(1);
    expect(connectionsNeeded(['a', 'A', 'b'], { capacity: 1 }).slots).toBe(2);
  });

  it('counts replicas and spreads critical tickers over the replication factor', () => {
    const replication = { symbols: ['T0', 't1', 'ZZZZ'], factor: 2 };
    expect(connectionsNeeded(tickers(3), { replication })).toMatchObject({
      connections: 2,
      slots: 5,
    });
    expect(connectionsNeeded(tickers(199), { capacity: 100, replication })).toMatchObject({
      connections: 3,
      slots: 201,
    });
    expect(connectionsNeeded(tickers(3), { replication, maxConnections: 1 })).toMatchObject({
      connections: 1,
      slots: 3,
      fits: true,
    });
  });

  it('says when even the connection limit is not enough, rather than throwing', () => {
    expect(connectionsNeeded(tickers(301), { capacity: 100, maxConnections: 3 })).toEqual({
      connections: 3,
      slots: 301,
      available: 300,
      fits: false,
    });
  });

  it('rejects a bad limit naming it', () => {
    expect(() => connectionsNeeded(tickers(1), { capacity: 1, maxConnections: 0 })).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_ARGUMENT, field: 'maxConnections' }),
    );
    expect(() => connectionsNeeded(tickers(1), { capacity: 1.5 })).toThrow(
      expect.objectContaining({ field: 'capacity' }),
    );
    expect(() =>
      connectionsNeeded(tickers(1), { replication: { symbols: [], factor: 0 } }),
    ).toThrow(expect.objectContaining({ field: 'replication.factor' }));
  });
});
