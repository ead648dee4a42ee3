import { describe, expect, it } from 'vitest';
import { addTickers, Assignment, type RoutingOptions } from '../src/index.js';

// Round-robin differs from least-loaded only in how it breaks ties: from the connection after the
// last one dealt, not from the first. These cases make the two disagree.

const roundRobin = (record: Record<string, string[]>, options: RoutingOptions = {}): Assignment =>
  Assignment.fromRecord(record, { strategy: 'round-robin', ...options });

describe('round-robin: the turn passes on from the last connection dealt', () => {
  it('deals the next ticker to the connection after the last one, not the first of a tie', () => {
    const a = roundRobin({ c1: [], c2: [], c3: ['Z'] });
    // Least-loaded would give C to c1 (ties by order); the turn after c2 is c3.
    expect(addTickers(a, ['A', 'B', 'C', 'D']).assignment.toJSON()).toEqual({
      c1: ['A', 'D'],
      c2: ['B'],
      c3: ['Z', 'C'],
    });
  });

  it('looks forward from the turn for the least-loaded connection, wrapping around', () => {
    const a = roundRobin({ c1: [], c2: ['X', 'Y'], c3: ['Z'] });
    expect(addTickers(a, ['A', 'B']).assignment.toJSON()).toEqual({
      c1: ['A'],
      c2: ['X', 'Y'],
      c3: ['Z', 'B'],
    });
  });
});

describe('round-robin: replicas', () => {
  it('skips a connection that already holds the ticker when choosing the least-loaded', () => {
    const a = roundRobin(
      { c1: ['X'], c2: ['P', 'Q', 'R'], c3: ['S', 'T'] },
      { replication: { symbols: ['X'], factor: 2 } },
    );
    expect(addTickers(a, []).assignment.connectionsFor('X')).toEqual(['c1', 'c3']);
  });

  it('deals a second replica from the turn after the first one', () => {
    const a = roundRobin(
      { c1: ['A'], c2: ['X'], c3: [], c4: ['B'] },
      { replication: { symbols: ['X'], factor: 3 } },
    );
    // After the replica on c3 every connection carries one; the turn is c4's, not c1's.
    expect(addTickers(a, []).assignment.connectionsFor('X')).toEqual(['c2', 'c3', 'c4']);
  });
});
