import { describe, expect, it } from 'vitest';
import {
  decodeClientMessage,
  decodeFrame,
  DEFAULT_CHANNELS,
  encodeUnsubscribe,
  ErrorCode,
  isAggregate,
  isMarketEvent,
  isQuote,
  isTrade,
  type MassiveEvent,
} from '../src/index.js';

const ev = (name: string) => ({ ev: name }) as MassiveEvent;

describe('issue and error messages name the problem', () => {
  it('decodeFrame: what the frame or the entry was, and which field', () => {
    expect(decodeFrame('nope').issues[0]!.message).toMatch(/^invalid JSON: /);
    expect(decodeFrame('null').issues[0]!.message).toBe(
      'frame is null, expected an array of objects',
    );
    expect(decodeFrame('7').issues[0]!.message).toBe(
      'frame is number, expected an array of objects',
    );
    expect(decodeFrame('[null,[],3]').issues.map((i) => i.message)).toEqual([
      'frame[0] is null, expected an object',
      'frame[1] is an array, expected an object',
      'frame[2] is number, expected an object',
    ]);
    const { issues } = decodeFrame(
      '[{"ev":"T","sym":"A","p":1,"s":1},{"ev":"Q","sym":"A","bp":"x"},{"status":7},{"ev":5}]',
    );
    expect(issues.map((i) => [i.message, i.field, i.ev])).toEqual([
      ['frame[0]: T event is missing required field "t"', 't', 'T'],
      ['frame[1]: Q event has an invalid "bp" (string)', 'bp', 'Q'],
      ['frame[2]: message is missing required field "ev"', 'ev', undefined],
      ['frame[3]: message has an invalid "ev" (number)', 'ev', undefined],
    ]);
    // A status string beside a non-string ev is not a status: only a missing ev makes one.
    expect(decodeFrame('[{"ev":5,"status":"success"}]')).toMatchObject({
      statuses: [],
      issues: [{ field: 'ev', code: ErrorCode.INVALID_FIELD }],
    });
  });

  it('decodeFrame: a seed-era bar with one t becomes the window ending at t; s without t is rejected', () => {
    const bar = { sym: 'A', o: 1, h: 1, l: 1, c: 1, v: 1, t: 120_000 };
    const out = decodeFrame(
      JSON.stringify([
        { ev: 'A', ...bar },
        { ev: 'AM', ...bar },
      ]),
    );
    expect(out.events.map((e) => [(e as { s: number }).s, (e as { e: number }).e])).toEqual([
      [119_000, 120_000],
      [60_000, 120_000],
    ]);
    const bad = decodeFrame(JSON.stringify([{ ev: 'A', ...bar, s: 'x' }]));
    expect(bad.issues).toEqual([expect.objectContaining({ field: 's', ev: 'A' })]);
  });

  it('decodeClientMessage: not an object, a missing or mistyped action or params', () => {
    for (const text of ['null', '5', '[]', '"x"'])
      expect(decodeClientMessage(text), text).toEqual({
        ok: false,
        issue: {
          code: ErrorCode.MESSAGE_NOT_OBJECT,
          message: 'message must be a JSON object with "action" and "params"',
        },
      });
    expect(decodeClientMessage('{')).toEqual({
      ok: false,
      issue: { code: ErrorCode.INVALID_JSON, message: expect.stringMatching(/^invalid JSON: /) },
    });
    expect(decodeClientMessage('{"params":"x"}')).toEqual({
      ok: false,
      issue: {
        code: ErrorCode.MISSING_FIELD,
        message: 'message is missing "action"',
        field: 'action',
      },
    });
    expect(decodeClientMessage('{"action":1}')).toEqual({
      ok: false,
      issue: {
        code: ErrorCode.INVALID_FIELD,
        message: '"action" must be a string, got number',
        field: 'action',
      },
    });
    expect(decodeClientMessage('{"action":"auth","params":[1]}')).toEqual({
      ok: false,
      issue: {
        code: ErrorCode.INVALID_FIELD,
        message: '"params" must be a string, got object',
        field: 'params',
      },
    });
  });

  it('encodes an unsubscribe of several topics comma-separated', () => {
    expect(encodeUnsubscribe(['T.A', 'Q.B'])).toBe('{"action":"unsubscribe","params":"T.A,Q.B"}');
  });
});

describe('event guards', () => {
  it('tells trades, quotes, bars and market events from the rest', () => {
    const names = ['T', 'Q', 'A', 'AM', 'LULD', ''];
    expect(names.map((n) => isTrade(ev(n)))).toEqual([true, false, false, false, false, false]);
    expect(names.map((n) => isQuote(ev(n)))).toEqual([false, true, false, false, false, false]);
    expect(names.map((n) => isAggregate(ev(n)))).toEqual([false, false, true, true, false, false]);
    expect(names.map((n) => isMarketEvent(ev(n)))).toEqual([true, true, true, true, false, false]);
    expect(DEFAULT_CHANNELS).toEqual(['T', 'Q', 'AM']);
  });
});
