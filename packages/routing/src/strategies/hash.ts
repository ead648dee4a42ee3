import type { Draft } from '../draft.js';
import { hashString, rendezvousScore } from '../hash.js';
import { rankInto, type Strategy } from '../strategy.js';

/**
 * Rendezvous hashing: each ticker goes to the connection(s) where it scores highest. Stable
 * across runs; removing a connection moves only its tickers (each to its next-best connection),
 * adding one takes about 1/N of the tickers. A full connection spills to the ticker's next-best
 * connection; when capacity can bind, a batch is placed in ticker order, so the result does not
 * depend on the order tickers are given in.
 */
export const hashStrategy: Strategy = {
  order(draft, batch) {
    let slots = 0;
    for (const load of draft.loads) slots += load;
    // Capacity binds only if one connection could fill up: then the order of a batch matters.
    const binds = draft.policy.capacity < slots + batch.length * draft.policy.factor;
    return binds ? [...batch].sort() : batch;
  },
  create(draft) {
    const rank = ranker(draft);
    return { prefer: rank };
  },
  home(draft) {
    const rank = ranker(draft);
    return (ticker) => rank(ticker).slice(0, draft.target(ticker));
  },
};

/** Live indices ranked for a ticker, best first (one reused array). */
function ranker(draft: Draft): (ticker: string) => readonly number[] {
  const n = draft.live.length;
  const seeds = draft.live.map(hashString);
  // Negated scores, so that ascending order is best first.
  const keys = new Float64Array(n);
  const order: number[] = [];
  return (ticker) => {
    const h = hashString(ticker);
    for (let i = 0; i < n; i++) keys[i] = -rendezvousScore(h, seeds[i]!);
    return rankInto(order, keys);
  };
}
