import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { Assignment } from '../src/index.js';
import {
  applyPlan,
  assign,
  CapacityExceededError,
  connectionsNeeded,
  planRebalance,
  reassign,
  routeHash,
  type RoutingInput,
} from '../src/index.js';
import { assignmentArb, connectionsArb, scenarioArb, tickerArb } from './arbitraries.js';

const loadsOf = (a: Assignment) => a.connections.map((c) => a.load(c));
const spread = (a: Assignment) => Math.max(...loadsOf(a)) - Math.min(...loadsOf(a));

/** Slots the tickers need with their replicas, as placement counts them. */
function slots(input: RoutingInput): { needed: number; copies: number; critical: number } {
  const critical = new Set(input.replication?.symbols ?? []).size;
  const copies = Math.min(input.replication?.factor ?? 2, input.connections.length);
  return { needed: input.tickers.length + critical * (copies - 1), copies, critical };
}

describe('routing properties', () => {
  test.prop([scenarioArb])(
    'puts every ticker on exactly min(r, live) distinct connections if critical, else one, within capacity',
    ({ strategy, input }) => {
      const { needed, copies, critical } = slots(input);
      const capacity = input.capacity ?? Number.POSITIVE_INFINITY;
      let a: Assignment;
      try {
        a = assign(strategy, input);
      } catch (err) {
        expect(err).toBeInstanceOf(CapacityExceededError);
        // Only an over-full input, or finding r distinct connections near full, may fail; and
        // round-robin and least-loaded never fail on an input that fits.
        const fits = needed <= input.connections.length * capacity;
        if (strategy === 'round-robin' || strategy === 'least-loaded') expect(fits).toBe(false);
        else expect(!fits || (critical > 0 && copies > 1)).toBe(true);
        return;
      }
      const criticalSet = new Set(input.replication!.symbols);
      expect(a.size).toBe(input.tickers.length);
      for (const t of input.tickers) {
        const on = a.connectionsFor(t);
        expect(new Set(on).size).toBe(on.length);
        expect(on.length).toBe(criticalSet.has(t) ? copies : 1);
      }
      for (const c of a.connections) expect(a.load(c)).toBeLessThanOrEqual(capacity);
      expect(a.connections).toEqual(input.connections);
    },
  );

  test.prop([scenarioArb])(
    'is deterministic: the same input gives the same assignment',
    ({ strategy, input }) => {
      const run = () => {
        try {
          return assign(strategy, input).toJSON();
        } catch (err) {
          return (err as Error).message;
        }
      };
      expect(run()).toEqual(run());
    },
  );

  test.prop([
    fc.constantFrom('round-robin' as const, 'least-loaded' as const),
    fc.uniqueArray(tickerArb, { maxLength: 300 }),
    connectionsArb(),
    fc.integer({ min: 1, max: 4 }),
    fc.nat(30),
  ])(
    'round-robin and least-loaded keep loads within 1 of each other',
    (strategy, tickers, connections, factor, criticalCount) => {
      const replication = { symbols: tickers.slice(0, criticalCount), factor };
      expect(spread(assign(strategy, { tickers, connections, replication }))).toBeLessThanOrEqual(
        1,
      );
    },
  );

  test.prop([
    fc.uniqueArray(tickerArb, { maxLength: 300 }),
    connectionsArb(2, 6),
    fc.nat(),
    fc.integer({ min: 1, max: 3 }),
  ])('hash moves only the removed connection tickers', (tickers, connections, pick, factor) => {
    const removed = connections[pick % connections.length]!;
    const replication = { symbols: tickers.slice(0, 20), factor };
    const before = routeHash({ tickers, connections, replication });
    const after = routeHash({
      tickers,
      connections: connections.filter((c) => c !== removed),
      replication,
    });
    for (const move of planRebalance(before, after).moves) expect(move.from).toBe(removed);
    for (const t of tickers) {
      const kept = before.connectionsFor(t).filter((c) => c !== removed);
      expect(after.connectionsFor(t)).toEqual(expect.arrayContaining(kept));
    }
  });

  test.prop(
    [
      fc.uniqueArray(tickerArb, { minLength: 2000, maxLength: 2000 }),
      connectionsArb(1, 6),
      fc.stringMatching(/^new_[a-z0-9]{1,6}$/),
    ],
    { numRuns: 20 },
  )(
    'hash moves about 1/N of the tickers, all to the added connection',
    (tickers, connections, added) => {
      const before = routeHash({ tickers, connections });
      const after = routeHash({ tickers, connections: [...connections, added] });
      const { moves } = planRebalance(before, after);
      for (const move of moves) expect(move.to).toBe(added);
      // Expected share 1/N; 2000 tickers put 0.05 well past five standard deviations.
      expect(Math.abs(moves.length / tickers.length - 1 / (connections.length + 1))).toBeLessThan(
        0.05,
      );
    },
  );

  test.prop([assignmentArb, assignmentArb])(
    'applying a plan reaches its target, with the fewest moves, and planning again yields none',
    (current, target) => {
      const plan = planRebalance(current, target);
      const next = applyPlan(current, plan);
      expect(next.samePlacements(target)).toBe(true);
      expect(planRebalance(next, target).moves).toEqual([]);
      let minimum = 0;
      for (const t of new Set([...current.tickers(), ...target.tickers()])) {
        const from = current.connectionsFor(t);
        const to = target.connectionsFor(t);
        const leaving = from.filter((c) => !to.includes(c)).length;
        const joining = to.filter((c) => !from.includes(c)).length;
        minimum += Math.max(leaving, joining);
      }
      expect(plan.moves).toHaveLength(minimum);
    },
  );

  test.prop([
    fc.uniqueArray(tickerArb, { minLength: 1, maxLength: 400 }),
    fc.integer({ min: 1, max: 200 }),
    fc.constantFrom('round-robin' as const, 'least-loaded' as const),
  ])(
    'opens the fewest connections the capacity allows and fills them evenly',
    (tickers, capacity, strategy) => {
      const n = connectionsNeeded(tickers, { capacity });
      expect(n).toBe(Math.ceil(tickers.length / capacity));
      const connections = Array.from({ length: n }, (_, i) => `connection_${i + 1}`);
      const a = assign(strategy, { tickers, connections, capacity });
      expect(spread(a)).toBeLessThanOrEqual(1);
      for (const load of loadsOf(a)) expect(load).toBeLessThanOrEqual(capacity);
    },
  );

  test('200 tickers with capacity 100 take 2 connections, 100 each', () => {
    const tickers = Array.from({ length: 200 }, (_, i) => `S${i}`);
    const n = connectionsNeeded(tickers, { capacity: 100, maxConnections: 3 });
    const connections = ['connection_1', 'connection_2', 'connection_3'].slice(0, n);
    expect(loadsOf(assign('least-loaded', { tickers, connections, capacity: 100 }))).toEqual([
      100, 100,
    ]);
  });

  test.prop([scenarioArb, fc.nat()])(
    'failover moves only the dead connection tickers and keeps every copy it can',
    ({ strategy, input }, pick) => {
      let current: Assignment;
      try {
        current = assign(strategy, { ...input, capacity: Number.POSITIVE_INFINITY });
      } catch {
        return; // no connections for the tickers: nothing to fail over
      }
      const dead = input.connections[pick % input.connections.length]!;
      const { assignment, plan, unplaced } = reassign(current, dead);
      const survivors = input.connections.length - 1;
      for (const move of plan.moves) expect(move.from).toBe(dead);
      for (const t of current.tickers()) {
        const before = current.connectionsFor(t);
        if (!before.includes(dead)) expect(assignment.connectionsFor(t)).toEqual(before);
        else expect(assignment.connectionsFor(t)).toHaveLength(Math.min(before.length, survivors));
      }
      expect(unplaced).toEqual(survivors === 0 ? current.tickersOn(dead) : []);
    },
  );
});
