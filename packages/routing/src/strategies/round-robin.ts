import type { Strategy } from '../placement.js';

/**
 * Deals tickers to the connections in turn (1, 2, 3, 1, ...), a critical ticker taking the next
 * r in a row, so loads differ by at most one. Appending tickers never moves earlier ones.
 */
export const roundRobinStrategy: Strategy = {
  create({ connections }) {
    const n = connections.length;
    const rotations = Array.from({ length: n }, (_, s) =>
      Array.from({ length: n }, (_, k) => (s + k) % n),
    );
    let cursor = 0;
    return {
      prefer: () => rotations[cursor]!,
      placed: (_ticker, on) => {
        cursor = (on[on.length - 1]! + 1) % n;
      },
    };
  },
};
