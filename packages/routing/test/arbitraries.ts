import fc from 'fast-check';
import { Assignment, STRATEGY_NAMES, type RoutingInput, type StrategyName } from '../src/index.js';

/** A normalised ticker. */
export const tickerArb = fc.stringMatching(/^[A-Z][A-Z0-9]{0,4}$/);

/** Distinct connection ids, in order. */
export const connectionsArb = (min = 1, max = 6) =>
  fc.uniqueArray(fc.stringMatching(/^conn_[a-z0-9]{1,6}$/), { minLength: min, maxLength: max });

const capacityArb = fc.oneof(
  fc.constant(Number.POSITIVE_INFINITY),
  fc.integer({ min: 1, max: 150 }),
);

/** A map from some of `keys` to values drawn from `value`. */
function partialMap<V>(
  keys: readonly string[],
  value: fc.Arbitrary<V>,
): fc.Arbitrary<Map<string, V>> {
  return fc
    .subarray([...keys])
    .chain((sub) =>
      fc
        .array(value, { minLength: sub.length, maxLength: sub.length })
        .map((vs) => new Map(sub.map((k, i) => [k, vs[i]!]))),
    );
}

/** A routing input with everything any strategy reads, and the strategy to run. */
export const scenarioArb: fc.Arbitrary<{ strategy: StrategyName; input: RoutingInput }> = fc
  .record({
    strategy: fc.constantFrom(...STRATEGY_NAMES),
    tickers: fc.uniqueArray(tickerArb, { maxLength: 200 }),
    connections: connectionsArb(),
    capacity: capacityArb,
    factor: fc.integer({ min: 1, max: 5 }),
  })
  .chain(({ strategy, tickers, connections, capacity, factor }) =>
    fc
      .record({
        critical: fc.subarray(tickers, { maxLength: Math.min(20, tickers.length) }),
        manual: fc.array(
          fc.tuple(fc.constantFrom(...connections, 'not_live'), fc.subarray(tickers)),
          { maxLength: 4 },
        ),
        tiers: partialMap(tickers, fc.nat(6)),
        stats: partialMap(tickers, fc.double({ min: 0, max: 1000, noNaN: true })),
        sectors: partialMap(tickers, fc.constantFrom('s1', 's2', 's3', 's4')),
      })
      .map(({ critical, manual, tiers, stats, sectors }) => ({
        strategy,
        input: {
          tickers,
          connections,
          capacity,
          replication: { symbols: critical, factor },
          manual: new Map(manual),
          tiers,
          stats,
          sectors,
        },
      })),
  );

/** An arbitrary assignment (tickers on 0..3 of up to 4 connections). */
export const assignmentArb: fc.Arbitrary<Assignment> = fc
  .tuple(fc.uniqueArray(tickerArb, { maxLength: 60 }), connectionsArb(1, 4))
  .chain(([tickers, connections]) =>
    fc
      .array(fc.subarray(connections, { maxLength: Math.min(3, connections.length) }), {
        minLength: tickers.length,
        maxLength: tickers.length,
      })
      .map((placements) => {
        const a = new Assignment(connections);
        tickers.forEach((t, i) => placements[i]!.forEach((c) => a.place(t, c)));
        return a;
      }),
  );
