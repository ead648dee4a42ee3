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
export { planRebalance, applyPlan, groupMoves } from './rebalance.js';
export type { ConnectionChanges } from './rebalance.js';
export { reassign, DEFAULT_REASSIGN_OPTIONS } from './failover.js';
export type { ReassignOptions, Failover } from './failover.js';
export { connectionsNeeded, DEFAULT_CONNECTIONS_NEEDED_OPTIONS } from './capacity.js';
export type { ConnectionsNeededOptions } from './capacity.js';
export { hashString, rendezvousRank } from './hash.js';
export { CapacityExceededError, NoConnectionsError, UnknownConnectionError } from './errors.js';
export { STRATEGY_NAMES, DEFAULT_ROUTING_INPUT } from './types.js';
export type {
  ConnectionId,
  StrategyName,
  Replication,
  RoutingInput,
  Move,
  RebalancePlan,
} from './types.js';
