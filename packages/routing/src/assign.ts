import { normaliseTickers } from '@tickmux/core';
import type { Assignment } from './assignment.js';
import { Draft } from './draft.js';
import { fill } from './fill.js';
import { createPolicy, validConnections } from './policy.js';
import type { RoutingInput, StrategyName } from './types.js';

/**
 * Routes tickers over connections with the named strategy: a pure function of its input (same
 * input, same assignment; no randomness, no clock). Every ticker gets one copy before any
 * critical ticker gets a replica; what does not fit is reported in `unplaced` (and replicas cut in
 * `underReplicated`), never thrown. The assignment keeps the strategy and options, so the
 * incremental operations (`addTickers`, `failConnection`, ...) follow them. Throws
 * `INVALID_ARGUMENT`/`INVALID_TICKER` naming the field for bad input only.
 */
export function assign(strategy: StrategyName, input: RoutingInput): Assignment {
  const policy = createPolicy(strategy, input);
  const draft = Draft.empty(policy, validConnections(input.connections));
  const tickers = normaliseTickers(input.tickers, 'tickers');
  fill(draft, tickers, { fresh: true });
  return draft.finish();
}

/** `manual`: each connection its own list. */
export const routeManual = (input: RoutingInput): Assignment => assign('manual', input);
/** `round-robin`: tickers dealt in turn. */
export const routeRoundRobin = (input: RoutingInput): Assignment => assign('round-robin', input);
/** `least-loaded`: each ticker to the connection with the fewest tickers. */
export const routeLeastLoaded = (input: RoutingInput): Assignment => assign('least-loaded', input);
/** `load-balanced`: balances observed message rate. */
export const routeLoadBalanced = (input: RoutingInput): Assignment =>
  assign('load-balanced', input);
/** `priority`: tier i on connection i. */
export const routePriority = (input: RoutingInput): Assignment => assign('priority', input);
/** `sector`: each sector kept on one connection. */
export const routeSector = (input: RoutingInput): Assignment => assign('sector', input);
/** `hash`: rendezvous hashing. */
export const routeHash = (input: RoutingInput): Assignment => assign('hash', input);
