import type { AggregateEvent, GenericEvent, QuoteEvent, TradeEvent } from '@tickmux/core';

/** 2026-03-02 15:00 UTC (10:00 EST), a Monday in regular hours. */
export const T0 = Date.UTC(2026, 2, 2, 15, 0, 0);
export const DAY = 86_400_000;

export function trade(
  sym: string,
  q: number | undefined,
  t = T0,
  extra: Partial<TradeEvent> = {},
): TradeEvent {
  const e: TradeEvent = { ev: 'T', sym, p: 100, s: 10, t, x: 4, i: `i${q ?? 'x'}`, ...extra };
  if (q !== undefined) e.q = q;
  return e;
}

export function quote(sym: string, q: number | undefined, t: number | undefined = T0): QuoteEvent {
  const e: QuoteEvent = { ev: 'Q', sym, bp: 99.9, bs: 100, ap: 100.1, as: 200 };
  if (q !== undefined) e.q = q;
  if (t !== undefined) e.t = t;
  return e;
}

/** A minute (or second) bar for the window starting at `s`; `version` changes its content. */
export function bar(sym: string, s: number, version = 1, ev: 'A' | 'AM' = 'AM'): AggregateEvent {
  const len = ev === 'AM' ? 60_000 : 1_000;
  return {
    ev,
    sym,
    v: 1_000 * version,
    av: 50_000 + 1_000 * version,
    op: 99,
    vw: 100 + version / 100,
    o: 100,
    c: 100 + version / 10,
    h: 101 + version / 10,
    l: 99,
    a: 100.05,
    z: 50,
    s,
    e: s + len,
  };
}

export function generic(ev: string, fields: Record<string, unknown>): GenericEvent {
  return { ev, ...fields };
}
