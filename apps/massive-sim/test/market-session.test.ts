import { describe, expect, it } from 'vitest';
import { easternTime } from '../src/index.js';
import { eastern, model, run, symOf, THU_10, type Ev } from './model-helpers.js';

const num = (e: Ev, k: string) => e[k] as number;
const conds = (e: Ev) => (e['c'] as number[] | undefined) ?? [];
const dayOf = (ms: number) => easternTime(ms).day;

/** q per (channel, ticker), in order, split by Eastern day. */
function sequences(events: Ev[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const e of events) {
    if (e['q'] === undefined) continue;
    const t = e.ev === 'LULD' ? num(e, 't') / 1000 : num(e, 't');
    const key = `${e.ev}.${symOf(e)}.${dayOf(t)}`;
    const list = out.get(key);
    if (list === undefined) out.set(key, [num(e, 'q')]);
    else list.push(num(e, 'q'));
  }
  return out;
}

describe('sequence numbers', () => {
  // 19:57 Thursday to 04:03 Friday: after-hours, the closed night, then pre-market.
  const from = eastern(2025, 1, 2, 19, 57);
  const to = eastern(2025, 1, 3, 4, 3);

  it('are sparse and increasing per ticker by default, and restart at the Eastern day boundary', () => {
    const events = run(model({ startMs: from, rate: 2_500, lateTradeRatio: 0 }), to);
    const seqs = sequences(events.filter((e) => e.ev === 'T' || e.ev === 'Q'));
    let gaps = 0;
    const backwards: string[] = [];
    for (const [key, qs] of seqs) {
      for (let i = 1; i < qs.length; i++) {
        if (!(qs[i]! > qs[i - 1]!)) backwards.push(`${key}: ${qs[i - 1]} then ${qs[i]}`);
        if (qs[i]! - qs[i - 1]! > 1) gaps++;
      }
    }
    expect(backwards).toEqual([]);
    expect(gaps).toBeGreaterThan(100);
    const thursday = [...seqs].filter(([k]) => k.endsWith('.2'));
    const friday = [...seqs].filter(([k]) => k.endsWith('.3'));
    expect(thursday.length).toBeGreaterThan(10);
    expect(friday.length).toBeGreaterThan(10);
    const notRestarted = friday.filter(([key, qs]) => {
      const before = seqs.get(key.replace(/\.3$/, '.2'));
      return qs[0]! >= 50 || (before !== undefined && qs[0]! >= before.at(-1)!);
    });
    expect(notRestarted).toEqual([]);
  });

  it('count 1, 2, 3, ... per (channel, ticker) in contiguous mode, from 1 again each day', () => {
    const events = run(
      model({ startMs: from, rate: 2_500, seq: 'contiguous', lateTradeRatio: 0 }),
      to,
    );
    const seqs = sequences(events);
    expect(seqs.size).toBeGreaterThan(20);
    expect([...seqs].filter(([, qs]) => qs.some((q, i) => q !== i + 1))).toEqual([]);
  });
});

describe('the trading day', () => {
  it('bursts at the open: more activity at 09:31 than at noon, almost none before the open', () => {
    const count = (h: number, m: number) => {
      const start = eastern(2025, 1, 2, h, m);
      const mm = model({ startMs: start, rate: 300 });
      mm.advance(start + 30_000, () => undefined);
      return mm.generated.T + mm.generated.Q;
    };
    expect(count(9, 31)).toBeGreaterThan(3 * count(12, 0));
    expect(count(6, 0)).toBeLessThan(count(12, 0) / 10);
    expect(count(22, 0)).toBe(0);
  });

  it('runs the open: imbalances before 09:30, an opening print per ticker, bands, then op is that print', () => {
    const m = model({
      startMs: eastern(2025, 1, 2, 9, 27),
      rate: 100,
      lateTradeRatio: 0,
      haltsPerDay: 0,
    });
    const events = run(m, eastern(2025, 1, 2, 9, 33));
    const open = eastern(2025, 1, 2, 9, 30);
    const noi = events.filter((e) => e.ev === 'NOI');
    expect(noi.length).toBeGreaterThan(12);
    for (const e of noi) {
      expect(e).toMatchObject({ at: 930, a: 'M' });
      const ms = num(e, 't') / 1e6;
      expect(ms).toBeGreaterThanOrEqual(eastern(2025, 1, 2, 9, 28));
      expect(ms).toBeLessThan(open);
    }
    const prints = events.filter(
      (e) => e.ev === 'T' && (conds(e).includes(17) || conds(e).includes(25)),
    );
    expect(new Set(prints.map((e) => e['sym'])).size).toBe(12);
    for (const p of prints) expect(p['t']).toBe(open);
    expect(events.filter((e) => e.ev === 'LULD').length).toBeGreaterThanOrEqual(12);
    for (const bar of events.filter((e) => e.ev === 'AM' && num(e, 's') >= open)) {
      const print = prints.find((p) => p['sym'] === bar['sym'])!;
      expect(bar['op'], JSON.stringify(bar)).toBe(print['p']);
    }
  });

  it('marks extended-hours trades Form T (12) and restarts av on the Eastern day', () => {
    const events = run(
      model({ startMs: eastern(2025, 1, 2, 19, 50), rate: 1_000, lateTradeRatio: 0 }),
      eastern(2025, 1, 3, 4, 10),
    );
    const trades = events.filter((e) => e.ev === 'T');
    expect(trades.length).toBeGreaterThan(100);
    expect(trades.filter((t) => !conds(t).includes(12))).toEqual([]);
    const firstFriday = new Map<string, Ev>();
    for (const bar of events)
      if (bar.ev === 'AM' && dayOf(num(bar, 's')) === 3 && !firstFriday.has(bar['sym'] as string))
        firstFriday.set(bar['sym'] as string, bar);
    expect(firstFriday.size).toBeGreaterThan(5);
    for (const bar of firstFriday.values()) expect(bar['av'], JSON.stringify(bar)).toBe(bar['v']);
  });
});

describe('corrections and halts', () => {
  it('re-sends a minute bar with the new volume when a late trade changes it (same s, e, o, c)', () => {
    const events = run(
      model({ rate: 500, lateTradeRatio: 0.05, lateTradeMaxDelayMs: 120_000 }),
      THU_10 + 200_000,
    );
    const seen = new Map<string, { bar: Ev; at: number }>();
    let corrections = 0;
    events.forEach((e, i) => {
      if (e.ev !== 'AM') return;
      const key = `${String(e['sym'])}|${String(e['s'])}`;
      const before = seen.get(key);
      seen.set(key, { bar: e, at: i });
      if (before === undefined) return;
      corrections++;
      const late = events
        .slice(before.at, i)
        .filter((t) => t.ev === 'T' && t['sym'] === e['sym'] && conds(t).includes(32));
      const inWindow = late.filter((t) => num(t, 't') >= num(e, 's') && num(t, 't') < num(e, 'e'));
      expect(inWindow.length, key).toBeGreaterThan(0);
      const added = inWindow.reduce((n, t) => n + num(t, 's'), 0);
      expect(num(e, 'v') - num(before.bar, 'v'), key).toBe(added);
      expect([e['o'], e['c'], e['e']]).toEqual([before.bar['o'], before.bar['c'], before.bar['e']]);
      expect(num(e, 'av')).toBeGreaterThan(num(before.bar, 'av'));
    });
    expect(corrections).toBeGreaterThan(5);
  });

  it('halts a ticker: a LULD event, no trades until it resumes, imbalances, a re-opening print', () => {
    const m = model({ rate: 500, lateTradeRatio: 0.01, haltsPerDay: 0 });
    run(m, THU_10 + 60_000);
    const start = Math.floor(m.now);
    const idx = m.tickers.indexOf('AAPL');
    m.halt(idx, 120_000);
    const events = run(m, start + 200_000).filter((e) => symOf(e) === 'AAPL');
    const luld = events.filter((e) => e.ev === 'LULD');
    expect(luld[0]!['i']).toEqual([17, 21]);
    expect(num(luld[0]!, 't') / 1000).toBe(start);
    const during = events.filter(
      (e) => e.ev === 'T' && num(e, 't') >= start && num(e, 't') < start + 120_000,
    );
    expect(during).toEqual([]);
    expect(events.filter((e) => e.ev === 'NOI' && e['a'] === 'H').length).toBeGreaterThan(100);
    const reopen = events.find(
      (e) => e.ev === 'T' && (conds(e).includes(18) || conds(e).includes(28)),
    )!;
    expect(reopen['t']).toBe(start + 120_000);
    expect(
      events.filter((e) => e.ev === 'T' && num(e, 't') > start + 120_000).length,
    ).toBeGreaterThan(10);
    expect(luld.length).toBeGreaterThanOrEqual(2);
  });
});
