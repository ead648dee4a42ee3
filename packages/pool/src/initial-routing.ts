import { assign } from '@tickmux/routing';
import type { ResolvedManagerOptions, ResolvedPoolUniverse } from './manager-options.js';
import { RoutingDriver, type DriverContext } from './routing-driver.js';

/** What a fresh routing is built from. */
export interface InitialRoutingContext {
  readonly o: ResolvedManagerOptions;
  /** The manager's connections, in order (only their ids are read). */
  readonly connections: ReadonlyMap<string, unknown>;
  /** The configured channels (every driver starts knowing them). */
  readonly channels: readonly string[];
  readonly driver: DriverContext;
}

/**
 * The routing a manager starts from, and starts over from after `disconnect()`: nothing placed
 * yet, the strategy over the current connections, each connection's configured list pinned
 * (`manual`), and the universe's lists (of known connections) and tiers when it supplies them.
 */
export function initialDriver(
  x: InitialRoutingContext,
  universe: Pick<ResolvedPoolUniverse, 'connections' | 'tiers'> | undefined,
): RoutingDriver {
  const { o } = x;
  const manual = new Map(o.routing.manual ?? []);
  for (const spec of o.connections)
    if (spec.tickers !== undefined && !manual.has(spec.id)) manual.set(spec.id, spec.tickers);
  for (const c of universe?.connections ?? [])
    if (x.connections.has(c.id)) manual.set(c.id, c.tickers);
  const tiers = universe?.tiers ?? o.routing.tiers;
  const assignment = assign(o.strategy, {
    ...o.routing,
    tickers: [],
    connections: [...x.connections.keys()],
    replication: o.replication,
    manual,
    ...(tiers === undefined ? {} : { tiers }),
  });
  const driver = new RoutingDriver(assignment, x.driver);
  for (const c of x.channels) driver.channels.add(c);
  return driver;
}
