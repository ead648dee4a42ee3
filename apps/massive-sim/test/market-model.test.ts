import { describe, expect, it } from 'vitest';
import { MarketModel, pickUniverse, universeFor } from '../src/index.js';
import { AliasTable, createRandom } from '../src/random.js';

const START = 1_735_828_200_000;

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

describe('MarketModel', () => {
  it('generates about the configured rate with the configured trade share', () => {
    const model = new MarketModel({
      seed: 3,
      universe: pickUniverse(100),
      rate: 10_000,
      tradeRatio: 0.4,
      startMs: START,
    });
    model.advance(START + 10_000, () => undefined);
    const { T, Q } = model.generated;
    expect(T + Q).toBeGreaterThan(95_000);
    expect(T + Q).toBeLessThan(105_000);
    expect(T / (T + Q)).toBeCloseTo(0.4, 1);
  });

  it('spreads activity with a heavy tail: a few hot tickers', () => {
    const model = new MarketModel({
      seed: 5,
      universe: pickUniverse(200),
      rate: 20_000,
      tradeRatio: 0.5,
      startMs: START,
    });
    const counts = new Map<string, number>();
    model.advance(START + 5_000, (e) => counts.set(e.sym, (counts.get(e.sym) ?? 0) + 1));
    const sorted = [...counts.values()].sort((a, b) => b - a);
    const total = sorted.reduce((a, b) => a + b, 0);
    const top10pct = sorted.slice(0, 20).reduce((a, b) => a + b, 0);
    expect(top10pct / total).toBeGreaterThan(0.35);
  });

  it('keeps prices positive and moving', () => {
    const model = new MarketModel({
      seed: 8,
      universe: pickUniverse(5),
      rate: 1_000,
      tradeRatio: 1,
      startMs: START,
    });
    const prices: number[] = [];
    model.advance(START + 600_000, (e) => {
      if (e.sym === 'AAPL' && e.ch === 'T') prices.push((JSON.parse(e.json) as { p: number }).p);
    });
    expect(Math.min(...prices)).toBeGreaterThan(0);
    expect(new Set(prices).size).toBeGreaterThan(10);
  });

  it('stops at a budget and continues where it stopped', () => {
    const a = new MarketModel({
      seed: 9,
      universe: pickUniverse(10),
      rate: 5_000,
      tradeRatio: 0.5,
      startMs: START,
    });
    const b = new MarketModel({
      seed: 9,
      universe: pickUniverse(10),
      rate: 5_000,
      tradeRatio: 0.5,
      startMs: START,
    });
    const whole: string[] = [];
    a.advance(START + 2_000, (e) => whole.push(e.json));
    const pieces: string[] = [];
    while (pieces.length < whole.length) b.advance(START + 2_000, (e) => pieces.push(e.json), 100);
    expect(pieces).toEqual(whole);
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
