import { describe, expect, it } from 'vitest';
import { pickUniverse, roundLot, universeFor } from '../src/index.js';
import { AliasTable, createRandom } from '../src/random.js';
import { model, run, THU_10, type Ev } from './model-helpers.js';

const num = (e: Ev, k: string) => e[k] as number;
const conds = (e: Ev) => (e['c'] as number[] | undefined) ?? [];

describe('universe', () => {
  it('spans every sector even when small, largest names first', () => {
    const u = pickUniverse(11);
    expect(new Set(u.map((t) => t.sector)).size).toBe(11);
    expect(u[0]!.ticker).toBe('AAPL');
  });

  it('offers 500 real tickers and adds synthetic ones beyond the bundled set', () => {
    expect(new Set(pickUniverse(500).map((t) => t.ticker)).size).toBe(500);
    const big = pickUniverse(600);
    expect(big).toHaveLength(600);
    expect(big.at(-1)!.ticker).toMatch(/^SYN\d{4}$/);
  });

  it('accepts an explicit ticker list, unknown tickers included', () => {
    expect(universeFor(['AAPL', 'ZZZZ']).map((t) => [t.ticker, t.sector])).toEqual([
      ['AAPL', 'Information Technology'],
      ['ZZZZ', undefined],
    ]);
  });
});

describe('MarketModel at midday', () => {
  it('generates about the configured rate with the configured trade share', () => {
    const m = model({ universe: pickUniverse(100), rate: 10_000, tradeRatio: 0.4 });
    m.advance(THU_10 + 5_000, () => undefined);
    const { T, Q } = m.generated;
    expect(T + Q).toBeGreaterThan(47_500);
    expect(T + Q).toBeLessThan(52_500);
    expect(T / (T + Q)).toBeCloseTo(0.4, 1);
  });

  it('spreads activity with a heavy tail: a few hot tickers', () => {
    const m = model({ seed: 5, universe: pickUniverse(200), rate: 20_000 });
    const counts = new Map<string, number>();
    m.advance(THU_10 + 5_000, (e) => counts.set(e.sym, (counts.get(e.sym) ?? 0) + 1));
    const sorted = [...counts.values()].sort((a, b) => b - a);
    const total = sorted.reduce((a, b) => a + b, 0);
    expect(sorted.slice(0, 20).reduce((a, b) => a + b, 0) / total).toBeGreaterThan(0.35);
  });

  it('keeps prices positive and moving', () => {
    const m = model({ seed: 8, universe: pickUniverse(5), rate: 1_000, tradeRatio: 1 });
    const prices = run(m, THU_10 + 120_000)
      .filter((e) => e['sym'] === 'AAPL' && e.ev === 'T')
      .map((e) => num(e, 'p'));
    expect(Math.min(...prices)).toBeGreaterThan(0);
    expect(new Set(prices).size).toBeGreaterThan(10);
  });

  it('stops at a budget and continues where it stopped', () => {
    const whole: string[] = [];
    model({ seed: 9 }).advance(THU_10 + 20_000, (e) => whole.push(e.json));
    const b = model({ seed: 9 });
    const pieces: string[] = [];
    while (b.now < THU_10 + 20_000) b.advance(THU_10 + 20_000, (e) => pieces.push(e.json), 100);
    expect(pieces).toEqual(whole);
  });

  it('quotes liquid names about one tick wide, and trades mostly at the bid or the ask', () => {
    const events = run(model({ universe: pickUniverse(20), rate: 1_000 }), THU_10 + 40_000);
    const aapl = events.filter((e) => e['sym'] === 'AAPL');
    const spreads = aapl.filter((e) => e.ev === 'Q').map((e) => num(e, 'ap') - num(e, 'bp'));
    const oneTick = spreads.filter((s) => s < 0.015).length / spreads.length;
    expect(oneTick).toBeGreaterThan(0.6);
    let quote: Ev | undefined;
    let atTouch = 0;
    let trades = 0;
    for (const e of aapl) {
      if (e.ev === 'Q') quote = e;
      if (e.ev !== 'T' || quote === undefined || conds(e).includes(32)) continue;
      trades++;
      if (e['p'] === quote['bp'] || e['p'] === quote['ap']) atTouch++;
    }
    expect(trades).toBeGreaterThan(100);
    expect(atTouch / trades).toBeGreaterThan(0.6);
  });

  it('sizes quotes in shares, multiples of the round lot of the price tier', () => {
    const universe = [50, 600, 5_000, 20_000].map((price, i) => ({
      ticker: `P${i}`,
      sector: undefined,
      price,
      rank: 0,
    }));
    const quotes = run(model({ universe, rate: 2_000 }), THU_10 + 20_000).filter(
      (e) => e.ev === 'Q',
    );
    const lots = new Set(quotes.map((q) => roundLot(num(q, 'bp'))));
    const offLot = quotes.filter((q) => {
      const lot = roundLot(num(q, 'bp'));
      return num(q, 'bs') % lot !== 0 || num(q, 'as') % lot !== 0 || num(q, 'bs') < lot;
    });
    expect(offLot).toEqual([]);
    expect([...lots].sort((a, b) => a - b)).toEqual([1, 10, 40, 100]);
    const inLots = run(model({ universe, rate: 2_000, quoteSizes: 'lots' }), THU_10 + 5_000);
    expect(
      inLots.filter((e) => e.ev === 'Q' && e['sym'] === 'P0').every((q) => num(q, 'bs') < 300),
    ).toBe(true);
  });

  it('marks odd lots (37) by size, prints off-exchange with trfi/trft, and has tape 2 tickers', () => {
    const events = run(model({ universe: pickUniverse(200), rate: 3_000 }), THU_10 + 5_000);
    const trades = events.filter((e) => e.ev === 'T' && !conds(e).includes(32));
    expect(trades.length).toBeGreaterThan(1_000);
    const wrong = trades.filter((t) => {
      const size = t['ds'] === undefined ? num(t, 's') : Number(t['ds']);
      return (
        conds(t).includes(37) !== size < roundLot(num(t, 'p')) ||
        conds(t).includes(12) || // regular session: no Form T
        (t['trfi'] !== undefined) !== (t['x'] === 4) ||
        (t['x'] === 4 && num(t, 'trft') < num(t, 't'))
      );
    });
    expect(wrong).toEqual([]);
    const tapes = events.filter((e) => e.ev === 'T' || e.ev === 'Q').map((e) => e['z']);
    expect(new Set(tapes)).toEqual(new Set([1, 2, 3]));
    expect(trades.some((t) => conds(t).includes(14))).toBe(true);
    expect(events.filter((e) => e.ev === 'Q').some((q) => q['c'] !== 1)).toBe(true);
    expect(events.filter((e) => e.ev === 'Q').some((q) => q['i'] !== undefined)).toBe(true);
  });

  it('carries fractional sizes as ds (s the whole shares), and dv/dav on bars', () => {
    const events = run(model({ fractionalRatio: 1, rate: 1_000 }), THU_10 + 61_000);
    const fractional = events.filter((e) => e.ev === 'T' && e['ds'] !== undefined);
    expect(fractional.length).toBeGreaterThan(10);
    expect(
      fractional.filter((t) => t['x'] !== 4 || num(t, 's') !== Math.floor(Number(t['ds']))),
    ).toEqual([]);
    const bar = events.find((e) => e.ev === 'AM')!;
    expect(typeof bar['dv']).toBe('string');
    expect(Number(bar['dav'])).toBeGreaterThanOrEqual(Number(bar['dv']));
    const plain = run(model({ fractionalRatio: 0 }), THU_10 + 61_000);
    expect(plain.some((e) => 'ds' in e || 'dv' in e)).toBe(false);
  });

  it('sends a second bar about 2 s after its second ends, a minute bar when it ends', () => {
    const m = model({ lateTradeRatio: 0 });
    const seen: [string, number, number][] = [];
    m.advance(THU_10 + 65_000, (e) => {
      if (e.ch === 'A' || e.ch === 'AM')
        seen.push([e.ch, (JSON.parse(e.json) as { e: number }).e, m.now]);
    });
    expect(seen.filter(([ch, end, at]) => at - end !== (ch === 'A' ? 2_000 : 0))).toEqual([]);
    expect(seen.some(([ch]) => ch === 'AM')).toBe(true);
  });

  it('is the same market in both sequence modes: only q differs', () => {
    const strip = (events: Ev[]) => events.map(({ q: _q, ...rest }) => rest);
    const sparse = run(model(), THU_10 + 30_000);
    const contiguous = run(model({ seq: 'contiguous' }), THU_10 + 30_000);
    expect(strip(contiguous)).toEqual(strip(sparse));
  });
});

describe('randomness', () => {
  it('repeats per seed', () => {
    const a = createRandom(1);
    const b = createRandom(1);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(
      Array.from({ length: 5 }, () => b.next()),
    );
  });

  it('draws from an alias table in proportion to the weights', () => {
    const table = new AliasTable([1, 3, 6]);
    const r = createRandom(2);
    const counts = [0, 0, 0];
    for (let i = 0; i < 60_000; i++) counts[table.draw(r.next(), r.next())]!++;
    expect(counts[0]! / 60_000).toBeCloseTo(0.1, 1);
    expect(counts[2]! / 60_000).toBeCloseTo(0.6, 1);
  });
});
