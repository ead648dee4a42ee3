import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@tickmux/core';
import {
  parseRecording,
  recordingFrameLine,
  recordingHeaderLine,
  ReplaySource,
  splitJsonArray,
  type SimEvent,
} from '../src/index.js';

const header = recordingHeaderLine({ createdAt: '2025-01-02T15:00:00.000Z', source: 'test' });
const frame = (t: number, f: string, c = 'c1') => recordingFrameLine({ t, c, f });
const text = [
  header,
  frame(1, '[{"ev":"status","status":"connected","message":"Connected Successfully"}]'),
  frame(
    2,
    '[{"ev":"T","sym":"AAPL","i":"1","x":4,"p":1.10,"s":1,"t":2,"q":7,"z":3},{"ev":"Q","sym":"MSFT","bp":1,"q":9}]',
  ),
  frame(3, '[{"ev":"NOI","T":"AAPL","t":1601318039223013600,"at":930,"a":"M"}]', 'c2'),
].join('\n');

describe('recordings', () => {
  it('reads the versioned NDJSON format, plain or gzip', () => {
    const plain = parseRecording(text);
    expect(plain.header).toMatchObject({
      format: 'massive-ws-recording',
      version: 1,
      source: 'test',
    });
    expect(plain.frames.map((f) => [f.t, f.c])).toEqual([
      [1, 'c1'],
      [2, 'c1'],
      [3, 'c2'],
    ]);
    expect(parseRecording(gzipSync(text))).toEqual(plain);
  });

  it('names the line of every problem', () => {
    const bad = (t: string, re: RegExp) =>
      expect(() => parseRecording(t)).toThrow(
        expect.objectContaining({
          code: ErrorCode.SIM_RECORDING_INVALID,
          message: expect.stringMatching(re) as unknown,
        }),
      );
    bad('{"format":"other"}', /line 1: not a recording/);
    bad('{"format":"massive-ws-recording","version":2}', /line 1: version 2/);
    bad(`${header}\n{"t":1,"c":"c1"}`, /line 2: "f"/);
    bad(`${header}\n${frame(5, '[]')}\n${frame(4, '[]')}`, /line 3: "t" goes back/);
    bad(`${header}\nnot json`, /line 2:/);
  });

  it('splits a frame into the exact text of its objects, strings with brackets and escapes included', () => {
    const f = '[ {"a":"[}\\"{","b":[1,{"c":2}]} ,{"ev":"T","p":150.10} ]';
    expect(splitJsonArray(f)).toEqual(['{"a":"[}\\"{","b":[1,{"c":2}]}', '{"ev":"T","p":150.10}']);
    expect(splitJsonArray('{"not":"an array"}')).toEqual([]);
  });

  it('replays data events only, with their original text, at their recorded time', () => {
    const source = new ReplaySource(parseRecording(text));
    const seen: SimEvent[] = [];
    let frames = 0;
    expect(
      source.advance(
        2,
        (e) => seen.push(e),
        Infinity,
        () => frames++,
      ),
    ).toBe(2);
    expect(seen.map((e) => e.json)).toEqual([
      '{"ev":"T","sym":"AAPL","i":"1","x":4,"p":1.10,"s":1,"t":2,"q":7,"z":3}',
      '{"ev":"Q","sym":"MSFT","bp":1,"q":9}',
    ]);
    expect(frames).toBe(1);
    source.advance(10, (e) => seen.push(e));
    expect(seen.at(-1)!.json).toContain('1601318039223013600');
    expect(source.tickers).toEqual(['AAPL', 'MSFT']);
    expect(source.channels.names).toEqual(['T', 'Q', 'NOI']);
    expect(source.nextEventAt()).toBe(Infinity);
  });

  it('loops with time moving on, and keeps one connection when asked', () => {
    const looped = new ReplaySource(parseRecording(text), { loop: true });
    const ts: number[] = [];
    looped.advance(100, () => ts.push(looped.now), 8);
    expect(ts.length).toBe(8);
    expect(ts.every((t, i) => i === 0 || t >= ts[i - 1]!)).toBe(true);
    const one = new ReplaySource(parseRecording(text), { connection: 'c2' });
    expect(one.size).toBe(1);
  });
});
