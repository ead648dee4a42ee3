import type { Draft } from './draft.js';
import type { ConnectionId, Displacement } from './types.js';

/**
 * Updates the records of what failures displaced after `connection` went down (or, when
 * `forget`, was removed for good), so that each record still says where a copy belongs:
 * - a ticker it carried in place of a connection that is down stays that connection's: the record
 *   now points to where the ticker went (`landed`), or to nowhere;
 * - a ticker it carried of its own is recorded under it (unless it is removed for good);
 * - a replica that belongs on it, cut by an earlier failure, becomes its own record;
 * - replicas cut to make room now are recorded under it.
 */
export function recordFailure(
  draft: Draft,
  connection: ConnectionId,
  orphans: readonly string[],
  landed: ReadonlyMap<string, ConnectionId>,
  cut: readonly Displacement[],
  forget = false,
): void {
  const standIns = new Set<string>();
  const belongsHere: Displacement[] = [];
  for (const [down, records] of draft.displaced) {
    let changed = false;
    const next: Displacement[] = [];
    for (const r of records) {
      if (r.from === down && r.to === connection) {
        standIns.add(r.ticker);
        next.push({ ...r, to: landed.get(r.ticker) ?? null });
        changed = true;
      } else if (r.from === connection) {
        belongsHere.push({ ticker: r.ticker, from: connection, to: null });
        changed = true;
      } else next.push(r);
    }
    if (changed) draft.displaced.set(down, Object.freeze(next));
  }
  if (forget) return;
  const own = orphans
    .filter((t) => !standIns.has(t))
    .map((t) => ({ ticker: t, from: connection, to: landed.get(t) ?? null }));
  draft.displaced.set(connection, Object.freeze([...own, ...belongsHere, ...cut]));
}

/**
 * A copy placed while connections are down stands in for the first of them whose record says
 * the ticker belongs there but went nowhere: the record now points to it, so restoring that
 * connection takes the stand-in back.
 */
export function claimStandIn(draft: Draft, ticker: string, connection: ConnectionId): void {
  for (const [down, records] of draft.displaced) {
    const i = records.findIndex((r) => r.ticker === ticker && r.from === down && r.to === null);
    if (i === -1 || down === connection) continue;
    draft.displaced.set(down, Object.freeze(records.with(i, { ...records[i]!, to: connection })));
    return;
  }
}
