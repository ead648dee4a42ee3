/**
 * Heap held by a `Dedup` with 1000 tickers × (T, Q, AM) of full state: every sequence window full
 * (`seqWindow` numbers), every bar history full (`barWindows` windows of `barVersions` versions),
 * three sources. Measured after a forced GC, before and after filling, as V8 heap used plus
 * ArrayBuffer memory (typed arrays' backing stores live outside the V8 heap).
 *
 *   pnpm --filter @tickmux/pool memory [--tickers 1000] [--json]
 */
import { parseArgs } from 'node:util';
import type { AggregateEvent, QuoteEvent, TradeEvent } from '@tickmux/core';
import { Dedup, DEFAULT_DEDUP_OPTIONS } from '../src/index.js';

const { values } = parseArgs({
  options: {
    tickers: { type: 'string', default: '1000' },
    json: { type: 'boolean', default: false },
  },
});
const tickers = Number(values.tickers);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc (pnpm --filter @tickmux/pool memory)');

const heap = () => {
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

const { seqWindow, barWindows, barVersions } = DEFAULT_DEDUP_OPTIONS;
const T0 = Date.UTC(2026, 2, 2, 15);
const symbols = Array.from({ length: tickers }, (_, i) => `TK${i.toString(36).toUpperCase()}`);

const before = heap();
const dedup = new Dedup();
const sources = ['connection_1', 'connection_2', 'connection_3'].map((id) => dedup.source(id));
for (const sym of symbols) {
  for (let q = 1; q <= seqWindow + 16; q++) {
    const t: TradeEvent = { ev: 'T', sym, p: 100, s: 1, t: T0 + q, q };
    const quote: QuoteEvent = { ev: 'Q', sym, bp: 99, bs: 1, ap: 101, as: 1, t: T0 + q, q };
    for (const s of sources) {
      s.offer(t);
      s.offer(quote);
    }
  }
  for (let w = 0; w < barWindows; w++) {
    for (let v = 1; v <= barVersions; v++) {
      const s = T0 + w * 60_000;
      const bar: AggregateEvent = { ev: 'AM', sym, v, o: 1, c: 1, h: 1, l: 1, s, e: s + 60_000 };
      for (const src of sources) src.offer(bar);
    }
  }
}
const after = heap();
const stats = dedup.stats();
const mb = (after - before) / 1024 / 1024;
const figures = {
  measure: 'dedup_memory',
  tickers,
  keys: stats.keys,
  heap_mb: Number(mb.toFixed(3)),
  bytes_per_key: Math.round((after - before) / stats.keys),
  seq_window: seqWindow,
  bar_windows: barWindows,
  bar_versions: barVersions,
};
const out = (line: string) => process.stdout.write(`${line}\n`);
if (values.json) out(JSON.stringify(figures));
else {
  out(`dedup state for ${tickers} tickers × (T, Q, AM), full, 3 sources:`);
  out(`  ${figures.heap_mb} MB (${figures.bytes_per_key} bytes per (channel, ticker) key)`);
  out(`  seqWindow ${seqWindow}, barWindows ${barWindows}, barVersions ${barVersions}`);
}
// Keep the dedup alive until after the measurement.
if (dedup.stats().keys !== stats.keys) process.exitCode = 1;
