import { describe, expect, it } from 'vitest';
import {
  assertChannel,
  decodeClientMessage,
  encodeAuth,
  encodeSubscribe,
  encodeUnsubscribe,
  ErrorCode,
  isValidChannel,
  parseTopic,
  splitTopicList,
  statusMessage,
  topic,
  topicsFor,
} from '../src/index.js';

describe('client messages', () => {
  it('encodes auth, subscribe and unsubscribe as the vendor expects', () => {
    expect(encodeAuth('KEY')).toBe('{"action":"auth","params":"KEY"}');
    expect(encodeSubscribe(['T.AAPL', 'Q.MSFT', 'AM.*'])).toBe(
      '{"action":"subscribe","params":"T.AAPL,Q.MSFT,AM.*"}',
    );
    expect(encodeUnsubscribe(['T.AAPL'])).toBe('{"action":"unsubscribe","params":"T.AAPL"}');
  });

  it('decodes client messages on the server side', () => {
    expect(decodeClientMessage('{"action":"subscribe","params":"T.AAPL, Q.MSFT"}')).toEqual({
      ok: true,
      message: { action: 'subscribe', params: 'T.AAPL, Q.MSFT' },
    });
    expect(decodeClientMessage('{"action":"auth"}')).toEqual({
      ok: true,
      message: { action: 'auth', params: '' },
    });
  });

  it('reports bad client messages without throwing', () => {
    const codes = [
      'nope',
      '[1]',
      '{"params":"x"}',
      '{"action":3}',
      '{"action":"auth","params":5}',
    ].map((t) => {
      const r = decodeClientMessage(t);
      return r.ok ? 'ok' : r.issue.code;
    });
    expect(codes).toEqual([
      ErrorCode.INVALID_JSON,
      ErrorCode.MESSAGE_NOT_OBJECT,
      ErrorCode.MISSING_FIELD,
      ErrorCode.INVALID_FIELD,
      ErrorCode.INVALID_FIELD,
    ]);
  });

  it('builds status objects in the vendor shape', () => {
    expect(statusMessage('auth_success', 'authenticated')).toEqual({
      ev: 'status',
      status: 'auth_success',
      message: 'authenticated',
    });
  });
});

describe('topics', () => {
  it('builds topics and wildcards', () => {
    expect(topic('T', 'AAPL')).toBe('T.AAPL');
    expect(topic('AM', '*')).toBe('AM.*');
    expect(topicsFor(['AAPL', 'MSFT'], ['T', 'Q'])).toEqual([
      'T.AAPL',
      'Q.AAPL',
      'T.MSFT',
      'Q.MSFT',
    ]);
  });

  it('parses topics, keeping dots inside the ticker', () => {
    expect(parseTopic('T.BRK.B')).toEqual({ channel: 'T', ticker: 'BRK.B' });
    expect(parseTopic('AM.*')).toEqual({ channel: 'AM', ticker: '*' });
    expect(parseTopic('XT.X:BTC-USD')).toEqual({ channel: 'XT', ticker: 'X:BTC-USD' });
    for (const bad of ['AAPL', '.AAPL', 'T.', 't.AAPL', 'T.AA PL'])
      expect(parseTopic(bad)).toBeUndefined();
  });

  it('bounds channel and ticker: 1-8 capitals, a wildcard or up to 40 symbol characters', () => {
    const long = 'A'.repeat(40);
    for (const ok of ['ABCDEFGH.AAPL', `T.${long}`, 'T.a', 'T.0', 'T.A/B_C-D:E.F'])
      expect(parseTopic(ok), ok).toEqual({
        channel: ok.slice(0, ok.indexOf('.')),
        ticker: ok.slice(ok.indexOf('.') + 1),
      });
    const bad = ['ABCDEFGHI.AAPL', `T.${long}A`, 'T.-AAPL', 'T.**', 'T.*A', 'T1.AAPL', ' T.AAPL'];
    for (const text of [...bad, 'T.AAPL ', 'T.AAPL\n', 'XT.AAPL!'])
      expect(parseTopic(text), text).toBeUndefined();
  });

  it('splits params with spaces after commas and drops empty entries', () => {
    expect(splitTopicList('T.AAPL, Q.MSFT,,  AM.*')).toEqual(['T.AAPL', 'Q.MSFT', 'AM.*']);
  });

  it('validates channel names', () => {
    expect(isValidChannel('LULD')).toBe(true);
    expect(isValidChannel('ABCDEFGH')).toBe(true);
    for (const bad of ['', 'ABCDEFGHI', 'am', 'T1', ' T', 'T '])
      expect(isValidChannel(bad), bad).toBe(false);
    expect(() => assertChannel(42)).toThrow(
      expect.objectContaining({
        field: 'channel',
        code: ErrorCode.INVALID_TOPIC,
        value: 42,
        message: 'channel: not a channel (expected e.g. T, Q, A, AM) (got 42)',
      }),
    );
    // Not a string, even one that reads as a channel.
    expect(() => assertChannel(['T'])).toThrow(expect.objectContaining({ field: 'channel' }));
    expect(assertChannel('AM')).toBe('AM');
    expect(() => assertChannel('am', 'MASSIVE_CHANNELS')).toThrow(
      expect.objectContaining({ field: 'MASSIVE_CHANNELS' }),
    );
  });
});
