import fc from 'fast-check';
import { Assignment, STRATEGY_NAMES, type RoutingInput, type StrategyName } from '../src/index.js';

/** A normalised ticker. */
export const tickerArb = fc.stringMatching(/^[A-Z][A-Z0-9]{0,4}$/);

/** The same ticker as a caller might write it: any case, padded with spaces. */
export const rawTickerArb = (ticker: string): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.array(fc.boolean(), { minLength: ticker.length, maxLength: ticker.length }),
      fc.constantFrom('', ' ', '  '),
      fc.constantFrom('', ' ', '\t'),
    )
    .map(
      ([lower, before, after]) =>
        before + [...ticker].map((ch, i) => (lower[i] ? ch.toLowerCase() : ch)).join('') + after,
    );

/** What a ticker list normalises to: trimmed, upper case, first occurrence kept. */
export const normal = (raw: readonly string[]): string[] => [
  ...new Set(raw.map((t) => t.trim().toUpperCase())),
];

/**
 * A ticker list as callers send it: drawn with repeats from a pool of distinct tickers, each
 * written in any case with spaces around it.
 */
export const rawTickersArb = (maxPool = 120, maxLength = 160): fc.Arbitrary<string[]> =>
  fc
    .uniqueArray(tickerArb, { maxLength: maxPool })
    .chain((pool) =>
      pool.length === 0
        ? fc.constant([])
        : fc
            .array(fc.constantFrom(...pool), { maxLength })
            .chain((picks) =>
              picks.length === 0 ? fc.constant([]) : fc.tuple(...picks.map(rawTickerArb)),
            ),
    );

/** Distinct connection ids, in order. */
export const connectionsArb = (min = 1, max = 5) =>
  fc.uniqueArray(fc.stringMatching(/^conn_[a-z0-9]{1,4}$/), { minLength: min, maxLength: max });

/** A capacity that often binds: from 1 to a little over an even share, sometimes unlimited. */
export const capacityArb = (tickers: number, connections: number): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant(Number.POSITIVE_INFINITY) },
    {
      weight: 4,
      arbitrary: fc.integer({
        min: 1,
        max: Math.max(1, Math.ceil((tickers * 1.3) / connections) + 2),
      }),
    },
  );

/** A map from some of `keys` (written any way) to values drawn from `value`. */
function partialMap<V>(
  keys: readonly string[],
  value: fc.Arbitrary<V>,
): fc.Arbitrary<Map<string, V>> {
  return fc
    .subarray([...keys])
    .chain((sub) =>
      fc.tuple(
        sub.length === 0 ? fc.constant([]) : fc.tuple(...sub.map(rawTickerArb)),
        fc.array(value, { minLength: sub.length, maxLength: sub.length }),
      ),
    )
    .map(([ks, vs]) => new Map(ks.map((k, i) => [k, vs[i]!])));
}

/** A generated routing scenario: the strategy and how to build its input (twice, if asked). */
export interface Scenario {
  strategy: StrategyName;
  /** A fresh input object each call, equal each time. */
  input: () => RoutingInput;
  /** The normalised, distinct tickers. */
  tickers: string[];
  /** The name `manual` and `sectorConnections` use for a connection that is not there yet. */
  spare: string;
}

/** Every strategy with everything it reads, raw tickers with repeats and a capacity that binds. */
export const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    strategy: fc.constantFrom(...STRATEGY_NAMES),
    raw: rawTickersArb(),
    connections: connectionsArb(),
    factor: fc.integer({ min: 1, max: 4 }),
  })
  .chain(({ strategy, raw, connections, factor }) => {
    const tickers = normal(raw);
    const spare = 'conn_spare';
    return fc
      .record({
        capacity: capacityArb(tickers.length, connections.length),
        critical: fc.subarray(raw, { maxLength: Math.min(12, raw.length) }),
        manual: fc.array(fc.tuple(fc.constantFrom(...connections, spare), fc.subarray(raw)), {
          maxLength: 4,
        }),
        tiers: partialMap(tickers, fc.nat(6)),
        stats: partialMap(tickers, fc.double({ min: 0, max: 1000, noNaN: true })),
        sectors: partialMap(tickers, fc.constantFrom('s1', 's2', 's3', 's4')),
        pins: fc.array(
          fc.tuple(fc.constantFrom('s1', 's2', 's3'), fc.constantFrom(...connections, spare)),
          {
            maxLength: 2,
          },
        ),
      })
      .map(({ capacity, critical, manual, tiers, stats, sectors, pins }) => ({
        strategy,
        tickers,
        spare,
        input: () => ({
          tickers: [...raw],
          connections: [...connections],
          capacity,
          replication: { symbols: [...critical], factor },
          manual: new Map(manual.map(([c, list]) => [c, [...list]])),
          tiers: new Map(tiers),
          stats: new Map(stats),
          sectors: new Map(sectors),
          sectorConnections: new Map(pins),
        }),
      }));
  });

/** An arbitrary assignment (tickers on 0..3 of up to 4 connections). */
export const assignmentArb = (connections: readonly string[]): fc.Arbitrary<Assignment> =>
  fc
    .uniqueArray(tickerArb, { maxLength: 40 })
    .chain((tickers) =>
      fc
        .array(fc.subarray([...connections], { maxLength: Math.min(3, connections.length) }), {
          minLength: tickers.length,
          maxLength: tickers.length,
        })
        .map((placements) => {
          const record: Record<string, string[]> = Object.fromEntries(
            connections.map((c) => [c, []]),
          );
          tickers.forEach((t, i) => placements[i]!.forEach((c) => record[c]!.push(t)));
          return record;
        }),
    )
    .map((record) => Assignment.fromRecord(record));
