import { rankInto } from '../context.js';
import { hashString, rendezvousScore } from '../hash.js';
import type { Strategy } from '../placement.js';

/**
 * Rendezvous hashing: each ticker goes to the connection(s) where it scores highest. Stable
 * across runs; removing a connection moves only its tickers, adding one takes about 1/N of the
 * tickers. A full connection spills to the ticker's next-best connection.
 */
export const hashStrategy: Strategy = {
  create({ connections }) {
    const n = connections.length;
    const seeds = connections.map(hashString);
    // Negated scores, so that ascending order is best first.
    const keys = new Float64Array(n);
    const order: number[] = [];
    return {
      prefer(ticker) {
        const h = hashString(ticker);
        for (let i = 0; i < n; i++) keys[i] = -rendezvousScore(h, seeds[i]!);
        return rankInto(order, keys);
      },
    };
  },
};
