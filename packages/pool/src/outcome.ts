/** What a sequence window or a bar history makes of an event: one of {@link Outcome}. */
export type Outcome = (typeof Outcome)[keyof typeof Outcome];

/** Small integers, so the hot path compares numbers and allocates nothing. */
export const Outcome = {
  /** Above every number seen: new, in order. */
  New: 0,
  /** Inside the window and not seen: new, but later than a larger one. */
  Late: 1,
  /** Seen before: a duplicate. */
  Seen: 2,
  /** At or below the window's floor, or from an earlier trading day: too old to judge. */
  Stale: 3,
  /** A bar window seen before, with new content: a correction. */
  Correction: 4,
} as const;
