import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  Assignment,
  assign,
  failConnection,
  planRebalance,
  rendezvousRank,
  restore,
  routeHash,
} from '../src/index.js';
import { connectionsArb, rawTickersArb, scenarioArb, tickerArb } from './arbitraries.js';
import { expectPhasesSafe, expectValid } from './invariants.js';
import { loads } from './helpers.js';

const spread = (a: Assignment) => Math.max(...loads(a)) - Math.min(...loads(a));
const placed = (a: Assignment) => new Set(a.tickers());

describe('assign', () => {
  test.prop([scenarioArb])(
    'places every distinct ticker once before any replica and never throws for room',
    ({ strategy, input, tickers }) => {
      const a = assign(strategy, input());
      expectValid(a);
      expect(new Set([...a.tickers(), ...a.unplaced])).toEqual(new Set(tickers));
      expect(a.size + a.unplaced.length).toBe(tickers.length);
      expect(a.connections).toEqual(input().connections);
      const capacity = input().capacity!;
      // Every ticker has its copy when the connections offer a slot each.
      const slots = a.connections.length * capacity;
      expect(a.unplaced).toHaveLength(Math.max(0, tickers.length - slots));
    },
  );

  test.prop([scenarioArb])(
    'is deterministic: two equal inputs (distinct objects) give the same assignment',
    ({ strategy, input }) => {
      expect(assign(strategy, input()).toJSON()).toEqual(assign(strategy, input()).toJSON());
    },
  );

  test.prop([scenarioArb, fc.nat()])(
    'finds each ticker however it is written',
    ({ strategy, input }, pick) => {
      const raw = input().tickers;
      const a = assign(strategy, input());
      if (raw.length === 0) return;
      const t = raw[pick % raw.length]!;
      const n = t.trim().toUpperCase();
      expect(a.connectionsFor(t)).toEqual(a.connectionsFor(n));
      expect(a.connectionFor(t)).toBe(a.connectionFor(n));
    },
  );

  test.prop([
    fc.constantFrom('round-robin' as const, 'least-loaded' as const),
    rawTickersArb(200, 300),
    connectionsArb(),
    fc.integer({ min: 1, max: 4 }),
    fc.nat(30),
  ])(
    'round-robin and least-loaded keep loads within 1',
    (strategy, raw, connections, factor, n) => {
      const replication = { symbols: raw.slice(0, n), factor };
      expect(
        spread(assign(strategy, { tickers: raw, connections, replication })),
      ).toBeLessThanOrEqual(1);
    },
  );

  test.prop([rawTickersArb(), connectionsArb(2, 5), fc.integer({ min: 1, max: 40 }), fc.nat()])(
    'hash does not depend on the order of the tickers, even when capacity binds',
    (raw, connections, capacity, seed) => {
      const shuffled = fc.sample(
        fc.shuffledSubarray(raw, { minLength: raw.length, maxLength: raw.length }),
        {
          seed,
          numRuns: 1,
        },
      )[0]!;
      const a = routeHash({ tickers: raw, connections, capacity });
      const b = routeHash({ tickers: shuffled, connections, capacity });
      expect(b.samePlacements(a)).toBe(true);
      expect(b.unplaced.toSorted()).toEqual(a.unplaced.toSorted());
    },
  );
});

describe('failover', () => {
  test.prop([scenarioArb, fc.nat()])(
    'gives every orphan a copy before any replica, moves only what the dead connection carried',
    ({ strategy, input }, pick) => {
      const a = assign(strategy, input());
      const dead = a.connections[pick % a.connections.length]!;
      const orphans = a.tickersOn(dead);
      const { assignment: b, plan, unplaced } = failConnection(a, dead);
      expectValid(b);
      expectPhasesSafe(a, b, plan, dead);
      expect(plan.headroom).toBe(0);
      // Only the dead connection's tickers move; a survivor loses a copy only as a replica cut
      // to give an orphan its one copy.
      for (const m of plan.moves) {
        if (m.from === dead) continue;
        expect(m.to).toBeNull();
        expect(b.connectionsFor(m.ticker).length).toBeGreaterThan(0);
      }
      expect(plan.moves.filter((m) => m.from === dead)).toHaveLength(orphans.length);
      // No ticker with a live connection and room is left without a copy.
      const survivors = a.connections.length - 1;
      const slots = survivors === 0 ? 0 : survivors * a.capacity;
      const tickers = placed(a).size + a.unplaced.length;
      expect(unplaced).toHaveLength(Math.max(0, tickers - slots));
      expect(
        b
          .displacedFrom(dead)
          .filter((d) => d.from === dead)
          .map((d) => d.ticker),
      ).toEqual(orphans);
    },
  );

  test.prop([scenarioArb, fc.nat()])(
    'fail then restore returns the same placements when nothing else changed',
    ({ strategy, input }, pick) => {
      const a = assign(strategy, input());
      const dead = a.connections[pick % a.connections.length]!;
      const failed = failConnection(a, dead).assignment;
      const { assignment: back, plan } = restore(failed, dead);
      expectValid(back);
      expectPhasesSafe(failed, back, plan);
      expect(plan.headroom).toBe(0);
      expect(back.samePlacements(a)).toBe(true);
      expect(new Set(back.unplaced)).toEqual(new Set(a.unplaced));
      expect(back.connections).toEqual(a.connections);
      expect(back.downConnections).toEqual([]);
    },
  );

  test.prop([scenarioArb, fc.nat(), fc.nat(), fc.boolean()])(
    'restores the replication a cascade of two failures cut, in either order',
    ({ strategy, input }, p1, p2, reverse) => {
      const a = assign(strategy, input());
      if (a.connections.length < 2) return;
      const first = a.connections[p1 % a.connections.length]!;
      const rest = a.connections.filter((c) => c !== first);
      const second = rest[p2 % rest.length]!;
      const down = failConnection(failConnection(a, first).assignment, second).assignment;
      const order = reverse ? [second, first] : [first, second];
      const back = restore(restore(down, order[0]!).assignment, order[1]!).assignment;
      expectValid(back);
      expect([back.size, back.placements, back.unplaced.length]).toEqual([
        a.size,
        a.placements,
        a.unplaced.length,
      ]);
      // With room to spare, every copy is back where it was.
      if (a.capacity === Number.POSITIVE_INFINITY) expect(back.samePlacements(a)).toBe(true);
    },
  );
  test.prop([
    rawTickersArb(200, 300),
    connectionsArb(2, 5),
    fc.nat(),
    fc.integer({ min: 1, max: 3 }),
  ])(
    'hash moves each orphan to its next-best connection and nothing else',
    (raw, connections, pick, factor) => {
      const replication = { symbols: raw.slice(0, 20), factor };
      const a = routeHash({ tickers: raw, connections, replication });
      const dead = connections[pick % connections.length]!;
      const survivors = connections.filter((c) => c !== dead);
      const b = failConnection(a, dead).assignment;
      expect(
        b.samePlacements(routeHash({ tickers: raw, connections: survivors, replication })),
      ).toBe(true);
      for (const t of a.tickersOn(dead)) {
        const best = rendezvousRank(t, survivors).slice(
          0,
          Math.min(b.copiesWanted(t), survivors.length),
        );
        expect(new Set(b.connectionsFor(t))).toEqual(new Set(best));
      }
    },
  );
});

describe('planRebalance', () => {
  test.prop([
    connectionsArb(1, 4).chain((cs) =>
      fc.tuple(
        fc.constant(cs),
        fc.integer({ min: 1, max: 40 }),
        fc.uniqueArray(tickerArb, { maxLength: 40 }),
      ),
    ),
    fc.nat(),
  ])(
    'reaches any target with the fewest moves, in phases within capacity plus the stated headroom',
    ([connections, capacity, tickers], seed) => {
      const arb = fc
        .array(fc.subarray(connections, { maxLength: Math.min(2, connections.length) }), {
          minLength: tickers.length,
          maxLength: tickers.length,
        })
        .map((on) => {
          const record: Record<string, string[]> = Object.fromEntries(
            connections.map((c) => [c, []]),
          );
          tickers.forEach((t, i) =>
            on[i]!.forEach((c) => record[c]!.length < capacity && record[c]!.push(t)),
          );
          return record;
        });
      const [x, y] = fc.sample(arb, { seed, numRuns: 2 });
      const current = Assignment.fromRecord(x!, { capacity });
      const target = Assignment.fromRecord(y!, { capacity });
      const plan = planRebalance(current, target);
      expectPhasesSafe(current, target, plan);
      let minimum = 0;
      for (const t of new Set([...current.tickers(), ...target.tickers()])) {
        const from = current.connectionsFor(t);
        const to = target.connectionsFor(t);
        minimum += Math.max(
          from.filter((c) => !to.includes(c)).length,
          to.filter((c) => !from.includes(c)).length,
        );
      }
      expect(plan.moves).toHaveLength(minimum);
    },
  );
});
