import type { AggregateEvent } from '@tickmux/core';

/**
 * The fields that make a bar's content: everything the vendor may change in a correction. The
 * window identity (`ev`, `sym`, `s`) is not part of it.
 */
export const BAR_CONTENT_FIELDS = [
  'v',
  'o',
  'c',
  'h',
  'l',
  'e',
  'av',
  'op',
  'vw',
  'a',
  'z',
  'otc',
  'dv',
  'dav',
] as const;

// Scratch views to read a double's bits without allocating.
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const ABSENT = 0x9e3779b9;

/**
 * A 53-bit fingerprint of a bar's content (cyrb53-style mixing of every field in
 * {@link BAR_CONTENT_FIELDS}, numbers by their exact bits, absent fields by a marker). Two bars
 * with equal content have equal fingerprints; two different bars collide with probability about
 * 2^-53, so bar versions are stored as one number each instead of a copy of the bar.
 */
export function barFingerprint(bar: AggregateEvent): number {
  const fields = bar as unknown as Record<string, unknown>;
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let f = 0; f < BAR_CONTENT_FIELDS.length; f++) {
    const value = fields[BAR_CONTENT_FIELDS[f]!];
    let a: number;
    let b: number;
    if (typeof value === 'number') {
      f64[0] = value;
      a = u32[0]!;
      b = u32[1]!;
    } else if (typeof value === 'string') {
      a = stringHash(value);
      b = value.length;
    } else if (typeof value === 'boolean') {
      a = value ? 1 : 2;
      b = 3;
    } else {
      a = ABSENT;
      b = f;
    }
    h1 = Math.imul(h1 ^ a, 2654435761);
    h2 = Math.imul(h2 ^ a, 1597334677);
    h1 = Math.imul(h1 ^ b, 2246822507);
    h2 = Math.imul(h2 ^ b, 3266489909);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
