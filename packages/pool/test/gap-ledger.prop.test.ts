import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { GapLedger, type GapReport } from '../src/index.js';

const TICKERS = ['AAPL', 'MSFT'];
const CONNECTIONS = ['c1', 'c2', 'c3'];
const CHANNELS = ['T', 'Q'];

const opArb = fc.oneof(
  fc.record({
    kind: fc.constant('confirm' as const),
    ticker: fc.constantFrom(...TICKERS),
    connection: fc.constantFrom(...CONNECTIONS),
    channels: fc.subarray(CHANNELS, { minLength: 1 }),
  }),
  fc.record({
    kind: fc.constant('lost' as const),
    connection: fc.constantFrom(...CONNECTIONS),
    seenBack: fc.nat(9),
  }),
  fc.record({
    kind: fc.constant('unsubscribe' as const),
    ticker: fc.constantFrom(...TICKERS),
    connection: fc.constantFrom(...CONNECTIONS),
  }),
  fc.record({ kind: fc.constant('forget' as const), ticker: fc.constantFrom(...TICKERS) }),
);

type Op = typeof opArb extends fc.Arbitrary<infer O> ? O : never;

interface Period {
  ticker: string;
  channel: string;
  start: number;
  end: number | undefined;
}

/**
 * The model: which (ticker, channel) had no carrier while wanted, and when. A connection lost with
 * its last sign of life at `seenAt` carried nothing after it: a channel it leaves to carriers that
 * all confirmed after `seenAt` was uncovered from `seenAt` to the first of those confirmations.
 */
function model(ops: readonly Op[], steps: readonly number[]) {
  const carriers = new Map<string, Map<string, Set<string>>>(); // ticker → connection → channels
  const since = new Map<string, number>(); // `${ticker}|${connection}|${channel}` → first confirm
  const open = new Map<string, Period>(); // `${ticker}|${channel}`
  const periods: Period[] = [];
  const covered = (ticker: string, channel: string) =>
    [...(carriers.get(ticker)?.values() ?? [])].some((chs) => chs.has(channel));
  const depart = (ticker: string, connection: string, at: number) => {
    const chs = carriers.get(ticker)?.get(connection);
    if (chs === undefined) return;
    carriers.get(ticker)!.delete(connection);
    for (const c of chs) since.delete(`${ticker}|${connection}|${c}`);
    for (const channel of chs) {
      const firsts = [...carriers.get(ticker)!]
        .filter(([, cs]) => cs.has(channel))
        .map(([other]) => since.get(`${ticker}|${other}|${channel}`)!);
      if (firsts.length > 0 && firsts.every((f) => f > at) && !open.has(`${ticker}|${channel}`))
        periods.push({ ticker, channel, start: at, end: Math.min(...firsts) });
    }
    for (const channel of chs) {
      const k = `${ticker}|${channel}`;
      if (!covered(ticker, channel) && !open.has(k)) {
        const p: Period = { ticker, channel, start: at, end: undefined };
        open.set(k, p);
        periods.push(p);
      }
    }
  };
  let t = 0;
  const times: { at: number; seenAt: number }[] = [];
  ops.forEach((op, i) => {
    const prev = t;
    t += 1 + (steps[i % steps.length] ?? 0);
    const seenAt = op.kind === 'lost' ? Math.max(prev, t - op.seenBack) : t;
    times.push({ at: t, seenAt });
    if (op.kind === 'confirm') {
      let m = carriers.get(op.ticker);
      if (m === undefined) carriers.set(op.ticker, (m = new Map<string, Set<string>>()));
      const chs = m.get(op.connection) ?? new Set<string>();
      op.channels.forEach((c) => chs.add(c));
      for (const c of op.channels) {
        const k = `${op.ticker}|${op.connection}|${c}`;
        if (!since.has(k)) since.set(k, t);
      }
      m.set(op.connection, chs);
      for (const [k, p] of open) {
        if (p.ticker === op.ticker && covered(p.ticker, p.channel)) {
          p.end = t;
          open.delete(k);
        }
      }
    } else if (op.kind === 'lost') {
      for (const ticker of carriers.keys()) depart(ticker, op.connection, seenAt);
    } else if (op.kind === 'unsubscribe') {
      depart(op.ticker, op.connection, t);
    } else {
      for (const k of [...since.keys()]) if (k.startsWith(`${op.ticker}|`)) since.delete(k);
      carriers.delete(op.ticker);
      for (const [k, p] of open) {
        if (p.ticker === op.ticker) {
          p.end = t;
          open.delete(k);
        }
      }
    }
  });
  return { periods, times };
}

describe('gap ledger properties', () => {
  test.prop([fc.array(opArb, { maxLength: 60 }), fc.array(fc.nat(9), { minLength: 1 })])(
    'reports every interval a wanted channel had no carrier, and nothing else',
    (ops, steps) => {
      const { periods, times } = model(ops, steps);
      const reported: GapReport[] = [];
      const l = new GapLedger({ channels: CHANNELS, onGap: (g) => reported.push(g) });
      ops.forEach((op, i) => {
        const { at, seenAt } = times[i]!;
        if (op.kind === 'confirm') l.confirmed(op.ticker, op.connection, at, op.channels);
        else if (op.kind === 'lost') l.lost(op.connection, seenAt, at);
        else if (op.kind === 'unsubscribe') l.unsubscribed(op.ticker, op.connection, at);
        else l.forget(op.ticker, at);
      });
      const gaps = [
        ...reported,
        ...l.openGaps().map((g) => ({ ...g, to: Number.POSITIVE_INFINITY })),
      ];
      // Every uncovered interval lies inside a gap of its ticker that names its channel.
      for (const p of periods) {
        const end = p.end ?? Number.POSITIVE_INFINITY;
        const inside = gaps.some(
          (g) =>
            g.ticker === p.ticker &&
            g.channels.includes(p.channel) &&
            g.from <= p.start &&
            g.to >= end,
        );
        expect(inside, JSON.stringify(p)).toBe(true);
      }
      // Every gap starts where an uncovered interval starts and ends where one ends.
      for (const g of gaps) {
        const mine = periods.filter((p) => p.ticker === g.ticker && g.channels.includes(p.channel));
        expect(mine.some((p) => p.start === g.from)).toBe(true);
        expect(mine.some((p) => (p.end ?? Number.POSITIVE_INFINITY) === g.to)).toBe(true);
      }
      // The gaps of one ticker never overlap.
      for (const ticker of TICKERS) {
        const mine = gaps.filter((g) => g.ticker === ticker).sort((a, b) => a.from - b.from);
        for (let i = 1; i < mine.length; i++)
          expect(mine[i]!.from).toBeGreaterThanOrEqual(mine[i - 1]!.to);
      }
    },
  );
});
