import { NO_PREFERENCE, type Strategy } from '../strategy.js';

/**
 * Each copy goes to the connection carrying the fewest tickers (ties: connection order), so loads
 * differ by at most one however many copies critical tickers take.
 */
export const leastLoadedStrategy: Strategy = {
  create: () => ({ prefer: () => NO_PREFERENCE }),
};
