import { sectorMap } from '@tickmux/core';
import type { Draft } from '../draft.js';
import { append } from '../multimap.js';
import { NO_PREFERENCE, type Strategy } from '../strategy.js';

/**
 * Keeps each sector on one connection (`sectors`: ticker → sector, by default the bundled GICS
 * map of `@tickmux/core`). `sectorConnections` pins sectors to connections; the other sectors go
 * whole, largest first, to the least-loaded connection with room for all of them, and later
 * tickers of a sector join the connection holding most of it. Tickers without a sector, and a
 * sector's overflow past the capacity, go to the least-loaded connection. On failover a sector's
 * orphans stay together where capacity allows; a rebalance moves whole sectors.
 */
export const sectorStrategy: Strategy = {
  order(draft, batch) {
    const sectors = sectorsOf(draft);
    const pins = pinned(draft);
    const groups = new Map<string, string[]>();
    const loose: string[] = [];
    for (const t of batch) {
      const s = sectors.get(t);
      if (s === undefined) loose.push(t);
      else append(groups, s, t);
    }
    const key = (s: string) => (pins.has(s) ? 0 : 1);
    const ordered = [...groups].sort(
      ([a, x], [b, y]) => key(a) - key(b) || y.length - x.length || (a < b ? -1 : a > b ? 1 : 0),
    );
    return [...ordered.flatMap(([, tickers]) => tickers), ...loose];
  },
  create(draft, batch) {
    const sectors = sectorsOf(draft);
    const pins = pinned(draft);
    const pending = new Map<string, number>();
    for (const t of batch) {
      const s = sectors.get(t);
      if (s !== undefined && draft.copies(t) === 0) pending.set(s, (pending.get(s) ?? 0) + 1);
    }
    // Copies of each batch sector per live connection, so a sector joins where most of it is.
    const on = draft.live.map((c) => sectorCounts(draft.tickersOn(c), sectors, draft.unchanged(c)));
    const counts = new Map([...pending.keys()].map((s) => [s, on.map((per) => per.get(s) ?? 0)]));
    const one = [0];
    return {
      prefer(ticker) {
        const s = sectors.get(ticker);
        if (s === undefined) return NO_PREFERENCE;
        const pin = pins.get(s);
        one[0] = pin ?? home(draft, counts.get(s), pending.get(s) ?? 1);
        return one[0] === -1 ? NO_PREFERENCE : one;
      },
      placed(ticker, index) {
        const s = sectors.get(ticker);
        if (s === undefined) return;
        const per = counts.get(s);
        if (per !== undefined) per[index]!++;
        pending.set(s, (pending.get(s) ?? 1) - 1);
      },
    };
  },
  home(draft) {
    const sectors = sectorsOf(draft);
    const pins = pinned(draft);
    return (ticker) => {
      const s = sectors.get(ticker);
      const pin = s === undefined ? undefined : pins.get(s);
      return pin === undefined ? undefined : [pin];
    };
  },
  unit(draft) {
    const sectors = sectorsOf(draft);
    const pins = pinned(draft);
    return (ticker) => {
      const s = sectors.get(ticker);
      return s === undefined || pins.has(s) ? undefined : s;
    };
  },
};

const tallies = new WeakMap<
  ReadonlySet<string>,
  { sectors: ReadonlyMap<string, string>; counts: Map<string, number> }
>();

/**
 * Tickers per sector on one connection. Kept (`keep`) per ticker set that no longer changes,
 * which assignments share until one changes it, so an incremental operation does not look up
 * every ticker's sector.
 */
function sectorCounts(
  tickers: ReadonlySet<string>,
  sectors: ReadonlyMap<string, string>,
  keep: boolean,
): ReadonlyMap<string, number> {
  const hit = tallies.get(tickers);
  if (hit?.sectors === sectors) return hit.counts;
  const counts = new Map<string, number>();
  for (const t of tickers) {
    const s = sectors.get(t);
    if (s !== undefined) counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  if (keep) tallies.set(tickers, { sectors, counts });
  return counts;
}

function sectorsOf(draft: Draft): ReadonlyMap<string, string> {
  return draft.policy.sectors ?? sectorMap();
}

/** Pinned sector → live index (pins to connections that are not live are ignored). */
function pinned(draft: Draft): Map<string, number> {
  const pins = new Map<string, number>();
  for (const [s, c] of draft.policy.sectorConnections) {
    const i = draft.live.indexOf(c);
    if (i !== -1) pins.set(s, i);
  }
  return pins;
}

/**
 * Where a sector goes: the connection holding most of it (ties: fewer tickers, then order); for a
 * sector placed nowhere yet, the least-loaded connection with room for all of its `pending`
 * tickers; -1 (least-loaded) if none has that room.
 */
function home(draft: Draft, per: readonly number[] | undefined, pending: number): number {
  const { loads } = draft;
  let best = -1;
  if (per !== undefined) {
    for (let i = 0; i < per.length; i++) {
      if (
        per[i]! > 0 &&
        (best === -1 || per[i]! > per[best]! || (per[i] === per[best] && loads[i]! < loads[best]!))
      ) {
        best = i;
      }
    }
    if (best !== -1) return best;
  }
  for (let i = 0; i < loads.length; i++) {
    const fits = draft.policy.capacity - loads[i]! >= pending;
    if (fits && (best === -1 || loads[i]! < loads[best]!)) best = i;
  }
  return best;
}
