import { InvalidArgumentError } from '@tickmux/core';
import type { Context } from '../context.js';
import type { Strategy } from '../placement.js';
import { DEFAULT_ROUTING_INPUT } from '../types.js';

/**
 * Balances observed message rate (`stats`, messages/s per ticker): busiest tickers first, each to
 * the connection with the least rate so far (ties: fewer tickers, then connection order). A ticker
 * without stats counts as the mean of those with stats (1 if none has any); each replica carries
 * the ticker's full rate.
 */
export const loadBalancedStrategy: Strategy = {
  order(ctx) {
    const rateOf = rates(ctx);
    const { tickers } = ctx;
    const r = new Float64Array(tickers.length);
    const index = new Array<number>(tickers.length);
    for (let i = 0; i < tickers.length; i++) {
      r[i] = rateOf(tickers[i]!);
      index[i] = i;
    }
    // Array#sort is stable, so equal rates keep the input order.
    index.sort((a, b) => r[b]! - r[a]!);
    return index.map((i) => tickers[i]!);
  },
  create(ctx) {
    const rateOf = rates(ctx);
    const n = ctx.connections.length;
    const weight = new Float64Array(n);
    const loads = ctx.loads;
    const order: number[] = [];
    const before = (a: number, b: number) =>
      weight[a]! < weight[b]! || (weight[a] === weight[b] && loads[a]! < loads[b]!);
    return {
      prefer() {
        // Insertion sort by (rate, tickers, index) into a reused array: few connections, many tickers.
        order.length = n;
        for (let i = 0; i < n; i++) {
          let j = i;
          while (j > 0 && before(i, order[j - 1]!)) {
            order[j] = order[j - 1]!;
            j--;
          }
          order[j] = i;
        }
        return order;
      },
      placed: (ticker, on) => {
        const r = rateOf(ticker);
        for (const i of on) weight[i]! += r;
      },
    };
  },
};

const cache = new WeakMap<Context, (ticker: string) => number>();

/** The rate of each ticker: its stat, else the mean of the tickers' stats (1 if none has one). */
function rates(ctx: Context): (ticker: string) => number {
  const hit = cache.get(ctx);
  if (hit !== undefined) return hit;
  const stats = ctx.input.stats ?? DEFAULT_ROUTING_INPUT.stats;
  let sum = 0;
  let known = 0;
  for (const t of ctx.tickers) {
    const r = stats.get(t);
    if (r === undefined) continue;
    if (!Number.isFinite(r) || r < 0) {
      throw new InvalidArgumentError(`stats.${t}`, r, 'must be a finite rate >= 0');
    }
    sum += r;
    known++;
  }
  const fallback = known === 0 ? 1 : sum / known;
  const rateOf = (t: string) => stats.get(t) ?? fallback;
  cache.set(ctx, rateOf);
  return rateOf;
}
