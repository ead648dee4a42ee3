import { describe, expect, it } from 'vitest';
import { BoundedQueue } from '../src/index.js';

describe('BoundedQueue', () => {
  it('drop-oldest: a full queue gives up its oldest item and says so', () => {
    const q = new BoundedQueue<number>(3, 'drop-oldest');
    expect([1, 2, 3, 4, 5].map((v) => q.push(v))).toEqual([0, 0, 0, 1, 1]);
    expect(q.toArray()).toEqual([3, 4, 5]);
  });

  it('drop-newest: a full queue refuses the new item', () => {
    const q = new BoundedQueue<number>(3, 'drop-newest');
    expect([1, 2, 3, 4].map((v) => q.push(v))).toEqual([0, 0, 0, 1]);
    expect(q.toArray()).toEqual([1, 2, 3]);
  });

  it('puts a batch back at the front in order, dropping by policy when it no longer fits', () => {
    const kept = (policy: 'drop-oldest' | 'drop-newest') => {
      const q = new BoundedQueue<number>(4, policy);
      [1, 2, 3, 4].forEach((v) => q.push(v));
      const batch: number[] = [];
      q.shiftInto(batch, 3);
      expect(batch).toEqual([1, 2, 3]);
      q.push(5);
      q.push(6);
      expect(q.unshiftAll(batch)).toBe(2); // six items for four places
      return q.toArray();
    };
    expect(kept('drop-oldest')).toEqual([3, 4, 5, 6]);
    expect(kept('drop-newest')).toEqual([1, 2, 3, 4]);
  });
});
