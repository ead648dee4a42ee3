import { describe, expect, it } from 'vitest';
import { Assignment, failConnection, removeTickers, restore } from '../src/index.js';

// Pins what restore.ts moves back, and where, after a failure that cut a replica.

/**
 * Critical A and B on c1 and c2 (capacity 3, all full but c3). Failing c3 cuts B's replica on c2
 * to give C a copy there.
 */
const cutOnC2 = () => {
  const current = Assignment.fromRecord(
    { c1: ['A', 'B', 'X'], c2: ['A', 'B', 'Y'], c3: ['C'], c4: ['D', 'E', 'F'] },
    { capacity: 3, replication: { symbols: ['A', 'B'], factor: 2 } },
  );
  const failed = failConnection(current, 'c3');
  return { current, failed };
};

describe('restore: a replica cut to make room goes back where it was', () => {
  it('puts the cut replica back on the connection it was cut from, not on the lightest one', () => {
    const { current, failed } = cutOnC2();
    expect(failed.assignment.toJSON()).toEqual({
      c1: ['A', 'B', 'X'],
      c2: ['A', 'Y', 'C'],
      c4: ['D', 'E', 'F'],
    });
    expect(failed.assignment.displacedFrom('c3')).toEqual([
      { ticker: 'C', from: 'c3', to: 'c2' },
      { ticker: 'B', from: 'c2', to: null },
    ]);
    const back = restore(failed.assignment, 'c3');
    expect(back.assignment.toJSON()).toEqual({
      c1: ['A', 'B', 'X'],
      c2: ['A', 'Y', 'B'],
      c3: ['C'],
      c4: ['D', 'E', 'F'],
    });
    expect(back.underReplicated).toEqual([]);
    expect(back.assignment.samePlacements(current)).toBe(true);
  });

  it('does not put it back when the ticker got its replica elsewhere meanwhile', () => {
    const { failed } = cutOnC2();
    const freed = removeTickers(failed.assignment, ['D']);
    expect(freed.assignment.toJSON()).toEqual({
      c1: ['A', 'B', 'X'],
      c2: ['A', 'Y', 'C'],
      c4: ['E', 'F', 'B'],
    });
    const back = restore(freed.assignment, 'c3');
    expect(back.assignment.toJSON()).toEqual({
      c1: ['A', 'B', 'X'],
      c2: ['A', 'Y'],
      c3: ['C'],
      c4: ['E', 'F', 'B'],
    });
    expect(back.assignment.connectionsFor('B')).toEqual(['c1', 'c4']);
  });
});

describe('restore: what moves back to the restored connection', () => {
  it('moves back only what fits under the capacity; the rest stays where it is', () => {
    // A record of more tickers than the capacity (say, a pool subscribed past a lowered limit).
    const current = Assignment.fromRecord({ c1: ['A', 'B', 'C'], c2: [] }, { capacity: 2 });
    const failed = failConnection(current, 'c1');
    expect(failed.assignment.toJSON()).toEqual({ c2: ['A', 'B'] });
    expect(failed.unplaced).toEqual(['C']);
    const back = restore(failed.assignment, 'c1');
    expect(back.assignment.toJSON()).toEqual({ c1: ['A', 'B'], c2: ['C'] });
    expect(back.unplaced).toEqual([]);
    expect(back.assignment.load('c1')).toBe(2);
  });

  it('drops an extra copy beyond what the ticker wants, keeping the one on the restored connection', () => {
    const current = Assignment.fromRecord({ c1: ['X'], c2: ['X'] });
    const failed = failConnection(current, 'c1');
    expect(failed.assignment.toJSON()).toEqual({ c2: ['X'] });
    expect(failed.assignment.displacedFrom('c1')).toEqual([{ ticker: 'X', from: 'c1', to: null }]);
    const back = restore(failed.assignment, 'c1');
    expect(back.assignment.toJSON()).toEqual({ c1: ['X'], c2: [] });
    expect(back.assignment.connectionsFor('X')).toEqual(['c1']);
  });
});
