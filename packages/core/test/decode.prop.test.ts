import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { decodeFrame, encodeFrame, type MassiveEvent, type StatusMessage } from '../src/index.js';
import { anyMessageArb } from './arbitraries.js';

describe('decodeFrame properties', () => {
  test.prop([fc.string({ unit: 'binary' })])('never throws on arbitrary strings', (text) => {
    const out = decodeFrame(text);
    expect(Array.isArray(out.events)).toBe(true);
  });

  test.prop([fc.json()])('never throws on arbitrary JSON', (text) => {
    const out = decodeFrame(text);
    expect(out.events.length + out.statuses.length + out.issues.length).toBeGreaterThanOrEqual(0);
  });

  test.prop([
    fc.array(
      fc.oneof(
        fc.jsonValue(),
        fc.dictionary(
          fc.constantFrom('ev', 'sym', 'p', 's', 't', 'status', 'q', 'c'),
          fc.jsonValue(),
        ),
      ),
    ),
  ])('never throws on arrays of near-events, and accounts for every entry', (items) => {
    const out = decodeFrame(JSON.stringify(items));
    // Every entry is an event, a status, or at least one issue.
    expect(out.events.length + out.statuses.length).toBeLessThanOrEqual(items.length);
    const reported = new Set(out.issues.map((i) => i.index));
    expect(out.events.length + out.statuses.length + reported.size).toBeGreaterThanOrEqual(
      items.length,
    );
  });

  test.prop([fc.array(anyMessageArb, { maxLength: 30 })])(
    'encode then decode of valid events and statuses is the identity',
    (messages) => {
      const out = decodeFrame(encodeFrame(messages));
      expect(out.issues).toEqual([]);
      const isStatus = (m: MassiveEvent | StatusMessage) => m.ev === 'status';
      expect(out.events).toEqual(messages.filter((m) => !isStatus(m)));
      expect(out.statuses).toEqual(messages.filter(isStatus));
    },
  );
});
