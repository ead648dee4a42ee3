import type { Strategy } from '../strategy.js';

/**
 * Balances observed message rate (`stats`, messages/s per ticker): busiest tickers first, each to
 * the connection with the least rate so far (ties: fewer tickers, then connection order). A ticker
 * without stats counts as the mean of the stats (1 if there are none); each replica carries the
 * ticker's full rate.
 */
export const loadBalancedStrategy: Strategy = {
  order(draft, batch) {
    const rateOf = rates(draft.policy.stats);
    const r = new Float64Array(batch.length);
    const index = new Array<number>(batch.length);
    for (let i = 0; i < batch.length; i++) {
      r[i] = rateOf(batch[i]!);
      index[i] = i;
    }
    // Array#sort is stable, so equal rates keep the batch order.
    index.sort((a, b) => r[b]! - r[a]!);
    return index.map((i) => batch[i]!);
  },
  create(draft) {
    const rateOf = rates(draft.policy.stats);
    const n = draft.live.length;
    const weight = new Float64Array(n);
    draft.live.forEach((c, i) => {
      weight[i] = rateOn(draft.tickersOn(c), draft.policy.stats, draft.unchanged(c));
    });
    const loads = draft.loads;
    const order: number[] = [];
    return {
      prefer() {
        // Insertion sort by (rate, tickers, index) into a reused array: few connections, many tickers.
        order.length = n;
        for (let i = 0; i < n; i++) {
          let j = i;
          for (; j > 0; j--) {
            const k = order[j - 1]!;
            if (!(weight[i]! < weight[k]! || (weight[i] === weight[k] && loads[i]! < loads[k]!)))
              break;
            order[j] = k;
          }
          order[j] = i;
        }
        return order;
      },
      placed: (ticker, index) => {
        weight[index]! += rateOf(ticker);
      },
    };
  },
  weight: (draft) => rates(draft.policy.stats),
};

const cache = new WeakMap<ReadonlyMap<string, number>, (ticker: string) => number>();
const sums = new WeakMap<
  ReadonlySet<string>,
  { stats: ReadonlyMap<string, number>; sum: number }
>();

/**
 * The message rate of a connection's tickers. Kept (`keep`) per ticker set that no longer
 * changes, which assignments share until one changes it, so an incremental operation does not
 * re-add every rate.
 */
function rateOn(
  tickers: ReadonlySet<string>,
  stats: ReadonlyMap<string, number>,
  keep: boolean,
): number {
  const hit = sums.get(tickers);
  if (hit?.stats === stats) return hit.sum;
  const rateOf = rates(stats);
  let sum = 0;
  for (const t of tickers) sum += rateOf(t);
  if (keep) sums.set(tickers, { stats, sum });
  return sum;
}

/** The rate of each ticker: its stat, else the mean of the stats (1 if there are none). */
export function rates(stats: ReadonlyMap<string, number>): (ticker: string) => number {
  const hit = cache.get(stats);
  if (hit !== undefined) return hit;
  let sum = 0;
  for (const r of stats.values()) sum += r;
  const fallback = stats.size === 0 ? 1 : sum / stats.size;
  const rateOf = (t: string) => stats.get(t) ?? fallback;
  cache.set(stats, rateOf);
  return rateOf;
}
