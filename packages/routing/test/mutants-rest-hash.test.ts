import { describe, expect, it } from 'vitest';
import { hashString } from '../src/index.js';

describe('hashString', () => {
  it('is FNV-1a over the code units, then fmix32: exact values', () => {
    // Computed with an independent FNV-1a + murmur3 fmix32; stable across runs and platforms.
    expect(hashString('')).toBe(2_872_998_923);
    expect(hashString('AAPL')).toBe(2_272_979_962);
    expect(hashString('connection_1')).toBe(1_122_519_168);
  });

  it('keeps the collisions of FNV-1a (fmix32 is a bijection)', () => {
    // A known 32-bit FNV-1a collision.
    expect(hashString('costarring')).toBe(hashString('liquid'));
    expect(hashString('costarring')).not.toBe(hashString('liquids'));
  });
});
