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
  return jittered(exp, policy.jitter, random);
}

/** `ms` times a factor drawn from [1 - jitter, 1 + jitter], rounded (never negative). */
export function jittered(ms: number, jitter: number, random: () => number): number {
  return Math.max(0, Math.round(ms * (1 - jitter + 2 * jitter * random())));
}

/** What the client knows when an attempt fails or a connection is lost. */
export interface RetryContext {
  /** Failures in the current outage, this one included (the count restarts at authentication). */
  failures: number;
  maxRetries: number;
  /** Backoff step: 0 after a stable connection, growing while attempts fail or connections flap. */
  step: number;
  backoff: BackoffPolicy;
  random: () => number;
  /** A wait the server imposed (`max_connections`), instead of the backoff. */
  retryAfterMs?: number;
  /** How long the circuit breaker still holds attempts, ms. */
  breakerWaitMs: number;
}

export type RetryDecision = { retry: false } | { retry: true; delayMs: number };

/** Give up after `maxRetries` failures in one outage; else wait the backoff (or the server's wait), and never less than the breaker. */
export function retryDecision(c: RetryContext): RetryDecision {
  if (c.failures > c.maxRetries) return { retry: false };
  const delay = c.retryAfterMs ?? backoffDelay(c.step, c.backoff, c.random);
  return { retry: true, delayMs: Math.max(delay, c.breakerWaitMs) };
}
