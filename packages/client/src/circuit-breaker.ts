import type { Clock } from '@tickmux/core';

/** Circuit-breaker settings. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. @default 5 */
  failureThreshold: number;
  /** First open period, ms; each re-open doubles it. @default 10000 */
  openMs: number;
  /** Longest open period, ms (10 → 20 → 40 → 80 s with the defaults). @default 80000 */
  maxOpenMs: number;
  /** Successes in half-open that close the circuit. @default 3 */
  successThreshold: number;
}

export type CircuitState = 'closed' | 'open' | 'half-open';

/** The breaker as stats show it. */
export interface CircuitSnapshot {
  state: CircuitState;
  consecutiveFailures: number;
  /** Times it has opened since it was last closed (drives the escalation). */
  opens: number;
  /** When an open circuit half-opens, Unix ms; null unless open. */
  retryAt: number | null;
}

/**
 * Protects the server (and the account) from a client hammering it: after `failureThreshold`
 * consecutive failed connects the circuit opens and no attempt is made until it half-opens; a
 * failure while half-open re-opens it for twice as long (capped); `successThreshold` successes
 * while half-open close it and reset the escalation.
 */
export class CircuitBreaker {
  private state: CircuitState = 'closed';
  private failures = 0;
  private successes = 0;
  private opens = 0;
  /** Monotonic ms when an open circuit half-opens (a wall-clock step must not move it). */
  private openUntil = 0;

  constructor(
    private readonly options: CircuitBreakerOptions,
    private readonly clock: Clock,
  ) {}

  /** How long until an attempt is allowed, ms (0 = now). Moves open → half-open when due. */
  msUntilAllowed(): number {
    if (this.state !== 'open') return 0;
    const left = this.openUntil - this.clock.monotonic();
    if (left > 0) return left;
    this.state = 'half-open';
    this.successes = 0;
    return 0;
  }

  recordSuccess(): void {
    this.failures = 0;
    if (this.state === 'half-open' && ++this.successes >= this.options.successThreshold) {
      this.state = 'closed';
      this.opens = 0;
      this.successes = 0;
    }
  }

  recordFailure(): void {
    this.failures++;
    if (
      this.state === 'half-open' ||
      (this.state === 'closed' && this.failures >= this.options.failureThreshold)
    ) {
      this.open();
    }
  }

  snapshot(): CircuitSnapshot {
    this.msUntilAllowed();
    return {
      state: this.state,
      consecutiveFailures: this.failures,
      opens: this.opens,
      retryAt:
        this.state === 'open' ? this.clock.now() + this.openUntil - this.clock.monotonic() : null,
    };
  }

  private open(): void {
    const period = Math.min(this.options.maxOpenMs, this.options.openMs * 2 ** this.opens);
    this.opens++;
    this.state = 'open';
    this.successes = 0;
    this.openUntil = this.clock.monotonic() + period;
  }
}
