import { easternToUtc, MarketModel, pickUniverse, type MarketModelOptions } from '../src/index.js';

/** A parsed event as the model emitted it. */
export type Ev = Record<string, unknown> & { ev: string };

/** Unix ms of a US/Eastern wall time. */
export const eastern = (y: number, m: number, d: number, h: number, min = 0): number =>
  easternToUtc(y, m, d, h * 60 + min);

/** 2025-01-02 (a Thursday) 10:00 US/Eastern. */
export const THU_10 = eastern(2025, 1, 2, 10);

/** A model with test defaults (12 tickers, modest rate), overridable. */
export function model(options: Partial<MarketModelOptions> = {}): MarketModel {
  return new MarketModel({
    seed: 7,
    universe: pickUniverse(12),
    rate: 400,
    tradeRatio: 0.5,
    startMs: THU_10,
    ...options,
  });
}

/** Runs `m` to market time `to` and returns every event parsed, in order. */
export function run(m: MarketModel, to: number): Ev[] {
  const out: Ev[] = [];
  m.advance(to, (e) => out.push(JSON.parse(e.json) as Ev));
  return out;
}

/** The ticker of an event (`sym`, or `T` on LULD and NOI). */
export const symOf = (e: Ev): string => (e['sym'] ?? e['T']) as string;
