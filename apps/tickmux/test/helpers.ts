import type { TickData } from '@tickmux/core';
import type { GapReport } from '../src/index.js';

/** The documented fields of a normalised tick on the wire, in their order. */
export const TICK_FIELDS = ['ticker', 'price', 'volume', 'timestamp', 'source', 'event_type'];

/** Tick number `i`: a distinct price per index, so a receiver can tell every tick apart. */
export function tick(i: number, ticker = 'AAPL'): TickData {
  return {
    ticker,
    price: 100 + i / 100,
    volume: i,
    timestamp: 1_700_000_000 + i / 1000,
    source: 'massive',
    event_type: 'trade',
  };
}

export function ticks(from: number, to: number, ticker?: string): TickData[] {
  const out: TickData[] = [];
  for (let i = from; i < to; i++) out.push(tick(i, ticker));
  return out;
}

export function gap(ticker = 'AAPL', to: number | null = 1_700_000_005_000): GapReport {
  return {
    ticker,
    channels: ['T', 'Q', 'AM'],
    from: 1_700_000_000_000,
    to,
    reason: 'connection_lost',
  };
}

/** Lets queued promise callbacks and I/O callbacks run. */
export function settle(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}
