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
    const pins = pinned(draft);
    const { groups, loose } = grouped(draft, batch);
    const key = (s: string) => (pins.has(s) ? 0 : 1);
    const sorted = [...groups].sort(
      ([a, x], [b, y]) => key(a) - key(b) || y.length - x.length || (a < b ? -1 : a > b ? 1 : 0),
    );
    const ordered: string[] = [];
    for (const [, tickers] of sorted) for (const t of tickers) ordered.push(t);
    for (const t of loose) ordered.push(t);
    byOrder.set(ordered, groups);
    return ordered;
  },
  create(draft, batch) {
    const sectors = sectorsOf(draft);
    const pins = pinned(draft);
    const pending = new Map<string, number>();
    for (const [s, tickers] of byOrder.get(batch) ?? grouped(draft, batch).groups) {
      let without = 0;
      for (const t of tickers) if (draft.copies(t) === 0) without++;
      if (without > 0) pending.set(s, without);
    }
    // Copies of each batch sector per live connection; a sector joins where most of it is.
    const on = draft.live.map((c) => sectorCounts(draft.tickersOn(c), sectors, draft.unchanged(c)));
    const counts = new Map([...pending.keys()].map((s) => [s, on.map((per) => per.get(s) ?? 0)]));
    const homes = new Map<string, number>();
    for (const [s, per] of counts) {
      const h = mostOf(per, draft.loads);
      if (h !== -1) homes.set(s, h);
    }
    const one = [0];
    // placed() follows prefer() for the same ticker: keep its sector rather than look it up twice.
    let last: string | undefined;
    let lastSector: string | undefined;
    return {
      prefer(ticker) {
        const s = sectors.get(ticker);
        last = ticker;
        lastSector = s;
        if (s === undefined) return NO_PREFERENCE;
        one[0] = pins.get(s) ?? homes.get(s) ?? roomFor(draft, pending.get(s) ?? 1);
        return one[0] === -1 ? NO_PREFERENCE : one;
      },
      placed(ticker, index) {
        const s = ticker === last ? lastSector : sectors.get(ticker);
        if (s === undefined) return;
        const per = counts.get(s);
        if (per !== undefined) {
          per[index]!++;
          const h = homes.get(s);
          if (h === undefined || per[index]! > per[h]!) homes.set(s, index);
        }
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

/** The batch's tickers by sector (in batch order), and those without a sector. */
function grouped(
  draft: Draft,
  batch: readonly string[],
): { groups: Map<string, string[]>; loose: string[] } {
  const sectors = sectorsOf(draft);
  const groups = new Map<string, string[]>();
  const loose: string[] = [];
  for (const t of batch) {
    const s = sectors.get(t);
    if (s === undefined) loose.push(t);
    else append(groups, s, t);
  }
  return { groups, loose };
}

/** The ordered batch → its sector groups, so `create` does not group it again. */
const byOrder = new WeakMap<readonly string[], Map<string, string[]>>();

/** The connection holding most of a sector (ties: fewer tickers, then order); -1 if none does. */
function mostOf(per: readonly number[], loads: readonly number[]): number {
  let best = -1;
  for (let i = 0; i < per.length; i++) {
    if (per[i]! === 0) continue;
    if (best === -1 || per[i]! > per[best]! || (per[i] === per[best] && loads[i]! < loads[best]!)) {
      best = i;
    }
  }
  return best;
}

/** For a sector placed nowhere yet: the least-loaded connection with room for all `pending`; -1 if none. */
function roomFor(draft: Draft, pending: number): number {
  const { loads } = draft;
  let best = -1;
  for (let i = 0; i < loads.length; i++) {
    const fits = draft.policy.capacity - loads[i]! >= pending;
    if (fits && (best === -1 || loads[i]! < loads[best]!)) best = i;
  }
  return best;
}
