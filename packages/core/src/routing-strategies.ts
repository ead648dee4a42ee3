/**
 * The routing strategy names, shared by `@tickmux/config` (which validates
 * `WEBSOCKET_ROUTING_STRATEGY`) and `@tickmux/routing` (which implements each one), so the two can
 * never disagree.
 */
export const ROUTING_STRATEGIES = [
  'manual',
  'round-robin',
  'least-loaded',
  'load-balanced',
  'priority',
  'sector',
  'hash',
] as const;

export type RoutingStrategyName = (typeof ROUTING_STRATEGIES)[number];
