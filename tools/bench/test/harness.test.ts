import { describe, expect, it } from 'vitest';
import { checkTargets, formatTable, geometricMean, median } from '../src/harness.js';

describe('bench harness', () => {
  it('takes medians of odd and even samples', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('takes geometric means', () => {
    expect(geometricMean([1, 4])).toBeCloseTo(2);
  });

  it('checks targets in both directions and fails a missing figure', () => {
    const checks = checkTargets({ a: 0.95, b: 250 }, [
      { figure: 'a', op: '>=', value: 0.9 },
      { figure: 'b', op: '<=', value: 200 },
      { figure: 'c', op: '>=', value: 1 },
    ]);
    expect(checks.map((c) => c.pass)).toEqual([true, false, false]);
  });

  it('aligns a table', () => {
    const text = formatTable([
      { name: 'x', rate: 1000 },
      { name: 'long', rate: 5 },
    ]);
    expect(text.split('\n')).toEqual(['name   rate', '----  -----', '   x  1,000', 'long      5']);
  });
});
