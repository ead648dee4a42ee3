export { Assignment } from './assignment.js';
export {
  assign,
  routeManual,
  routeRoundRobin,
  routeLeastLoaded,
  routeLoadBalanced,
  routePriority,
  routeSector,
  routeHash,
} from './assign.js';
export { addTickers, removeTickers, DEFAULT_ADD_TICKERS_OPTIONS } from './tickers.js';
export type { AddTickersOptions } from './tickers.js';
export { addConnection, failConnection, removeConnection } from './connections.js';
export { restore } from './restore.js';
export { rebalance, DEFAULT_REBALANCE_OPTIONS } from './rebalance.js';
export type { RebalanceOptions } from './rebalance.js';
export type { RoutingChange } from './change.js';
export { planRebalance, applyPlan } from './plan.js';
export { connectionsNeeded, DEFAULT_CONNECTIONS_NEEDED_OPTIONS } from './capacity.js';
export type { ConnectionsNeeded, ConnectionsNeededOptions } from './capacity.js';
export { hashString, rendezvousRank } from './hash.js';
export { UnknownConnectionError } from './errors.js';
export type { RoutingPolicy } from './policy.js';
export { STRATEGY_NAMES, DEFAULT_ROUTING_INPUT } from './types.js';
export type {
  ConnectionId,
  StrategyName,
  Replication,
  RoutingOptions,
  RoutingInput,
  Move,
  Phase,
  Plan,
  Displacement,
} from './types.js';
