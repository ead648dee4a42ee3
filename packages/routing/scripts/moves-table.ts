// Measures how many subscriptions each change moves, per strategy, and prints the README table:
// `pnpm --filter @tickmux/routing moves`. Each cell is the incremental operation's plan, then (in
// brackets) what re-running the strategy from scratch and diffing would move, which is what the
// package did before it had incremental operations.
import { usEquities } from '@tickmux/core';
import {
  addConnection,
  addTickers,
  assign,
  failConnection,
  planRebalance,
  rebalance,
  removeTickers,
  restore,
  STRATEGY_NAMES,
  type Assignment,
  type RoutingChange,
  type RoutingInput,
  type StrategyName,
} from '../src/index.js';

const CONNECTIONS = ['connection_1', 'connection_2', 'connection_3'];
const all = usEquities().map((e) => e.ticker);
const TICKERS = all.slice(0, 300);
const EXTRA = all.slice(300, 330);

/** A deterministic rate per ticker (messages/s), heavy-tailed like real activity. */
function rateOf(ticker: string): number {
  let h = 2166136261;
  for (let i = 0; i < ticker.length; i++) h = Math.imul(h ^ ticker.charCodeAt(i), 16777619);
  return 1 + ((h >>> 0) % 1000) ** 2 / 10_000;
}

function input(tickers: readonly string[], connections = CONNECTIONS): RoutingInput {
  return {
    tickers,
    connections,
    capacity: 150,
    // EXTRA[1] is critical but not routed until it is added.
    replication: { symbols: ['AAPL', 'MSFT', 'NVDA', 'JPM', 'XOM', 'UNH', EXTRA[1]!], factor: 2 },
    stats: new Map(tickers.map((t) => [t, rateOf(t)])),
    tiers: new Map(TICKERS.map((t, i) => [t, i % 3])),
    manual: new Map(CONNECTIONS.map((c, k) => [c, TICKERS.filter((_, i) => i % 3 === k)])),
  };
}

interface Change {
  name: string;
  /** The incremental operation. */
  run(a: Assignment): RoutingChange;
  /** The same change as a fresh assignment (the old way), for comparison. */
  full(s: StrategyName): Assignment;
}

const noisy = (factor: (t: string, i: number) => number) =>
  new Map(TICKERS.map((t, i) => [t, rateOf(t) * factor(t, i)]));

const withStats = (s: StrategyName, stats: Map<string, number>) =>
  assign(s, { ...input(TICKERS), stats });

const CHANGES: Change[] = [
  {
    name: 'remove 1 ticker',
    run: (a) => removeTickers(a, [TICKERS[150]!]),
    full: (s) => assign(s, input(TICKERS.filter((_, i) => i !== 150))),
  },
  {
    name: 'add 1 ticker',
    run: (a) => addTickers(a, [EXTRA[0]!]),
    full: (s) => assign(s, input([...TICKERS, EXTRA[0]!])),
  },
  {
    name: 'add 1 critical ticker (2 copies)',
    run: (a) => addTickers(a, [EXTRA[1]!]),
    full: (s) => assign(s, input([...TICKERS, EXTRA[1]!])),
  },
  {
    name: 'add 30 tickers',
    run: (a) => addTickers(a, EXTRA),
    full: (s) => assign(s, input([...TICKERS, ...EXTRA])),
  },
  {
    name: 'add a 4th connection',
    run: (a) => addConnection(a, 'connection_4'),
    full: (s) => assign(s, input(TICKERS, [...CONNECTIONS, 'connection_4'])),
  },
  {
    name: 'connection 2 fails',
    run: (a) => failConnection(a, 'connection_2'),
    full: (s) => assign(s, input(TICKERS, ['connection_1', 'connection_3'])),
  },
  {
    name: 'connection 2 recovers',
    run: (a) => restore(failConnection(a, 'connection_2').assignment, 'connection_2'),
    full: (s) => assign(s, input(TICKERS)),
  },
  {
    name: 'rates ±5 % noise, rebalance',
    run: (a) => rebalance(a, { stats: noisy((_, i) => (i % 2 === 0 ? 1.05 : 0.95)) }),
    full: (s) =>
      withStats(
        s,
        noisy((_, i) => (i % 2 === 0 ? 1.05 : 0.95)),
      ),
  },
  {
    name: '10 tickers 20× hotter, rebalance',
    run: (a) => rebalance(a, { stats: noisy((_, i) => (i < 10 ? 20 : 1)) }),
    full: (s) =>
      withStats(
        s,
        noisy((_, i) => (i < 10 ? 20 : 1)),
      ),
  },
];

const rows = CHANGES.map((change) => {
  const cells = STRATEGY_NAMES.map((s) => {
    const before = assign(s, input(TICKERS));
    // A recovery starts from the failed state; the others from the steady one.
    const start = change.name.endsWith('recovers')
      ? failConnection(before, 'connection_2').assignment
      : before;
    const moved = change.run(before).plan.moves.length;
    return `${moved} (${planRebalance(start, change.full(s)).moves.length})`;
  });
  return `| ${change.name} | ${cells.join(' | ')} |`;
});

const out = (line: string) => process.stdout.write(`${line}\n`);
out(`| change (300 tickers, 3 connections) | ${STRATEGY_NAMES.join(' | ')} |`);
out(`|---|${STRATEGY_NAMES.map(() => '---:').join('|')}|`);
for (const row of rows) out(row);
