import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { BoundedQueue, type OverflowPolicy } from '../src/index.js';

type Op = { op: 'push' } | { op: 'shift'; n: number } | { op: 'unshift'; n: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.constant({ op: 'push' as const }) },
  fc.record({ op: fc.constant('shift' as const), n: fc.integer({ min: 0, max: 12 }) }),
  fc.record({ op: fc.constant('unshift' as const), n: fc.integer({ min: 0, max: 12 }) }),
);

/**
 * The model: a plain array with the stated policies. `unshift` puts back the last batch taken
 * (as a sink does after a failed send).
 */
describe('BoundedQueue against a model', () => {
  test.prop([
    fc.integer({ min: 1, max: 16 }),
    fc.constantFrom<OverflowPolicy>('drop-oldest', 'drop-newest'),
    fc.array(opArb, { maxLength: 300 }),
  ])('keeps order and its bound, and counts exactly what it drops', (capacity, policy, ops) => {
    const q = new BoundedQueue<number>(capacity, policy);
    let model: number[] = [];
    let lastBatch: number[] = [];
    let next = 0;
    let dropped = 0;
    let modelDropped = 0;
    const out: number[] = [];
    for (const o of ops) {
      if (o.op === 'push') {
        const v = next++;
        dropped += q.push(v);
        if (model.length < capacity) model.push(v);
        else if (policy === 'drop-oldest') {
          model.shift();
          model.push(v);
          modelDropped++;
        } else modelDropped++;
      } else if (o.op === 'shift') {
        q.shiftInto(out, o.n);
        lastBatch = model.splice(0, o.n);
        expect(out).toEqual(lastBatch);
      } else {
        const back = lastBatch.slice(0, o.n);
        lastBatch = [];
        dropped += q.unshiftAll(back);
        model = [...back, ...model];
        const over = model.length - capacity;
        if (over > 0) {
          modelDropped += over;
          model = policy === 'drop-oldest' ? model.slice(over) : model.slice(0, capacity);
        }
      }
      expect(q.size).toBe(model.length);
      expect(q.size).toBeLessThanOrEqual(capacity);
    }
    expect(q.toArray()).toEqual(model);
    expect(dropped).toBe(modelDropped);
  });
});
