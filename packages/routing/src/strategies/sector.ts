import { sectorMap } from '@tickmux/core';
import type { Context } from '../context.js';
import type { Strategy } from '../placement.js';
import { DEFAULT_ROUTING_INPUT } from '../types.js';

const NONE: readonly number[] = [];

/**
 * Keeps each sector on one connection (`sectors`: ticker → sector, by default the bundled GICS
 * map of `@tickmux/core`). `sectorConnections` pins sectors to connections; the other sectors
 * go whole, largest first, to the connection with the fewest tickers so far. Tickers without a
 * sector, and a sector's overflow past the capacity, go to the least-loaded connection.
 */
export const sectorStrategy: Strategy = {
  create(ctx) {
    const sectors = ctx.input.sectors ?? sectorMap();
    const home = sectorHomes(ctx, sectors);
    return {
      prefer(ticker) {
        const sector = sectors.get(ticker);
        const i = sector === undefined ? undefined : home.get(sector);
        return i === undefined ? NONE : [i];
      },
    };
  },
};

/** Sector → connection index: the pinned ones, then the rest by size onto the lightest connection. */
function sectorHomes(ctx: Context, sectors: ReadonlyMap<string, string>): Map<string, number> {
  const index = new Map(ctx.connections.map((c, i) => [c, i]));
  const pinned = ctx.input.sectorConnections ?? DEFAULT_ROUTING_INPUT.sectorConnections;
  const home = new Map<string, number>();
  const size = new Map<string, number>();
  for (const t of ctx.tickers) {
    const s = sectors.get(t);
    if (s !== undefined) size.set(s, (size.get(s) ?? 0) + 1);
  }
  const planned = new Array<number>(ctx.connections.length).fill(0);
  for (const [s, c] of pinned) {
    const i = index.get(c);
    // A pinned connection that is not live leaves its sector to be placed like the others.
    if (i === undefined || !size.has(s)) continue;
    home.set(s, i);
    planned[i]! += size.get(s)!;
  }
  const rest = [...size].filter(([s]) => !home.has(s));
  rest.sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  for (const [s, count] of rest) {
    let best = 0;
    for (let i = 1; i < planned.length; i++) if (planned[i]! < planned[best]!) best = i;
    home.set(s, best);
    planned[best]! += count;
  }
  return home;
}
