/** Reconnect timing. Pure: the random draw is passed in, so it tests without sockets or timers. */
export interface BackoffPolicy {
  /** Delay before the first retry, ms. @default 1000 (MASSIVE_WEBSOCKET_RECONNECT_DELAY) */
  baseDelayMs: number;
  /** Largest delay, ms. @default 30000 */
  maxDelayMs: number;
  /** Each delay is multiplied by a factor drawn uniformly from [1 - jitter, 1 + jitter]. @default 0.2 */
  jitter: number;
}

/**
 * Delay before retry number `retry` (0 for the first): `base * 2^retry`, capped, with jitter drawn
 * per attempt from `random()` in [0, 1). So 1, 2, 4, 8 s (each +-20 %) with the defaults.
 */
export function backoffDelay(retry: number, policy: BackoffPolicy, random: () => number): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry));
  const factor = 1 - policy.jitter + 2 * policy.jitter * random();
  return Math.max(0, Math.round(exp * factor));
}

/** What to do after a failed attempt or a dropped connection. */
export type RetryDecision = { retry: false } | { retry: true; delayMs: number };
