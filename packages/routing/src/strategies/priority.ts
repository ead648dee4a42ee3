import type { Draft } from '../draft.js';
import { NO_PREFERENCE, type Strategy } from '../strategy.js';

/**
 * Routes by tier (`tiers`: ticker → 0 for the highest): tier i goes to the i-th connection (slot,
 * live or down), tiers past the last to the last one: premium on connection 1, free tier on 3. A
 * full or failed connection spills to the next lower-priority live one, then to higher ones.
 * Tickers without a tier go to the least-loaded connection.
 */
export const priorityStrategy: Strategy = {
  create(draft) {
    const spill = spills(draft);
    const { tiers } = draft.policy;
    return {
      prefer(ticker) {
        const tier = tiers.get(ticker);
        return tier === undefined ? NO_PREFERENCE : spill[Math.min(tier, spill.length - 1)]!;
      },
    };
  },
  home(draft) {
    const { tiers } = draft.policy;
    const last = draft.slots.length - 1;
    return (ticker) => {
      const tier = tiers.get(ticker);
      if (tier === undefined) return undefined;
      const i = draft.live.indexOf(draft.slots[Math.min(tier, last)]!);
      return i === -1 ? NO_PREFERENCE : [i];
    };
  },
};

/** For each slot, the live indices to try: that slot, lower-priority ones, then higher ones. */
function spills(draft: Draft): (readonly number[])[] {
  const { slots, live } = draft;
  const liveIndex = slots.map((c) => live.indexOf(c));
  return slots.map((_, s) =>
    [
      ...Array.from({ length: slots.length - s }, (_, k) => s + k),
      ...Array.from({ length: s }, (_, k) => s - 1 - k),
    ]
      .map((slot) => liveIndex[slot]!)
      .filter((i) => i !== -1),
  );
}
