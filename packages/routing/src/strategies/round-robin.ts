import { NO_PREFERENCE, type Strategy } from '../strategy.js';

/**
 * Deals tickers to the connections in turn (1, 2, 3, 1, ...), a critical ticker taking the next
 * r in a row: the least-loaded connection, ties going to the next one after the last dealt. From
 * empty that is plain dealing; added tickers fill the lightest connections, so loads stay within
 * one and earlier tickers never move. A full connection passes its turn.
 */
export const roundRobinStrategy: Strategy = {
  create(draft) {
    const n = draft.live.length;
    const rotations = Array.from({ length: n }, (_, s) =>
      Array.from({ length: n }, (_, k) => (s + k) % n),
    );
    const { loads } = draft;
    let cursor = 0;
    return {
      prefer(ticker, first) {
        // The least-loaded connection that can take the ticker, looking from the cursor on.
        let best = -1;
        for (let k = 0; k < n; k++) {
          const i = (cursor + k) % n;
          if (best !== -1 && loads[i]! >= loads[best]!) continue;
          if (draft.hasRoom(i) && (first || !draft.holds(ticker, i))) best = i;
        }
        return best === -1 ? NO_PREFERENCE : rotations[best]!;
      },
      placed: (_ticker, index) => {
        cursor = (index + 1) % n;
      },
    };
  },
};
