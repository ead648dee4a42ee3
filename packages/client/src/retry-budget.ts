import type { TickmuxError } from '@tickmux/core';
import { retryDecision, type RetryDecision } from './backoff.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { MaxConnectionsError } from './errors.js';
import type { ResolvedClientOptions } from './options.js';

/**
 * What the retry loop remembers between attempts. The retry budget (`maxRetries`) is per outage:
 * it restarts at each authentication, so a client that ran for hours never dies of one blip.
 * Flapping is tracked apart from it: a connection shorter than `stableAfterMs` keeps the backoff
 * growing and counts as a circuit-breaker failure, so the breaker is the brake on a link that
 * authenticates and drops again and again.
 */
export class RetryBudget {
  readonly breaker: CircuitBreaker;
  /** Failures in the current outage. */
  failures = 0;
  private step = 0;
  private hadSession = false;

  constructor(private readonly o: ResolvedClientOptions) {
    this.breaker = new CircuitBreaker(o.circuitBreaker, o.clock);
  }

  /** A fresh `connect()`. */
  reset(): void {
    this.failures = 0;
    this.step = 0;
    this.hadSession = false;
  }

  /** Authenticated: the outage is over. Returns whether this re-established a lost connection. */
  authenticated(): boolean {
    this.failures = 0;
    const again = this.hadSession;
    this.hadSession = true;
    return again;
  }

  /** A connection stayed up a full `stableAfterMs`: the flap streak ends, the breaker sees a success. */
  stable(): void {
    this.step = 0;
    this.breaker.recordSuccess();
  }

  /**
   * Counts a failure (an attempt that did not authenticate, a connection lost after `upMs`) and
   * decides: retry after a delay, or give up. `breaker: false` for failures the server never saw.
   */
  failed(err: TickmuxError, upMs: number, breaker: boolean): RetryDecision {
    const { stableAfterMs, maxRetries, backoff, random } = this.o;
    if (breaker && upMs < stableAfterMs) this.breaker.recordFailure();
    this.failures++;
    const maxConnections = err instanceof MaxConnectionsError;
    const decision = retryDecision({
      failures: this.failures,
      maxRetries,
      step: this.step,
      backoff,
      random,
      breakerWaitMs: this.breaker.msUntilAllowed(),
      ...(maxConnections ? { retryAfterMs: err.retryAfterMs } : {}),
    });
    if (decision.retry && !maxConnections) this.step++;
    return decision;
  }
}
