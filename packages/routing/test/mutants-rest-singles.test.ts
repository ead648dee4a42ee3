import { describe, expect, it } from 'vitest';
import { Assignment } from '../src/index.js';

// Alone in its file: the shared one-connection lists are module state, fresh per test file.
describe('shared one-connection lists', () => {
  it('are kept for the first 10,000 connection ids only', () => {
    const n = 10_000;
    const record = Object.fromEntries(
      Array.from({ length: n + 1 }, (_, i) => [`s${i}`, [`T${i}`]] as const),
    );
    const a = Assignment.fromRecord(record);
    const kept = Array.from({ length: n }, (_, i) => a.connectionsFor(`T${i}`));
    expect(a.connectionsFor('T0')).toBe(kept[0]);
    expect(a.connectionsFor(`T${n - 1}`)).toBe(kept[n - 1]);
    // The 10,001st id gets a new list on each lookup: the cache does not grow past 10,000.
    const last = a.connectionsFor(`T${n}`);
    expect(last).toEqual([`s${n}`]);
    expect(Object.isFrozen(last)).toBe(true);
    expect(a.connectionsFor(`T${n}`)).not.toBe(last);
  });
});
