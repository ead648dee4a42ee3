import { normaliseTickers } from '@tickmux/core';
import type { Strategy } from '../placement.js';
import { DEFAULT_ROUTING_INPUT } from '../types.js';

const NONE: readonly number[] = [];

/**
 * Each connection carries its own list (`manual`: connection → tickers, e.g. from
 * `WEBSOCKET_CONNECTION_<n>_SYMBOLS`). A ticker listed for several connections goes to the first
 * live one listed (more only if critical); tickers of connections that are not live, unlisted
 * tickers and overflow past the capacity go to the least-loaded connection.
 */
export const manualStrategy: Strategy = {
  create({ connections, input }) {
    const index = new Map(connections.map((c, i) => [c, i]));
    // Most tickers are listed once: keep the index itself, an array only for several.
    const listed = new Map<string, number | number[]>();
    for (const [connection, tickers] of input.manual ?? DEFAULT_ROUTING_INPUT.manual) {
      const i = index.get(connection);
      if (i === undefined) continue;
      for (const t of normaliseTickers(tickers, `manual.${connection}`)) {
        const on = listed.get(t);
        if (on === undefined) listed.set(t, i);
        else if (typeof on === 'number') {
          if (on !== i) listed.set(t, [on, i]);
        } else if (!on.includes(i)) on.push(i);
      }
    }
    const one = [0];
    return {
      prefer(ticker) {
        const on = listed.get(ticker);
        if (typeof on !== 'number') return on ?? NONE;
        one[0] = on;
        return one;
      },
    };
  },
};
