import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { MarketModel, pickUniverse } from '../src/index.js';

interface Ev {
  ev: string;
  sym: string;
  [k: string]: number | string | number[];
}

const START = 1_735_828_200_000;
const SPAN = 150_000;

function run(seed: number, ms: number): Ev[] {
  const model = new MarketModel({
    seed,
    universe: pickUniverse(12),
    rate: 400,
    tradeRatio: 0.5,
    startMs: START,
  });
  const out: Ev[] = [];
  model.advance(START + ms, (e) => out.push(JSON.parse(e.json) as Ev));
  return out;
}

/** Every way a stream breaks the market's invariants, as readable lines (empty = consistent). */
function violations(events: Ev[]): string[] {
  const bad: string[] = [];
  const trades = events.filter((e) => e.ev === 'T');
  for (const ch of ['T', 'Q']) {
    const last = new Map<string, number>();
    for (const e of events) {
      if (e.ev !== ch) continue;
      const want = (last.get(e.sym) ?? 0) + 1;
      if (e['q'] !== want) bad.push(`${ch}.${e.sym} q=${String(e['q'])}, expected ${want}`);
      last.set(e.sym, e['q'] as number);
    }
  }
  if (new Set(trades.map((t) => t['i'])).size !== trades.length) bad.push('duplicate trade ids');
  for (const q of events)
    if (q.ev === 'Q' && !((q['ap'] as number) > (q['bp'] as number)))
      bad.push(`crossed quote ${JSON.stringify(q)}`);
  for (const ev of ['A', 'AM']) {
    const windowMs = ev === 'A' ? 1_000 : 60_000;
    const byWindow = new Map<string, Ev[]>();
    for (const t of trades) {
      const key = `${t.sym}|${Math.floor((t['t'] as number) / windowMs) * windowMs}`;
      const list = byWindow.get(key);
      if (list === undefined) byWindow.set(key, [t]);
      else list.push(t);
    }
    const barKeys = new Set<string>();
    for (const bar of events) {
      if (bar.ev !== ev) continue;
      const key = `${bar.sym}|${String(bar['s'])}`;
      if (barKeys.has(key)) bad.push(`two ${ev} bars for ${key}`);
      barKeys.add(key);
      const inside = byWindow.get(key) ?? [];
      if (inside.length === 0) {
        bad.push(`${ev} bar without trades: ${key}`);
        continue;
      }
      const prices = inside.map((t) => t['p'] as number);
      const volume = inside.reduce((n, t) => n + (t['s'] as number), 0);
      const pv = inside.reduce((n, t) => n + (t['p'] as number) * (t['s'] as number), 0);
      const want = {
        v: volume,
        o: prices[0],
        c: prices.at(-1),
        h: Math.max(...prices),
        l: Math.min(...prices),
        z: Math.round(volume / inside.length),
        span: windowMs,
      };
      const got = {
        v: bar['v'],
        o: bar['o'],
        c: bar['c'],
        h: bar['h'],
        l: bar['l'],
        z: bar['z'],
        span: (bar['e'] as number) - (bar['s'] as number),
      };
      if (JSON.stringify(got) !== JSON.stringify(want))
        bad.push(`${ev} ${key}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
      if (Math.abs((bar['vw'] as number) - pv / volume) > 0.00005 + 1e-9)
        bad.push(`${ev} ${key}: vw ${String(bar['vw'])} vs ${pv / volume}`);
    }
    for (const key of byWindow.keys()) {
      if (Number(key.split('|')[1]) + windowMs <= START + SPAN && !barKeys.has(key))
        bad.push(`no ${ev} bar for closed window ${key}`);
    }
    if (barKeys.size === 0) bad.push(`no ${ev} bars at all`);
  }
  return bad;
}

describe('market model properties', () => {
  test.prop([fc.integer({ min: 0, max: 2 ** 31 - 1 })], { numRuns: 12 })(
    'every A/AM bar agrees with the trades in its window; q is contiguous per ticker; i is unique',
    (seed) => {
      expect(violations(run(seed, SPAN))).toEqual([]);
    },
  );

  test.prop([fc.integer({ min: 0, max: 2 ** 31 - 1 })], { numRuns: 5 })(
    'is deterministic per seed',
    (seed) => {
      expect(run(seed, 5_000)).toEqual(run(seed, 5_000));
    },
  );
});

describe('the invariant checker itself', () => {
  it('catches a wrong bar volume, a sequence gap and a duplicate trade id', () => {
    const events = run(4, 65_000);
    const bar = events.find((e) => e.ev === 'AM')!;
    bar['v'] = (bar['v'] as number) + 1;
    const trade = events.filter((e) => e.ev === 'T')[5]!;
    trade['q'] = (trade['q'] as number) + 1;
    events.push({ ...events.find((e) => e.ev === 'T')!, sym: 'NEW', q: 1 });
    const found = violations(events).join('\n');
    expect(found).toMatch(/AM .*"v"/);
    expect(found).toMatch(/q=\d+, expected/);
    expect(found).toContain('duplicate trade ids');
  });
});
