import { InvalidArgumentError } from '@tickmux/core';
import type { Assignment } from './assignment.js';
import { place, type Strategy } from './placement.js';
import { hashStrategy } from './strategies/hash.js';
import { leastLoadedStrategy } from './strategies/least-loaded.js';
import { loadBalancedStrategy } from './strategies/load-balanced.js';
import { manualStrategy } from './strategies/manual.js';
import { priorityStrategy } from './strategies/priority.js';
import { roundRobinStrategy } from './strategies/round-robin.js';
import { sectorStrategy } from './strategies/sector.js';
import { STRATEGY_NAMES, type RoutingInput, type StrategyName } from './types.js';

const BY_NAME: Readonly<Record<StrategyName, Strategy>> = {
  manual: manualStrategy,
  'round-robin': roundRobinStrategy,
  'least-loaded': leastLoadedStrategy,
  'load-balanced': loadBalancedStrategy,
  priority: priorityStrategy,
  sector: sectorStrategy,
  hash: hashStrategy,
};

/**
 * Routes tickers over connections with the named strategy: a pure function of its input (same
 * input, same assignment; no randomness, no clock). See {@link RoutingInput} for what each
 * strategy reads, and the README for the capacity and replication rules shared by all.
 */
export function assign(strategy: StrategyName, input: RoutingInput): Assignment {
  if (!Object.hasOwn(BY_NAME, strategy)) {
    throw new InvalidArgumentError(
      'strategy',
      strategy,
      `unknown routing strategy; expected one of ${STRATEGY_NAMES.join(', ')}`,
    );
  }
  return place(BY_NAME[strategy], input);
}

/** `manual`: each connection its own list. */
export const routeManual = (input: RoutingInput): Assignment => place(manualStrategy, input);
/** `round-robin`: tickers dealt in turn. */
export const routeRoundRobin = (input: RoutingInput): Assignment =>
  place(roundRobinStrategy, input);
/** `least-loaded`: each ticker to the connection with the fewest tickers. */
export const routeLeastLoaded = (input: RoutingInput): Assignment =>
  place(leastLoadedStrategy, input);
/** `load-balanced`: balances observed message rate. */
export const routeLoadBalanced = (input: RoutingInput): Assignment =>
  place(loadBalancedStrategy, input);
/** `priority`: tier i on connection i. */
export const routePriority = (input: RoutingInput): Assignment => place(priorityStrategy, input);
/** `sector`: each sector kept on one connection. */
export const routeSector = (input: RoutingInput): Assignment => place(sectorStrategy, input);
/** `hash`: rendezvous hashing. */
export const routeHash = (input: RoutingInput): Assignment => place(hashStrategy, input);
