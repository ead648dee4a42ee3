import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { GapReport } from '../src/index.js';
import {
  FAULT_KINDS,
  runFaults,
  UNIVERSE,
  type RunResult,
  type RunSpec,
  type Stamped,
} from './fault-run.js';

/** Runs per `pnpm test` (CI): at least 100; `POOL_PROP_RUNS=1000` for a longer search. */
const RUNS = Math.max(1, Number(process.env['POOL_PROP_RUNS'] ?? 100));

const runArb: fc.Arbitrary<RunSpec> = fc
  .record({
    seq: fc.constantFrom('sparse' as const, 'contiguous' as const),
    tickers: fc.subarray(UNIVERSE, { minLength: 2 }),
    critical: fc.subarray(UNIVERSE, { maxLength: 4 }),
    faults: fc.array(
      fc.record({
        step: fc.integer({ min: 1, max: 10 }),
        kind: fc.constantFrom(...FAULT_KINDS),
        target: fc.nat(2),
        stallMs: fc.integer({ min: 56_000, max: 60_000 }),
        downMs: fc.integer({ min: 0, max: 3_000 }),
      }),
      { maxLength: 4 },
    ),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
  })
  .map((r) => ({ ...r, critical: r.critical.filter((t) => r.tickers.includes(t)) }));

/** Timelines that once failed, run first every time (fast-check `examples`). */
const REGRESSIONS: RunSpec[] = [
  // Two replicas hit in one step, one of them stalled: the loss is reported once the stall is seen.
  {
    seq: 'sparse',
    tickers: ['META', 'GOOGL'],
    critical: ['GOOGL'],
    faults: [
      { step: 1, kind: 'drop', target: 0, stallMs: 56_000, downMs: 0 },
      { step: 1, kind: 'stall', target: 0, stallMs: 56_000, downMs: 0 },
    ],
    seed: 1,
  },
  // A stalled carrier that gave a ticker back in a move before it was seen dead.
  {
    seq: 'sparse',
    tickers: ['META', 'TSLA', 'JPM'],
    critical: [],
    faults: [
      { step: 2, kind: 'stall', target: 0, stallMs: 56_000, downMs: 0 },
      { step: 1, kind: 'drop', target: 0, stallMs: 56_000, downMs: 0 },
    ],
    seed: 1,
  },
  // Both replicas gone in one step (a kill and max_connections).
  {
    seq: 'sparse',
    tickers: ['GOOGL', 'JPM'],
    critical: ['JPM'],
    faults: [
      { step: 2, kind: 'kill', target: 0, stallMs: 56_000, downMs: 0 },
      { step: 2, kind: 'max_connections', target: 0, stallMs: 56_000, downMs: 0 },
    ],
    seed: 1,
  },
  // One replica dropped right after the start: no gap for the ticker.
  {
    seq: 'sparse',
    tickers: ['MSFT', 'AMZN', 'TSLA'],
    critical: ['MSFT'],
    faults: [{ step: 1, kind: 'drop', target: 0, stallMs: 56_000, downMs: 0 }],
    seed: 1,
  },
  // Two restarts in a row.
  {
    seq: 'sparse',
    tickers: ['GOOGL', 'JPM'],
    critical: [],
    faults: [
      { step: 4, kind: 'restart', target: 0, stallMs: 56_000, downMs: 0 },
      { step: 3, kind: 'restart', target: 0, stallMs: 56_000, downMs: 0 },
    ],
    seed: 1,
  },
  // Two forced max_connections: the budget suspects another process and probes back up.
  {
    seq: 'sparse',
    tickers: ['MSFT', 'NVDA'],
    critical: [],
    faults: [
      { step: 2, kind: 'max_connections', target: 0, stallMs: 56_000, downMs: 0 },
      { step: 1, kind: 'max_connections', target: 0, stallMs: 56_000, downMs: 0 },
    ],
    seed: 1,
  },
];

const idOf = (e: Stamped['event']) =>
  `${e.ev}:${(e as { sym: string }).sym}:${(e as { q: number }).q}`;

let runs = 0;
let faults = 0;
let gapsSeen = 0;
let counted = 0;
let spread = 0;

describe('MultiConnectionManager under random fault timelines (simulator, manual clock)', () => {
  test.prop([runArb], { numRuns: RUNS, examples: REGRESSIONS.map((r) => [r]) })(
    'nothing twice, replicas lose nothing, every loss inside a reported gap (exact counts in contiguous mode), never over the account limit',
    async (spec) => {
      const r = await runFaults(spec);
      runs++;
      faults += spec.faults.length;
      gapsSeen += r.gaps.length;
      if (!r.overlapping && spec.faults.length > 0) spread++;
      expect(r.recovered, `recovered after ${r.steps} steps`).toBe(true);
      // (a) nothing emitted twice
      expect(twice(r.emitted)).toEqual([]);
      // (d) the account's sockets, as the simulator counts them, never over maxConnections
      expect(r.highWater).toBeLessThanOrEqual(3);
      expect(r.kicked).toBe(0);
      // (c) every event sent for a subscribed ticker was emitted or falls inside a reported gap
      const lost = unexplained(spec, r);
      expect(lost.slice(0, 5)).toEqual([]);
      // (b) with a live replica throughout (no two faults at once), a critical ticker loses nothing
      if (!r.overlapping) {
        expect(r.gaps.filter((g) => spec.critical.includes(g.ticker))).toEqual([]);
        expect(missing(spec, r).filter((m) => spec.critical.includes(m.ticker))).toEqual([]);
      }
      // in contiguous mode, the gaps' counts add up to exactly what is missing
      if (spec.seq === 'contiguous') {
        const { mismatches, checked } = countsAddUp(spec, r);
        counted += checked;
        expect(mismatches).toEqual([]);
      }
    },
    // Each run is a few hundred ms of real time; the budget covers a slow shared machine.
    600_000,
  );

  test('reports what the runs covered', () => {
    console.info(
      `pool property: ${runs} runs, ${faults} faults (${spread} runs with faults one at a time), ${gapsSeen} gaps, ${counted} (ticker, channel) counts checked exactly`,
    );
    expect(runs).toBeGreaterThanOrEqual(RUNS);
  });
});

function twice(emitted: readonly Stamped[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const { event } of emitted) {
    const id = idOf(event);
    if (seen.has(id)) out.push(id);
    seen.add(id);
  }
  return out;
}

/** Reference events of subscribed tickers, after the start, that the pool did not emit. */
function missing(spec: RunSpec, r: RunResult): { ticker: string; event: Stamped }[] {
  const emitted = new Set(r.emitted.map((s) => idOf(s.event)));
  const out: { ticker: string; event: Stamped }[] = [];
  for (const s of r.reference) {
    const ticker = (s.event as { sym: string }).sym;
    if (s.at <= r.startedAt || !spec.tickers.includes(ticker)) continue;
    if (!emitted.has(idOf(s.event))) out.push({ ticker, event: s });
  }
  return out;
}

function unexplained(spec: RunSpec, r: RunResult): string[] {
  const byTicker = new Map<string, GapReport[]>();
  for (const g of r.gaps) byTicker.set(g.ticker, [...(byTicker.get(g.ticker) ?? []), g]);
  return missing(spec, r)
    .filter(({ ticker, event }) => {
      const inside = (g: GapReport) =>
        g.channels.includes(event.event.ev) && g.from <= event.at && event.at <= g.to;
      return !(byTicker.get(ticker) ?? []).some(inside);
    })
    .map(({ event }) => `${idOf(event.event)} at ${event.at}`);
}

/**
 * Contiguous `q`: per (ticker, channel), the numbers missing between the first and last emitted
 * equal the sum of its gaps' counts, wherever every gap of it could be counted.
 */
function countsAddUp(spec: RunSpec, r: RunResult): { mismatches: string[]; checked: number } {
  const mismatches: string[] = [];
  let checked = 0;
  for (const ticker of spec.tickers) {
    for (const channel of ['T', 'Q']) {
      const qs = r.emitted
        .filter((s) => s.event.ev === channel && (s.event as { sym: string }).sym === ticker)
        .map((s) => (s.event as { q: number }).q);
      const gaps = r.gaps.filter((g) => g.ticker === ticker && g.channels.includes(channel));
      if (qs.length === 0 || gaps.some((g) => g.missingByChannel?.[channel] === undefined))
        continue;
      const inside = Math.max(...qs) - Math.min(...qs) + 1 - new Set(qs).size;
      const reported = gaps.reduce((n, g) => n + g.missingByChannel![channel]!, 0);
      checked++;
      if (inside !== reported)
        mismatches.push(`${channel}.${ticker}: ${inside} missing, gaps say ${reported}`);
    }
  }
  return { mismatches, checked };
}
