import { describe, expect, it } from 'vitest';
import { loopFrames, prepareEvents, subscribedFrames, topicMatcher } from '../src/frame-source.js';
import { mixedEvents } from '../src/frames.js';

type Ev = { ev: string; sym: string; q?: number };
const parse = (frame: string) => JSON.parse(frame) as Ev[];

describe('replay frame sources', () => {
  it('loops pre-built frames', () => {
    const s = loopFrames(['a', 'b'])();
    expect([s.next(), s.next(), s.next()]).toEqual(['a', 'b', 'a']);
  });

  it('matches topics by channel and ticker, with wildcards', () => {
    const m = topicMatcher(['T.AAPL', 'Q.*']);
    expect([m('T', 'AAPL'), m('T', 'MSFT'), m('Q', 'MSFT'), m('AM', 'AAPL')]).toEqual([
      true,
      false,
      true,
      false,
    ]);
    expect(topicMatcher(['*'])('AM', 'X')).toBe(true);
  });

  it("sends only the subscribed tickers' trades and quotes, with q rising every pass", () => {
    const events = mixedEvents(2_000, 3);
    const src = subscribedFrames(prepareEvents(events), ['T.AAPL', 'Q.AAPL', 'T.MSFT'], 50);
    const expected = events.filter(
      (e) =>
        (e.sym === 'AAPL' && (e.ev === 'T' || e.ev === 'Q')) || (e.sym === 'MSFT' && e.ev === 'T'),
    );
    expect(src.events).toBe(expected.length);
    const frames = Math.ceil(expected.length / 50);
    const pass0 = Array.from({ length: frames }, () => parse(src.next())).flat();
    const pass1 = Array.from({ length: frames }, () => parse(src.next())).flat();
    expect(src.pass()).toBe(2);
    expect(pass0.map((e) => [e.ev, e.sym])).toEqual(expected.map((e) => [e.ev, e.sym]));
    const qOf = (e: (typeof expected)[number]) => (e as { q: number }).q;
    expect(pass0.map((e) => e.q)).toEqual(expected.map((e) => 10_000_000 + qOf(e)));
    expect(pass1.map((e) => e.q)).toEqual(expected.map((e) => 20_000_000 + qOf(e)));
    // Per (channel, ticker), q only rises, across the pass boundary too.
    const last = new Map<string, number>();
    for (const e of [...pass0, ...pass1]) {
      const key = `${e.ev}.${e.sym}`;
      expect(e.q! > (last.get(key) ?? 0)).toBe(true);
      last.set(key, e.q!);
    }
  });

  it('continues q above an earlier source when rebuilt for a later subscribe', () => {
    const events = prepareEvents(mixedEvents(500, 4));
    const first = subscribedFrames(events, ['T.*'], 100);
    for (let i = 0; i < 10; i++) first.next();
    const second = subscribedFrames(events, ['T.*', 'Q.*'], 100, first.pass() + 1);
    const firstMax = Math.max(...parse(first.next()).map((e) => e.q!));
    expect(Math.min(...parse(second.next()).map((e) => e.q!))).toBeGreaterThan(firstMax);
  });

  it('sends empty frames when nothing subscribed matches', () => {
    expect(subscribedFrames(prepareEvents(mixedEvents(100, 1)), ['T.NOPE'], 10).next()).toBe('[]');
  });
});
