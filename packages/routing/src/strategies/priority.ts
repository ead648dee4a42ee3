import { InvalidArgumentError } from '@tickmux/core';
import type { Strategy } from '../placement.js';
import { DEFAULT_ROUTING_INPUT } from '../types.js';

/**
 * Routes by tier (`tiers`: ticker → 0 for the highest): tier i goes to the i-th connection, tiers
 * past the last connection and tickers without a tier to the last one (premium on connection 1,
 * free tier on connection 3). A full connection spills to the next lower-priority connection,
 * then to higher ones.
 */
export const priorityStrategy: Strategy = {
  create({ connections, input }) {
    const n = connections.length;
    const tiers = input.tiers ?? DEFAULT_ROUTING_INPUT.tiers;
    const spill = Array.from({ length: n }, (_, t) => [
      ...Array.from({ length: n - t }, (_, k) => t + k),
      ...Array.from({ length: t }, (_, k) => t - 1 - k),
    ]);
    return {
      prefer(ticker) {
        const tier = tiers.get(ticker);
        if (tier !== undefined && !(Number.isInteger(tier) && tier >= 0)) {
          throw new InvalidArgumentError(`tiers.${ticker}`, tier, 'must be a whole number >= 0');
        }
        return spill[Math.min(tier ?? n - 1, n - 1)]!;
      },
    };
  },
};
