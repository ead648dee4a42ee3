import { expect } from 'vitest';
import type { Assignment, ConnectionId, Plan } from '../src/index.js';

/**
 * What every assignment must satisfy: each copy within the capacity, on distinct live connections,
 * the two indexes agreeing; a wanted ticker placed or unplaced, never both; replicas only for
 * critical tickers, never more than the factor; and the one rule for room: a ticker is unplaced
 * only if every live connection is full and no ticker has a spare copy, and a critical ticker is
 * short of copies only if every live connection without it is full.
 */
export function expectValid(a: Assignment): void {
  const { capacity } = a;
  const live = a.connections;
  let copies = 0;
  for (const c of live) {
    expect(a.load(c)).toBeLessThanOrEqual(capacity);
    for (const t of a.tickersOn(c)) expect(a.connectionsFor(t)).toContain(c);
    copies += a.load(c);
  }
  expect(copies).toBe(a.placements);
  let spare = false;
  for (const [t, on] of a.entries()) {
    expect(Object.isFrozen(on)).toBe(true);
    expect(new Set(on).size).toBe(on.length);
    for (const c of on) expect(a.tickersOn(c)).toContain(t);
    expect(on.length).toBeLessThanOrEqual(Math.max(1, Math.min(a.copiesWanted(t), live.length)));
    if (on.length > 1) spare = true;
    const short = on.length < Math.min(a.copiesWanted(t), live.length);
    if (short) for (const c of live) if (!on.includes(c)) expect(a.room(c)).toBe(0);
  }
  for (const t of a.unplaced) expect(a.has(t)).toBe(false);
  if (a.unplaced.length > 0) {
    for (const c of live) expect(a.room(c)).toBe(0);
    expect(spare).toBe(false);
  }
  expect(a.underReplicated).toEqual(
    [...a.policy.critical].filter((t) => a.has(t) && a.connectionsFor(t).length < a.policy.factor),
  );
}

/** Live copies per ticker, as a mutable map. */
function copiesOf(a: Assignment, without?: ConnectionId): Map<string, Set<ConnectionId>> {
  const out = new Map<string, Set<ConnectionId>>();
  for (const [t, on] of a.entries()) {
    const live = on.filter((c) => c !== without);
    if (live.length > 0) out.set(t, new Set(live));
  }
  return out;
}

/**
 * Applies the plan's phases to `before` (without the `gone` connection, whose subscriptions are
 * lost) as a pool would: each phase's subscribes, then its unsubscribes. Checks that no connection
 * ever carries more than the capacity plus the plan's headroom, that a ticker with a copy before
 * and after has one at every step, and that the phases end exactly at `after`.
 */
export function expectPhasesSafe(
  before: Assignment,
  after: Assignment,
  plan: Plan,
  gone?: ConnectionId,
): void {
  const state = copiesOf(before, gone);
  const loads = new Map<ConnectionId, number>();
  for (const c of before.connections) if (c !== gone) loads.set(c, before.load(c));
  for (const c of after.connections) if (!loads.has(c)) loads.set(c, 0);
  const keep = [...state.keys()].filter((t) => after.has(t));
  const limit = after.capacity + plan.headroom;
  for (const { subscribe, unsubscribe } of plan.phases) {
    for (const [c, tickers] of subscribe) {
      for (const t of tickers) {
        const on = state.get(t) ?? new Set();
        expect(on.has(c)).toBe(false);
        on.add(c);
        state.set(t, on);
        loads.set(c, loads.get(c)! + 1);
      }
      expect(loads.get(c)!).toBeLessThanOrEqual(limit);
    }
    for (const [c, tickers] of unsubscribe) {
      for (const t of tickers) {
        const on = state.get(t)!;
        expect(on.delete(c)).toBe(true);
        loads.set(c, loads.get(c)! - 1);
        if (on.size === 0) state.delete(t);
      }
    }
    for (const t of keep) expect(state.has(t)).toBe(true);
  }
  const want = copiesOf(after);
  expect(new Set(state.keys())).toEqual(new Set(want.keys()));
  for (const [t, on] of want) expect(state.get(t)).toEqual(on);
}
