import { describe, expect, it } from 'vitest';
import {
  chunkTopics,
  encodeSubscribe,
  encodeUnsubscribe,
  ErrorCode,
  InvalidArgumentError,
  topicsFor,
  utf8Length,
} from '../src/index.js';

describe('chunkTopics', () => {
  it('keeps a short list in one frame', () => {
    expect(chunkTopics(['T.AAPL', 'Q.AAPL'])).toEqual([['T.AAPL', 'Q.AAPL']]);
  });

  it('returns no frames for no topics', () => {
    expect(chunkTopics([])).toEqual([]);
  });

  it('splits 1000 tickers x 3 channels under the topic limit, in order', () => {
    const tickers = Array.from({ length: 1000 }, (_, i) => `TK${i}`);
    const topics = topicsFor(tickers, ['T', 'Q', 'AM']);
    const chunks = chunkTopics(topics, { maxTopicsPerFrame: 500 });
    expect(chunks).toHaveLength(6);
    expect(chunks.flat()).toEqual(topics);
  });

  it('keeps every encoded frame within the byte limit', () => {
    const topics = topicsFor(
      Array.from({ length: 300 }, (_, i) => `SYM${i}`),
      ['T', 'Q'],
    );
    for (const action of ['subscribe', 'unsubscribe'] as const) {
      const chunks = chunkTopics(topics, { maxFrameBytes: 256, action });
      const encode = action === 'subscribe' ? encodeSubscribe : encodeUnsubscribe;
      for (const c of chunks) expect(utf8Length(encode(c))).toBeLessThanOrEqual(256);
      expect(chunks.flat()).toEqual(topics);
    }
  });

  it('fills a frame exactly up to the byte limit', () => {
    const frame = encodeSubscribe(['T.AB', 'T.CD']);
    const chunks = chunkTopics(['T.AB', 'T.CD', 'T.EF'], { maxFrameBytes: utf8Length(frame) });
    expect(chunks).toEqual([['T.AB', 'T.CD'], ['T.EF']]);
  });

  it('rejects a topic that cannot fit any frame, naming its index', () => {
    expect(() => chunkTopics(['T.A', 'T.' + 'X'.repeat(300)], { maxFrameBytes: 100 })).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_TOPIC, field: 'topics[1]' }),
    );
  });

  it('rejects bad limits with an error naming the option', () => {
    expect(() => chunkTopics(['T.A'], { maxTopicsPerFrame: 0 })).toThrow(InvalidArgumentError);
    expect(() => chunkTopics(['T.A'], { maxFrameBytes: 10 })).toThrow(
      expect.objectContaining({ field: 'maxFrameBytes' }),
    );
  });
});

describe('utf8Length', () => {
  it('counts multi-byte characters and surrogate pairs', () => {
    for (const s of ['', 'abc', 'é', '€', '😀', 'a😀b€', '\ud800']) {
      expect(utf8Length(s)).toBe(Buffer.byteLength(s, 'utf8'));
    }
  });
});

describe('utf8Length at the encoding boundaries', () => {
  it('counts 1, 2, 3 and 4 bytes exactly where UTF-8 switches, and lone surrogates as 3', () => {
    const cases = [
      '\u007f',
      '\u0080',
      '\u07ff',
      '\u0800',
      '\ud7ff',
      '\ud800\udc00',
      '\udbff\udfff',
      '\ud800',
      'a\ud800',
      '\ud800a',
      '\udc00',
      '\udfff\ud800',
      '\ud800\ud800\udc00',
      '\ud800\udbff',
      '\udbff\ue000',
      '\udc00\udc00',
      '\ue000',
      '\u0800\udc00',
    ];
    for (const s of cases) expect(utf8Length(s), JSON.stringify(s)).toBe(Buffer.byteLength(s));
  });
});

describe('chunk limits, exactly', () => {
  it('accepts a topic exactly as long as the budget and a frame one byte over the overhead', () => {
    const overhead = utf8Length('{"action":"subscribe","params":""}');
    expect(chunkTopics(['T.A'], { maxFrameBytes: overhead + 3 })).toEqual([['T.A']]);
    expect(() => chunkTopics(['T.AB'], { maxFrameBytes: overhead + 3 })).toThrow(
      expect.objectContaining({
        field: 'topics[0]',
        code: ErrorCode.INVALID_TOPIC,
        message: expect.stringContaining(`longer than a ${overhead + 3}-byte frame allows`),
      }),
    );
    expect(chunkTopics([], { maxFrameBytes: overhead + 1 })).toEqual([]);
    expect(() => chunkTopics([], { maxFrameBytes: overhead })).toThrow(
      expect.objectContaining({
        field: 'maxFrameBytes',
        message: expect.stringContaining(`must be an integer > ${overhead}`),
      }),
    );
    expect(() => chunkTopics([], { maxTopicsPerFrame: 0 })).toThrow(
      expect.objectContaining({
        field: 'maxTopicsPerFrame',
        message: expect.stringContaining('must be an integer >= 1'),
      }),
    );
  });
});
