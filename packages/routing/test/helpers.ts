import { Assignment, type Plan } from '../src/index.js';

/** `T0` .. `T<n-1>`. */
export const tickers = (n: number): string[] => Array.from({ length: n }, (_, i) => `T${i}`);

/** Each live connection's load, in order. */
export const loads = (a: Assignment): number[] => a.connections.map((c) => a.load(c));

/** A plan's phases as plain `[subscribe, unsubscribe]` records, for exact comparison. */
export const phases = (plan: Plan): Record<string, readonly string[]>[][] =>
  plan.phases.map((p) => [Object.fromEntries(p.subscribe), Object.fromEntries(p.unsubscribe)]);

/** A ticker → sector map from each sector's tickers: `sectors({ a: ['A1', 'A2'] })`. */
export const sectors = (bySector: Record<string, string[]>): Map<string, string> =>
  new Map(Object.entries(bySector).flatMap(([s, list]) => list.map((t) => [t, s] as const)));

/** Two critical tickers on both of two full connections, and a third connection with one ticker. */
export const fullWithReplicas = (): Assignment =>
  Assignment.fromRecord(
    { c1: ['A', 'B'], c2: ['A', 'B'], c3: ['C'] },
    { capacity: 2, replication: { symbols: ['A', 'B'], factor: 2 } },
  );
