import {
  InvalidArgumentError,
  isValidTicker,
  normaliseTicker,
  normaliseTickers,
} from '@tickmux/core';
import {
  DEFAULT_ROUTING_INPUT,
  STRATEGY_NAMES,
  type ConnectionId,
  type RoutingOptions,
  type StrategyName,
} from './types.js';

/**
 * A validated, normalised {@link RoutingOptions} with its strategy: what an {@link Assignment}
 * keeps so that every operation on it follows the same rules. Frozen; ticker keys normalised.
 */
export interface RoutingPolicy {
  readonly strategy: StrategyName;
  readonly capacity: number;
  /** Connections per critical ticker (the configured factor, before any cut). */
  readonly factor: number;
  /** The critical tickers, normalised, in the order given. */
  readonly critical: ReadonlySet<string>;
  readonly stats: ReadonlyMap<string, number>;
  readonly manual: ReadonlyMap<ConnectionId, readonly string[]>;
  readonly tiers: ReadonlyMap<string, number>;
  /** undefined: the bundled GICS map of `@tickmux/core`. */
  readonly sectors: ReadonlyMap<string, string> | undefined;
  readonly sectorConnections: ReadonlyMap<string, ConnectionId>;
}

/** Validates the strategy and options; throws `INVALID_ARGUMENT`/`INVALID_TICKER` naming the field. */
export function createPolicy(strategy: StrategyName, options: RoutingOptions): RoutingPolicy {
  if (!(STRATEGY_NAMES as readonly string[]).includes(strategy)) {
    throw new InvalidArgumentError(
      'strategy',
      strategy,
      `unknown routing strategy; expected one of ${STRATEGY_NAMES.join(', ')}`,
    );
  }
  const d = DEFAULT_ROUTING_INPUT;
  const replication = options.replication ?? d.replication;
  // Each strategy's own fields are checked and normalised; the others are not read at all.
  const reads = (s: StrategyName) => strategy === s;
  return Object.freeze({
    strategy,
    capacity: assertLimit('capacity', options.capacity ?? d.capacity),
    factor: assertLimit('replication.factor', replication.factor, false),
    critical: new Set(normaliseTickers(replication.symbols, 'replication.symbols')),
    stats: reads('load-balanced') ? validStats(options.stats ?? d.stats) : d.stats,
    manual: reads('manual')
      ? new Map(
          [...(options.manual ?? d.manual)].map(([c, list]) => [
            c,
            Object.freeze(normaliseTickers(list, `manual.${c}`)),
          ]),
        )
      : d.manual,
    tiers: reads('priority')
      ? tickerKeys(options.tiers ?? d.tiers, 'tiers', (tier, field) => {
          if (!(Number.isInteger(tier) && tier >= 0)) {
            throw new InvalidArgumentError(field, tier, 'must be a whole number >= 0');
          }
        })
      : d.tiers,
    sectors:
      reads('sector') && options.sectors !== undefined
        ? tickerKeys(options.sectors, 'sectors', (sector, field) => {
            if (typeof sector !== 'string' || sector === '') {
              throw new InvalidArgumentError(field, sector, 'must be a non-empty sector name');
            }
          })
        : undefined,
    sectorConnections: reads('sector')
      ? (options.sectorConnections ?? d.sectorConnections)
      : d.sectorConnections,
  });
}

/** The policy with other observed rates (for `rebalance`). */
export function withStats(
  policy: RoutingPolicy,
  stats: ReadonlyMap<string, number>,
): RoutingPolicy {
  return Object.freeze({ ...policy, stats: validStats(stats) });
}

function validStats(stats: ReadonlyMap<string, number>): ReadonlyMap<string, number> {
  return tickerKeys(stats, 'stats', (rate, field) => {
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0) {
      throw new InvalidArgumentError(field, rate, 'must be a finite rate >= 0');
    }
  });
}

/**
 * The map with its keys normalised (`aapl` → `AAPL`) and each value checked, naming `<field>.<key>`.
 * Returns the map itself when every key is already normal, so a large map is not copied.
 */
function tickerKeys<V>(
  map: ReadonlyMap<string, V>,
  field: string,
  check: (value: V, field: string) => void,
): ReadonlyMap<string, V> {
  let normal = true;
  for (const [key, value] of map) {
    check(value, `${field}.${key}`);
    if (typeof key !== 'string' || !isValidTicker(key)) normal = false;
  }
  if (normal) return map;
  const out = new Map<string, V>();
  for (const [key, value] of map) {
    const ticker = normaliseTicker(key, field);
    if (!out.has(ticker)) out.set(ticker, value);
  }
  return out;
}

/** Checks a count limit: a whole number >= 1, or Infinity where `unbounded` allows it. */
export function assertLimit(field: string, value: number, unbounded = true): number {
  const ok =
    (Number.isInteger(value) && value >= 1) || (unbounded && value === Number.POSITIVE_INFINITY);
  if (!ok) {
    const expected = unbounded ? 'a whole number >= 1 or Infinity' : 'a whole number >= 1';
    throw new InvalidArgumentError(field, value, `must be ${expected}`);
  }
  return value;
}

/** Checks connection ids: non-empty strings, none twice; `field` names the list. */
export function validConnections(
  connections: readonly ConnectionId[],
  field = 'connections',
): readonly ConnectionId[] {
  const seen = new Set<string>();
  connections.forEach((c, i) => {
    if (typeof c !== 'string' || c === '') {
      throw new InvalidArgumentError(`${field}[${i}]`, c, 'must be a non-empty string');
    }
    if (seen.has(c)) throw new InvalidArgumentError(`${field}[${i}]`, c, 'listed twice');
    seen.add(c);
  });
  return connections;
}
