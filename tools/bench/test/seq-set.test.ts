import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { SeqSet } from '../src/seq-set.js';

describe('SeqSet', () => {
  it('tells a duplicate from a first sighting, past its initial size', () => {
    const s = new SeqSet();
    expect(s.add(1_000)).toBe(true);
    expect(s.add(1_000)).toBe(false);
    expect(s.add(5_000)).toBe(true);
    expect(s.add(5_000)).toBe(false);
    expect(s.size).toBe(2);
    expect(s.holes()).toBe(3_999);
  });

  it('takes numbers below the first one seen', () => {
    const s = new SeqSet();
    s.add(10);
    s.add(12);
    expect(s.add(3)).toBe(true);
    expect(s.add(10)).toBe(false);
    expect(s.add(12)).toBe(false);
    expect(s.holes()).toBe(7);
  });

  it('is empty with no holes', () => {
    expect(new SeqSet().holes()).toBe(0);
    expect(new SeqSet().size).toBe(0);
  });

  test.prop([fc.array(fc.integer({ min: 0, max: 3_000 }), { maxLength: 400 })])(
    'agrees with a Set on duplicates, size and holes',
    (qs) => {
      const s = new SeqSet();
      const ref = new Set<number>();
      for (const q of qs) {
        expect(s.add(q)).toBe(!ref.has(q));
        ref.add(q);
      }
      expect(s.size).toBe(ref.size);
      const holes = ref.size === 0 ? 0 : Math.max(...ref) - Math.min(...ref) + 1 - ref.size;
      expect(s.holes()).toBe(holes);
    },
  );
});
