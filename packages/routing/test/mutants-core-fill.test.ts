import { describe, expect, it } from 'vitest';
import { addTickers, assign, Assignment, failConnection } from '../src/index.js';
import { fullWithReplicas, sectors } from './helpers.js';

// Pins behaviour of fill.ts (the shared out-of-room policy) that mutation testing found unchecked.

describe('fill: what nothing to place leaves behind', () => {
  it('failing a connection that carries nothing records nothing as displaced', () => {
    const current = Assignment.fromRecord({ c1: [], c2: ['A'] });
    const change = failConnection(current, 'c1');
    expect(change.assignment.displacedFrom('c1')).toEqual([]);
    expect(change.assignment.toJSON()).toEqual({ c2: ['A'] });
    expect(change.unplaced).toEqual([]);
  });

  it('with no live connection every ticker is unplaced in the order given, critical ones too', () => {
    const a = assign('least-loaded', {
      tickers: ['A', 'B', 'C'],
      connections: [],
      replication: { symbols: ['C'], factor: 2 },
    });
    expect(a.unplaced).toEqual(['A', 'B', 'C']);
    expect(a.size).toBe(0);
  });
});

describe('fill: critical tickers in the order the replication lists them', () => {
  it('with two critical tickers and room for one replica, the first listed keeps its replica', () => {
    const a = assign('least-loaded', {
      tickers: ['A', 'B', 'C'],
      connections: ['c1', 'c2'],
      capacity: 2,
      replication: { symbols: ['B', 'A'], factor: 2 },
    });
    expect(a.toJSON()).toEqual({ c1: ['B', 'A'], c2: ['B', 'C'] });
    expect(a.underReplicated).toEqual(['A']);
    expect(a.unplaced).toEqual([]);
  });
});

describe('fill: cutting spare replicas to give a ticker its one copy', () => {
  it('cuts exactly as many replicas as tickers lack room, the latest listed critical ticker first', () => {
    const change = failConnection(fullWithReplicas(), 'c3');
    expect(change.assignment.toJSON()).toEqual({ c1: ['A', 'B'], c2: ['A', 'C'] });
    expect(change.underReplicated).toEqual(['B']);
    expect(change.unplaced).toEqual([]);
    expect(change.assignment.displacedFrom('c3')).toEqual([
      { ticker: 'C', from: 'c3', to: 'c2' },
      { ticker: 'B', from: 'c2', to: null },
    ]);
  });

  it('cuts a ticker with several spare copies more than once', () => {
    const current = Assignment.fromRecord(
      { c1: ['A'], c2: ['A'], c3: ['A'] },
      { capacity: 1, replication: { symbols: ['A'], factor: 3 } },
    );
    const change = addTickers(current, ['X', 'Y']);
    expect(change.assignment.toJSON()).toEqual({ c1: ['A'], c2: ['X'], c3: ['Y'] });
    expect(change.unplaced).toEqual([]);
    expect(change.underReplicated).toEqual(['A']);
  });

  it('cuts an extra copy of a non-critical ticker when no critical one has a spare', () => {
    const current = Assignment.fromRecord({ c1: ['X'], c2: ['X'] }, { capacity: 1 });
    const change = addTickers(current, ['Y']);
    expect(change.assignment.toJSON()).toEqual({ c1: ['X'], c2: ['Y'] });
    expect(change.unplaced).toEqual([]);
  });
});

describe('fill: only the tickers that still lack copies are placed', () => {
  it('sector: tickers already put on the named connection do not count when ordering sectors', () => {
    const current = Assignment.fromRecord(
      { c1: [], c2: [], c3: [] },
      {
        strategy: 'sector',
        capacity: 2,
        sectors: sectors({ A: ['A1', 'A2', 'A3'], C: ['C1', 'C2'] }),
      },
    );
    // c1 takes A1 and A2; the rest is placed by the strategy: sector C (two tickers without a
    // copy) before A3, so C goes whole to c2 and A3 spills to c3.
    const change = addTickers(current, ['A1', 'A2', 'C1', 'C2', 'A3'], { connection: 'c1' });
    expect(change.assignment.toJSON()).toEqual({
      c1: ['A1', 'A2'],
      c2: ['C1', 'C2'],
      c3: ['A3'],
    });
    expect(change.unplaced).toEqual([]);
  });
});
