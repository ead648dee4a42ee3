import type { Draft } from '../draft.js';
import { NO_PREFERENCE, type Strategy } from '../strategy.js';

/**
 * Each connection carries its own list (`manual`: connection → tickers, e.g. from
 * `WEBSOCKET_CONNECTION_<n>_SYMBOLS`). A ticker listed for several connections goes to the first
 * live one listed (more only if critical); tickers of connections that are not live, unlisted
 * tickers and overflow past the capacity go to the least-loaded connection. A listed ticker
 * belongs on its list's connection: a rebalance never moves it off.
 */
export const manualStrategy: Strategy = {
  create(draft) {
    const listed = listing(draft);
    return { prefer: (ticker) => listed.get(ticker) ?? NO_PREFERENCE };
  },
  home(draft) {
    const listed = listing(draft);
    return (ticker) => listed.get(ticker)?.slice(0, draft.target(ticker));
  },
};

const cache = new WeakMap<
  Draft['policy'],
  { live: readonly string[]; listed: Map<string, number[]> }
>();

/** Same ids in the same order (ids are any non-empty strings: joining them could collide). */
function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Ticker → the live indices whose lists name it, in list order. Kept per policy and set of live
 * connections, so an incremental operation does not rebuild it from every list.
 */
function listing(draft: Draft): Map<string, number[]> {
  const live = [...draft.live];
  const hit = cache.get(draft.policy);
  if (hit !== undefined && sameIds(hit.live, live)) return hit.listed;
  const index = new Map(draft.live.map((c, i) => [c, i]));
  const listed = new Map<string, number[]>();
  for (const [connection, tickers] of draft.policy.manual) {
    const i = index.get(connection);
    if (i === undefined) continue;
    for (const t of tickers) {
      const on = listed.get(t);
      if (on === undefined) listed.set(t, [i]);
      else if (!on.includes(i)) on.push(i);
    }
  }
  cache.set(draft.policy, { live, listed });
  return listed;
}
