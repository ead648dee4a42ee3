import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { chunkTopics, encodeSubscribe, encodeUnsubscribe, utf8Length } from '../src/index.js';

const topicArb = fc
  .tuple(fc.constantFrom('T', 'Q', 'A', 'AM', 'LULD'), fc.string({ minLength: 1, maxLength: 12 }))
  .map(([c, t]) => `${c}.${t}`);

describe('chunkTopics properties', () => {
  test.prop([
    fc.array(topicArb, { maxLength: 400 }),
    fc.integer({ min: 80, max: 4096 }),
    fc.integer({ min: 1, max: 200 }),
    fc.constantFrom('subscribe' as const, 'unsubscribe' as const),
  ])(
    'never exceeds its limits and loses or reorders no topic',
    (topics, maxFrameBytes, maxTopicsPerFrame, action) => {
      const chunks = chunkTopics(topics, { maxFrameBytes, maxTopicsPerFrame, action });
      const encode = action === 'subscribe' ? encodeSubscribe : encodeUnsubscribe;
      for (const chunk of chunks) {
        expect(chunk.length).toBeGreaterThan(0);
        expect(chunk.length).toBeLessThanOrEqual(maxTopicsPerFrame);
        expect(utf8Length(encode(chunk))).toBeLessThanOrEqual(maxFrameBytes);
      }
      expect(chunks.flat()).toEqual(topics);
    },
  );
});
