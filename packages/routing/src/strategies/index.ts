import type { Strategy } from '../strategy.js';
import type { StrategyName } from '../types.js';
import { hashStrategy } from './hash.js';
import { leastLoadedStrategy } from './least-loaded.js';
import { loadBalancedStrategy } from './load-balanced.js';
import { manualStrategy } from './manual.js';
import { priorityStrategy } from './priority.js';
import { roundRobinStrategy } from './round-robin.js';
import { sectorStrategy } from './sector.js';

/** Every strategy by its name. */
export const STRATEGIES: Readonly<Record<StrategyName, Strategy>> = {
  manual: manualStrategy,
  'round-robin': roundRobinStrategy,
  'least-loaded': leastLoadedStrategy,
  'load-balanced': loadBalancedStrategy,
  priority: priorityStrategy,
  sector: sectorStrategy,
  hash: hashStrategy,
};
