import { ErrorCode } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import { CapacityExceededError, connectionsNeeded } from '../src/index.js';

const tickers = (n: number) => Array.from({ length: n }, (_, i) => `T${i}`);

describe('connectionsNeeded', () => {
  it('needs 2 connections for 200 tickers at capacity 100', () => {
    expect(connectionsNeeded(tickers(200), { capacity: 100, maxConnections: 3 })).toBe(2);
    expect(connectionsNeeded(tickers(201), { capacity: 100, maxConnections: 3 })).toBe(3);
  });

  it('needs 0 for no tickers and 1 without a capacity', () => {
    expect(connectionsNeeded([], { capacity: 10 })).toBe(0);
    expect(connectionsNeeded(tickers(5000))).toBe(1);
  });

  it('counts replicas and spreads critical tickers over the replication factor', () => {
    const replication = { symbols: ['T0', 'T1', 'ZZZZ'], factor: 2 };
    expect(connectionsNeeded(tickers(3), { replication })).toBe(2);
    expect(connectionsNeeded(tickers(199), { capacity: 100, replication })).toBe(3);
    expect(connectionsNeeded(tickers(3), { replication, maxConnections: 1 })).toBe(1);
  });

  it('throws CAPACITY_EXCEEDED when the connection limit is not enough', () => {
    expect(() => connectionsNeeded(tickers(301), { capacity: 100, maxConnections: 3 })).toThrow(
      expect.objectContaining({
        code: ErrorCode.CAPACITY_EXCEEDED,
        message: '301 tickers need 301 slots but 3 connection(s) of capacity 100 offer 300',
      }),
    );
    expect(() => connectionsNeeded(tickers(1), { capacity: 1, maxConnections: 0 })).not.toThrow(
      CapacityExceededError,
    );
  });
});
