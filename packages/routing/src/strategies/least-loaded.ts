import { leastLoadedIndex, rankInto } from '../context.js';
import type { Strategy } from '../placement.js';

/**
 * Each ticker goes to the connection(s) carrying the fewest tickers so far (ties: connection
 * order), so loads differ by at most one however many copies critical tickers take.
 */
export const leastLoadedStrategy: Strategy = {
  create(ctx) {
    const one = [0];
    const order: number[] = [];
    return {
      prefer(_ticker, copies) {
        if (copies > 1) return rankInto(order, ctx.loads);
        one[0] = leastLoadedIndex(ctx);
        return one;
      },
    };
  },
};
