import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { model, run, THU_10, type Ev } from './model-helpers.js';

const SPAN = 130_000;
const conds = (e: Ev) => (e['c'] as number[] | undefined) ?? [];
const isLate = (t: Ev) => conds(t).includes(32);
const size = (t: Ev) => (t['ds'] === undefined ? (t['s'] as number) : Number(t['ds']));

function stream(seed: number, ms: number, seq: 'sparse' | 'contiguous' = 'sparse'): Ev[] {
  return run(
    model({ seed, rate: 150, lateTradeRatio: 0.04, lateTradeMaxDelayMs: 30_000, seq }),
    THU_10 + ms,
  );
}

/** What a bar should hold for a set of trades (late ones move volume, high, low, not open/close). */
function expectedBar(trades: Ev[], windowMs: number) {
  const onTime = trades.filter((t) => !isLate(t));
  const first = onTime[0] ?? trades[0]!;
  const last = onTime.at(-1) ?? trades[0]!;
  const prices = trades.map((t) => t['p'] as number);
  return {
    v: trades.reduce((n, t) => n + (t['s'] as number), 0),
    o: first['p'],
    c: last['p'],
    h: Math.max(...prices),
    l: Math.min(...prices),
    z: Math.round(trades.reduce((n, t) => n + (t['s'] as number), 0) / trades.length),
    span: windowMs,
  };
}

/** Every way a stream breaks the market's invariants, as readable lines (empty = consistent). */
function violations(events: Ev[], seq: 'sparse' | 'contiguous', span = SPAN): string[] {
  const bad: string[] = [];
  const trades = events.filter((e) => e.ev === 'T');
  for (const ch of ['T', 'Q']) {
    const last = new Map<string, number>();
    for (const e of events) {
      if (e.ev !== ch) continue;
      const sym = e['sym'] as string;
      const q = e['q'] as number;
      const prev = last.get(sym) ?? 0;
      if (seq === 'contiguous' ? q !== prev + 1 : !(q > prev))
        bad.push(`${ch}.${sym} q=${q} after ${prev}`);
      last.set(sym, q);
    }
  }
  if (new Set(trades.map((t) => t['i'])).size !== trades.length) bad.push('duplicate trade ids');
  for (const q of events)
    if (q.ev === 'Q' && !((q['ap'] as number) > (q['bp'] as number)))
      bad.push(`crossed quote ${JSON.stringify(q)}`);
  for (const ev of ['A', 'AM'] as const) {
    const windowMs = ev === 'A' ? 1_000 : 60_000;
    // A bars never see late trades; the last version of a minute bar has every trade of its window.
    const counted = ev === 'A' ? trades.filter((t) => !isLate(t)) : trades;
    const byWindow = new Map<string, Ev[]>();
    for (const t of counted) {
      const key = `${String(t['sym'])}|${Math.floor((t['t'] as number) / windowMs) * windowMs}`;
      const list = byWindow.get(key);
      if (list === undefined) byWindow.set(key, [t]);
      else list.push(t);
    }
    const lastBar = new Map<string, Ev>();
    for (const bar of events)
      if (bar.ev === ev) lastBar.set(`${String(bar['sym'])}|${String(bar['s'])}`, bar);
    for (const [key, bar] of lastBar) {
      const inside = byWindow.get(key) ?? [];
      if (inside.length === 0) {
        bad.push(`${ev} bar without trades: ${key}`);
        continue;
      }
      const want = expectedBar(inside, windowMs);
      const { v, o, c, h, l, z } = bar;
      const got = { v, o, c, h, l, z, span: (bar['e'] as number) - (bar['s'] as number) };
      if (JSON.stringify(got) !== JSON.stringify(want))
        bad.push(`${ev} ${key}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
      const pv = inside.reduce((n, t) => n + (t['p'] as number) * size(t), 0);
      const vol = inside.reduce((n, t) => n + size(t), 0);
      if (Math.abs((bar['vw'] as number) - pv / vol) > 0.00005 + 1e-9)
        bad.push(`${ev} ${key}: vw ${String(bar['vw'])} vs ${pv / vol}`);
    }
    // Every window that closed (and whose bar went out: A bars 2 s later) has a bar.
    const closedBy = THU_10 + span - (ev === 'A' ? 2_000 : 0);
    for (const key of byWindow.keys())
      if (Number(key.split('|')[1]) + windowMs <= closedBy && !lastBar.has(key))
        bad.push(`no ${ev} bar for closed window ${key}`);
    if (lastBar.size === 0) bad.push(`no ${ev} bars at all`);
  }
  return bad;
}

describe('market model properties', () => {
  test.prop(
    [
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      fc.constantFrom('sparse' as const, 'contiguous' as const),
    ],
    {
      numRuns: 6,
    },
  )(
    'every bar agrees with its trades (late ones in the last minute-bar version); q increases; i is unique',
    (seed, seq) => {
      expect(violations(stream(seed, SPAN, seq), seq)).toEqual([]);
    },
  );

  test.prop([fc.integer({ min: 0, max: 2 ** 31 - 1 })], { numRuns: 4 })(
    'is deterministic per seed',
    (seed) => {
      expect(stream(seed, 5_000)).toEqual(stream(seed, 5_000));
    },
  );
});

describe('the invariant checker itself', () => {
  it('catches a wrong bar volume, a sequence step back and a duplicate trade id', () => {
    const events = stream(4, 65_000);
    const bar = events.findLast((e) => e.ev === 'AM')!;
    bar['v'] = (bar['v'] as number) + 1;
    const trades = events.filter((e) => e.ev === 'T');
    const second = trades.find((t, i) => trades.slice(0, i).some((u) => u['sym'] === t['sym']))!;
    second['q'] = trades.find((t) => t['sym'] === second['sym'])!['q'];
    events.push({ ...trades[0]!, sym: 'NEW', q: 1 });
    const found = violations(events, 'sparse', 65_000).join('\n');
    expect(found).toMatch(/AM .*"v"/);
    expect(found).toMatch(/q=\d+ after \d+/);
    expect(found).toContain('duplicate trade ids');
  });

  it('catches a gap in contiguous mode', () => {
    const events = stream(4, 65_000, 'contiguous');
    const t = events.filter((e) => e.ev === 'T')[3]!;
    t['q'] = (t['q'] as number) + 1;
    expect(violations(events, 'contiguous', 65_000).join('\n')).toMatch(/q=\d+ after \d+/);
    expect(violations(stream(4, 65_000, 'contiguous'), 'contiguous', 65_000)).toEqual([]);
  });
});
