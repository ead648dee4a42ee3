import { rankInto, type Strategy } from '../strategy.js';

/**
 * Deals tickers to the connections in turn (1, 2, 3, 1, ...), a critical ticker taking the next
 * r in a row: the least-loaded connection, ties going to the next one after the last dealt. From
 * empty that is plain dealing; added tickers fill the lightest connections, so loads stay within
 * one and earlier tickers never move.
 */
export const roundRobinStrategy: Strategy = {
  create(draft) {
    const n = draft.live.length;
    const keys = new Float64Array(n);
    const order: number[] = [];
    let cursor = 0;
    return {
      prefer() {
        for (let i = 0; i < n; i++) keys[i] = draft.loads[i]! * n + ((i - cursor + n) % n);
        return rankInto(order, keys);
      },
      placed: (_ticker, index) => {
        cursor = (index + 1) % n;
      },
    };
  },
};
