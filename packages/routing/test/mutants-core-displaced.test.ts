import { describe, expect, it } from 'vitest';
import { Assignment, failConnection, removeTickers, restore } from '../src/index.js';
import { fullWithReplicas } from './helpers.js';

// Pins how the records of what failures displaced (displaced.ts) follow later operations.

describe('claimStandIn: a copy placed while a connection is down stands in for it', () => {
  it('an unplaced orphan placed later points its record at where it went, and restore takes it back', () => {
    const current = Assignment.fromRecord({ c1: ['A'], c2: ['B'] }, { capacity: 1 });
    const failed = failConnection(current, 'c1');
    expect(failed.unplaced).toEqual(['A']);
    expect(failed.assignment.displacedFrom('c1')).toEqual([{ ticker: 'A', from: 'c1', to: null }]);

    const freed = removeTickers(failed.assignment, ['B']);
    expect(freed.assignment.toJSON()).toEqual({ c2: ['A'] });
    expect(freed.assignment.displacedFrom('c1')).toEqual([{ ticker: 'A', from: 'c1', to: 'c2' }]);

    const back = restore(freed.assignment, 'c1');
    expect(back.assignment.toJSON()).toEqual({ c1: ['A'], c2: [] });
  });

  it('claims the record of the ticker placed, not the first record that went nowhere', () => {
    const current = Assignment.fromRecord(
      { c1: ['B', 'A'], c2: ['C', 'D'] },
      { strategy: 'hash', capacity: 2 },
    );
    const failed = failConnection(current, 'c1');
    expect(failed.unplaced).toEqual(['B', 'A']);
    expect(failed.assignment.displacedFrom('c1')).toEqual([
      { ticker: 'B', from: 'c1', to: null },
      { ticker: 'A', from: 'c1', to: null },
    ]);
    // One slot frees up; hash places a batch in ticker order when capacity binds, so A takes it.
    const freed = removeTickers(failed.assignment, ['D']);
    expect(freed.assignment.toJSON()).toEqual({ c2: ['C', 'A'] });
    expect(freed.unplaced).toEqual(['B']);
    expect(freed.assignment.displacedFrom('c1')).toEqual([
      { ticker: 'B', from: 'c1', to: null },
      { ticker: 'A', from: 'c1', to: 'c2' },
    ]);
  });

  it('leaves the record of a replica cut elsewhere alone when that replica comes back', () => {
    const failed = failConnection(fullWithReplicas(), 'c3');
    const freed = removeTickers(failed.assignment, ['C']);
    expect(freed.assignment.toJSON()).toEqual({ c1: ['A', 'B'], c2: ['A', 'B'] });
    expect(freed.underReplicated).toEqual([]);
    expect(freed.assignment.displacedFrom('c3')).toEqual([{ ticker: 'B', from: 'c2', to: null }]);
  });

  it('skips a record that already points somewhere, claiming the next down connection record', () => {
    const current = Assignment.fromRecord(
      { c1: ['A'], c2: ['A'], c3: ['X', 'Y'], c4: ['Z'] },
      { capacity: 2, replication: { symbols: ['A'], factor: 2 } },
    );
    const first = failConnection(current, 'c1');
    expect(first.assignment.toJSON()).toEqual({ c2: ['A'], c3: ['X', 'Y'], c4: ['Z', 'A'] });
    expect(first.assignment.displacedFrom('c1')).toEqual([{ ticker: 'A', from: 'c1', to: 'c4' }]);

    const second = failConnection(first.assignment, 'c2');
    expect(second.assignment.toJSON()).toEqual({ c3: ['X', 'Y'], c4: ['Z', 'A'] });
    expect(second.underReplicated).toEqual(['A']);
    expect(second.assignment.displacedFrom('c2')).toEqual([{ ticker: 'A', from: 'c2', to: null }]);

    const freed = removeTickers(second.assignment, ['X']);
    expect(freed.assignment.toJSON()).toEqual({ c3: ['Y', 'A'], c4: ['Z', 'A'] });
    expect(freed.assignment.displacedFrom('c1')).toEqual([{ ticker: 'A', from: 'c1', to: 'c4' }]);
    expect(freed.assignment.displacedFrom('c2')).toEqual([{ ticker: 'A', from: 'c2', to: 'c3' }]);
  });
});

describe('recordFailure: records of earlier failures after another connection fails', () => {
  it('keeps a record that neither points at nor comes from the connection that fails', () => {
    const current = Assignment.fromRecord({ c1: ['A'], c2: ['B'], c3: ['C'] });
    const first = failConnection(current, 'c1');
    expect(first.assignment.displacedFrom('c1')).toEqual([{ ticker: 'A', from: 'c1', to: 'c2' }]);
    const second = failConnection(first.assignment, 'c3');
    expect(second.assignment.toJSON()).toEqual({ c2: ['B', 'A', 'C'] });
    expect(second.assignment.displacedFrom('c1')).toEqual([{ ticker: 'A', from: 'c1', to: 'c2' }]);
    expect(second.assignment.displacedFrom('c3')).toEqual([{ ticker: 'C', from: 'c3', to: 'c2' }]);
  });

  it('moves a cut replica record to the connection it was cut from when that one fails', () => {
    const first = failConnection(fullWithReplicas(), 'c3');
    expect(first.assignment.displacedFrom('c3')).toEqual([
      { ticker: 'C', from: 'c3', to: 'c2' },
      { ticker: 'B', from: 'c2', to: null },
    ]);
    const second = failConnection(first.assignment, 'c2');
    expect(second.assignment.toJSON()).toEqual({ c1: ['A', 'B'] });
    expect(second.unplaced).toEqual(['C']);
    // C stood in on c2 for c3 and went nowhere; B's replica belongs on c2.
    expect(second.assignment.displacedFrom('c3')).toEqual([{ ticker: 'C', from: 'c3', to: null }]);
    expect(second.assignment.displacedFrom('c2')).toEqual([
      { ticker: 'A', from: 'c2', to: null },
      { ticker: 'B', from: 'c2', to: null },
    ]);
  });

  it('updates an earlier record list whose only change is a record moving away', () => {
    const failed = failConnection(fullWithReplicas(), 'c3');
    // C removed: B's replica returns to c2 and c3 keeps only the record of that cut.
    const freed = removeTickers(failed.assignment, ['C']);
    expect(freed.assignment.displacedFrom('c3')).toEqual([{ ticker: 'B', from: 'c2', to: null }]);
    const gone = failConnection(freed.assignment, 'c2');
    expect(gone.assignment.toJSON()).toEqual({ c1: ['A', 'B'] });
    expect(gone.assignment.displacedFrom('c3')).toEqual([]);
    const back = restore(gone.assignment, 'c2');
    expect(back.assignment.toJSON()).toEqual({ c1: ['A', 'B'], c2: ['A', 'B'] });
  });
});
