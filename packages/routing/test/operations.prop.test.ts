import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  addConnection,
  addTickers,
  assign,
  failConnection,
  rebalance,
  removeConnection,
  removeTickers,
  rendezvousRank,
  restore,
  routeHash,
  type Assignment,
  type RoutingChange,
} from '../src/index.js';
import { connectionsArb, normal, rawTickersArb, scenarioArb } from './arbitraries.js';
import { expectPhasesSafe, expectValid } from './invariants.js';

type Op =
  | { kind: 'addTickers'; raw: string[] }
  | { kind: 'removeTickers'; picks: number[] }
  | { kind: 'addConnection' }
  | { kind: 'failConnection' | 'restore' | 'removeConnection'; pick: number }
  | { kind: 'rebalance'; tolerance: number; noise: number[] };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('addTickers' as const), raw: rawTickersArb(20, 12) }),
  fc.record({
    kind: fc.constant('removeTickers' as const),
    picks: fc.array(fc.nat(), { maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant('addConnection' as const) }),
  fc.record({
    kind: fc.constantFrom(
      'failConnection' as const,
      'restore' as const,
      'removeConnection' as const,
    ),
    pick: fc.nat(),
  }),
  fc.record({
    kind: fc.constant('rebalance' as const),
    tolerance: fc.double({ min: 0, max: 1, noNaN: true }),
    noise: fc.array(fc.double({ min: 0.5, max: 2, noNaN: true }), { maxLength: 30 }),
  }),
);

/** Copies each placed critical ticker lacks of min(factor, live). */
function shortfall(a: Assignment, live = a.connections.length): number {
  let n = 0;
  for (const t of a.policy.critical) {
    if (a.has(t)) n += Math.max(0, Math.min(a.policy.factor, live) - a.connectionsFor(t).length);
  }
  return n;
}

/** Max over mean of the per-connection load rebalance balances (rate under load-balanced). */
function imbalance(a: Assignment, stats: ReadonlyMap<string, number> = a.policy.stats): number {
  const mean = stats.size === 0 ? 1 : [...stats.values()].reduce((x, y) => x + y, 0) / stats.size;
  const w = (t: string) => (a.strategy === 'load-balanced' ? (stats.get(t) ?? mean) : 1);
  const loads = a.connections.map((c) => a.tickersOn(c).reduce((s, t) => s + w(t), 0));
  const total = loads.reduce((x, y) => x + y, 0);
  return total <= 0 ? 1 : Math.max(...loads) / (total / loads.length);
}

const subscribes = (c: RoutingChange) => c.plan.moves.filter((m) => m.from === null).length;
const relocations = (c: RoutingChange) =>
  c.plan.moves.filter((m) => m.from !== null && m.to !== null);
const covered = (before: Assignment, after: Assignment, skip: ReadonlySet<string> = new Set()) => {
  for (const [t, on] of before.entries()) {
    if (skip.has(t)) continue;
    // Every copy kept, except a replica cut (the ticker keeps a copy).
    const now = after.connectionsFor(t);
    expect(now.length).toBeGreaterThan(0);
    if (on.some((c) => !now.includes(c) && after.hasConnection(c))) {
      expect(before.policy.critical.has(t)).toBe(true);
    }
  }
};

/** Applies one operation, checks what every operation must hold and its own bound. */
function step(a: Assignment, op: Op, fresh: () => string): Assignment {
  const live = a.connections;
  let change: RoutingChange;
  let gone: string | undefined;
  switch (op.kind) {
    case 'addTickers': {
      const added = normal(op.raw).filter((t) => !a.isWanted(t));
      change = addTickers(a, op.raw);
      covered(a, change.assignment);
      const copies = added.reduce(
        (s, t) => s + Math.min(change.assignment.copiesWanted(t), live.length),
        0,
      );
      expect(subscribes(change)).toBeLessThanOrEqual(copies + a.unplaced.length + shortfall(a));
      expect(relocations(change)).toEqual([]);
      break;
    }
    case 'removeTickers': {
      const wanted = [...a.tickers(), ...a.unplaced];
      const removed = new Set(
        op.picks.filter(() => wanted.length > 0).map((p) => wanted[p % wanted.length]!),
      );
      change = removeTickers(
        a,
        [...removed].map((t) => ` ${t.toLowerCase()}`),
      );
      const drops = change.plan.moves.filter((m) => m.to === null);
      expect(drops.length).toBe([...removed].reduce((s, t) => s + a.connectionsFor(t).length, 0));
      for (const m of drops) expect(removed.has(m.ticker)).toBe(true);
      expect(relocations(change)).toEqual([]);
      expect(subscribes(change)).toBeLessThanOrEqual(a.unplaced.length + shortfall(a));
      covered(a, change.assignment, removed);
      for (const t of removed) expect(change.assignment.isWanted(t)).toBe(false);
      break;
    }
    case 'addConnection': {
      const id = fresh();
      change = addConnection(a, id);
      const after = change.assignment;
      const moved = relocations(change);
      for (const m of moved) expect(m.to).toBe(id);
      const n = after.connections.length;
      const pinned = [...a.tickers()].filter((t) => belongsOn(a, t, id)).length;
      if (a.strategy === 'hash') {
        for (const m of moved) {
          const best = rendezvousRank(m.ticker, after.connections).slice(
            0,
            after.copiesWanted(m.ticker),
          );
          expect(best).toContain(id);
        }
      } else {
        expect(moved.length).toBeLessThanOrEqual(Math.ceil(a.placements / n) + pinned);
      }
      expect(subscribes(change)).toBeLessThanOrEqual(a.unplaced.length + shortfall(a, n));
      break;
    }
    case 'failConnection':
    case 'removeConnection': {
      const target = [...live, ...a.downConnections][
        op.pick % (live.length + a.downConnections.length)
      ];
      if (target === undefined) return a;
      if (op.kind === 'failConnection' && !a.hasConnection(target)) return a;
      change =
        op.kind === 'failConnection' ? failConnection(a, target) : removeConnection(a, target);
      if (op.kind === 'failConnection') gone = target;
      const carried = a.hasConnection(target) ? a.load(target) : 0;
      expect(change.plan.moves.filter((m) => m.from === target)).toHaveLength(carried);
      for (const m of change.plan.moves) {
        if (m.from === target) continue;
        // A replica cut so an orphan (or a ticker left unplaced before) gets a copy.
        expect(m.to).toBeNull();
        expect(change.assignment.has(m.ticker)).toBe(true);
      }
      break;
    }
    case 'restore': {
      const down = a.downConnections;
      if (down.length === 0) return a;
      const back = down[op.pick % down.length]!;
      change = restore(a, back);
      for (const m of relocations(change)) expect(m.to).toBe(back);
      break;
    }
    case 'rebalance': {
      const stats = new Map(
        [...a.tickers()].map((t, i) => [
          t,
          100 * (op.noise[i % Math.max(1, op.noise.length)] ?? 1),
        ]),
      );
      change = rebalance(a, { tolerance: op.tolerance, stats });
      const before = imbalance(a, change.assignment.policy.stats);
      if (before <= 1 + op.tolerance) expect(relocations(change)).toEqual([]);
      expect(imbalance(change.assignment)).toBeLessThanOrEqual(before + 1e-9);
      break;
    }
  }
  expectValid(change.assignment);
  expectPhasesSafe(a, change.assignment, change.plan, gone);
  expect(change.plan.headroom).toBe(0);
  expect(change.unplaced).toEqual(change.assignment.unplaced);
  expect(change.replicationCut).toBe(change.assignment.underReplicated.length > 0);
  return change.assignment;
}

/** True when the strategy places `t` on the new connection whatever the loads (its list, tier or pinned sector). */
function belongsOn(a: Assignment, t: string, id: string): boolean {
  const { policy } = a;
  switch (a.strategy) {
    case 'manual':
      return policy.manual.get(id)?.includes(t) ?? false;
    case 'priority': {
      const tier = policy.tiers.get(t);
      // The new connection is the last slot: deeper tiers go there too.
      return tier !== undefined && tier >= a.connections.length + a.downConnections.length;
    }
    case 'sector': {
      const s = (policy.sectors ?? new Map<string, string>()).get(t);
      return s !== undefined && policy.sectorConnections.get(s) === id;
    }
    case 'round-robin':
    case 'least-loaded':
    case 'load-balanced':
    case 'hash':
      return false;
  }
}

describe('every operation', () => {
  test.prop([scenarioArb, fc.array(opArb, { minLength: 1, maxLength: 8 })])(
    'keeps the rules, its stability bound and a safe phased plan over any sequence',
    ({ strategy, input, spare }, ops) => {
      let a = assign(strategy, input());
      let k = 0;
      const fresh = () => (k++ === 0 ? spare : `conn_new${k}`);
      for (const op of ops) a = step(a, op, fresh);
    },
  );
});

describe('stability', () => {
  test.prop(
    [rawTickersArb(300, 400), connectionsArb(1, 5), fc.stringMatching(/^new_[a-z0-9]{1,6}$/)],
    {
      numRuns: 40,
    },
  )(
    'hash: a new connection takes exactly what a fresh hash assignment gives it',
    (raw, connections, added) => {
      const replication = { symbols: raw.slice(0, 10), factor: 2 };
      const a = routeHash({ tickers: raw, connections, replication });
      const b = addConnection(a, added).assignment;
      expect(
        b.samePlacements(
          routeHash({ tickers: raw, connections: [...connections, added], replication }),
        ),
      ).toBe(true);
    },
  );

  test.prop(
    [
      fc.uniqueArray(fc.stringMatching(/^[A-Z][A-Z0-9]{0,4}$/), {
        minLength: 2000,
        maxLength: 2000,
      }),
      connectionsArb(1, 5),
    ],
    { numRuns: 20 },
  )('hash: a new connection takes about 1/N of the tickers', (tickers, connections) => {
    const { plan } = addConnection(routeHash({ tickers, connections }), 'added');
    for (const m of plan.moves) expect(m.to).toBe('added');
    // Expected share 1/N; 2000 tickers put 0.05 past five standard deviations.
    expect(
      Math.abs(plan.moves.length / tickers.length - 1 / (connections.length + 1)),
    ).toBeLessThan(0.05);
  });

  test.prop([scenarioArb, fc.nat()])(
    'adding then removing a ticker, or failing then restoring a connection, changes nothing else',
    ({ strategy, input }, pick) => {
      const a = assign(strategy, input());
      const added = addTickers(a, ['ZZZZZZ']);
      const removed = removeTickers(added.assignment, ['zzzzzz']).assignment;
      expect(removed.samePlacements(a)).toBe(true);
      const dead = a.connections[pick % a.connections.length]!;
      const back = restore(failConnection(a, dead).assignment, dead).assignment;
      expect(back.samePlacements(a)).toBe(true);
    },
  );
});
