import type { Draft } from './draft.js';
import { claimStandIn } from './displaced.js';
import { pick } from './strategy.js';
import { STRATEGIES } from './strategies/index.js';
import type { ConnectionId, Displacement } from './types.js';

/** Called for each copy `fill` places. */
export type OnPlace = (ticker: string, connection: ConnectionId) => void;

/** Options of {@link fill}. */
export interface FillOptions {
  onPlace?: OnPlace;
  /**
   * The batch holds distinct tickers not wanted yet (a new assignment, added tickers): they are
   * not checked one by one, and those that find no room become unplaced. @default false
   */
  fresh?: boolean;
}

/**
 * Gives each wanted ticker of the batch the copies it lacks, by the assignment's strategy, under
 * the one rule for room that every operation shares: first a copy for every ticker that has none,
 * then replicas with what is left. If there is less room than tickers without a copy, spare
 * replicas (copies past a ticker's first) are cut to make room. What still does not fit stays
 * unplaced; nothing throws for being full. Returns the replicas it cut.
 */
export function fill(
  draft: Draft,
  batch: readonly string[],
  { onPlace, fresh = false }: FillOptions = {},
): Displacement[] {
  const need = fresh ? batch : stillNeeding(draft, batch);
  if (need.length === 0) return [];
  if (draft.live.length === 0) {
    if (fresh) for (const t of need) draft.want(t);
    return [];
  }
  const { critical } = draft.policy;
  let urgent = 0; // critical tickers in the batch
  if (critical.size > 0) for (const t of need) if (critical.has(t)) urgent++;
  const strategy = STRATEGIES[draft.policy.strategy];
  const ordered = strategy.order?.(draft, need) ?? need;
  let pendingFirst = fresh ? ordered.length : 0;
  if (!fresh) for (const t of ordered) if (draft.copies(t) === 0) pendingFirst++;
  let room = freeRoom(draft);
  const cut = room < pendingFirst ? cutReplicas(draft, pendingFirst - room) : [];
  room += cut.length;

  const chooser = strategy.create(draft, ordered);
  const put = (t: string, first: boolean): boolean => {
    const i = pick(draft, t, chooser.prefer(t, first), first);
    if (i === -1) return false;
    if (first) draft.placeFirst(t, i);
    else draft.place(t, i);
    chooser.placed?.(t, i);
    onPlace?.(t, draft.live[i]!);
    room--;
    return true;
  };
  const one = (t: string): void => {
    let have = fresh ? 0 : draft.copies(t);
    if (have === 0) {
      pendingFirst--;
      if (!put(t, true)) {
        if (fresh) draft.want(t);
        return;
      }
      have = 1;
    }
    // A replica only from room no ticker without a copy still needs.
    const want = draft.target(t);
    while (have < want && room - 1 >= pendingFirst && put(t, false)) have++;
  };
  // Critical tickers first, in the order the replication lists them (so when room is short the
  // first listed keep their replicas, and a replica cut and restored returns to the same one):
  // each needs several distinct connections, easiest while all have room.
  if (urgent > 0) for (const t of criticalFirst(draft, ordered)) one(t);
  if (urgent < ordered.length)
    for (const t of ordered) if (urgent === 0 || !critical.has(t)) one(t);
  return cut;
}

/**
 * Places what the assignment still lacks: unplaced tickers first, then replicas of critical
 * tickers short of copies, wherever there is room. Every operation ends with it, so room an
 * operation frees is used and replication lost earlier comes back when it can.
 */
export function settle(draft: Draft): Displacement[] {
  const batch = [...draft.unplaced];
  for (const t of draft.policy.critical) {
    const copies = draft.copies(t);
    if (copies > 0 && copies < draft.target(t)) batch.push(t);
  }
  if (batch.length === 0) return [];
  const claim =
    draft.displaced.size === 0
      ? undefined
      : (t: string, c: ConnectionId) => claimStandIn(draft, t, c);
  return fill(draft, batch, { onPlace: claim });
}

/** The wanted tickers of the batch that lack copies, each once. */
function stillNeeding(draft: Draft, batch: readonly string[]): string[] {
  const need: string[] = [];
  for (const t of new Set(batch)) {
    if (draft.isWanted(t) && draft.copies(t) < draft.target(t)) need.push(t);
  }
  return need;
}

/** The batch's critical tickers, in the order the replication lists them. */
function criticalFirst(draft: Draft, batch: readonly string[]): string[] {
  const { critical } = draft.policy;
  const listed = batch.filter((t) => critical.has(t));
  if (listed.length < 2) return listed;
  const rank = new Map<string, number>();
  let i = 0;
  for (const t of critical) rank.set(t, i++);
  return listed.sort((a, b) => rank.get(a)! - rank.get(b)!);
}

function freeRoom(draft: Draft): number {
  let room = 0;
  for (const load of draft.loads) room += Math.max(0, draft.policy.capacity - load);
  return room;
}

/**
 * Cuts up to `count` spare copies (a ticker's last copy past its first), one per ticker in turn,
 * latest critical tickers first, to make room for tickers that have none.
 */
function cutReplicas(draft: Draft, count: number): Displacement[] {
  const spare = [...draft.policy.critical].reverse().filter((t) => draft.copies(t) > 1);
  if (spare.length < count) {
    for (const [t, on] of draft.placed())
      if (on.length > 1 && !draft.policy.critical.has(t)) spare.push(t);
  }
  const cut: Displacement[] = [];
  while (cut.length < count && spare.length > 0) {
    for (const t of [...spare]) {
      if (cut.length === count) break;
      const on = draft.copiesOf(t);
      const from = on[on.length - 1]!;
      draft.unplace(t, from);
      cut.push({ ticker: t, from, to: null });
      if (on.length - 1 <= 1) spare.splice(spare.indexOf(t), 1);
    }
  }
  return cut;
}
