import type { Clock, DecodeIssue, Logger } from '@tickmux/core';
import type { Counters } from './stats.js';

type Kind = 'issues' | 'callbacks';

/**
 * Counts and logs what goes wrong without stopping the stream: malformed frames and callbacks
 * that throw. Logs at most once a second per kind, reporting how many were suppressed meanwhile.
 */
export class Reporter {
  private readonly lastLog = {
    issues: Number.NEGATIVE_INFINITY,
    callbacks: Number.NEGATIVE_INFINITY,
  };
  private readonly suppressed = { issues: 0, callbacks: 0 };

  constructor(
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly counters: Counters,
  ) {}

  issues(issues: readonly DecodeIssue[]): void {
    this.counters.decodeErrors += issues.length;
    this.rateLimited('issues', () =>
      this.logger.warn({ issues: issues.slice(0, 3), count: issues.length }, 'malformed frame'),
    );
  }

  callbackFailed(name: string, err: unknown): void {
    this.counters.callbackErrors++;
    const e = err instanceof Error ? err : new Error(String(err));
    this.rateLimited('callbacks', () =>
      this.logger.error(
        { callback: name, err: e.message, stack: e.stack },
        'callback threw; continuing',
      ),
    );
  }

  private rateLimited(kind: Kind, log: () => void): void {
    const now = this.clock.monotonic();
    if (now - this.lastLog[kind] < 1_000) {
      this.suppressed[kind]++;
      return;
    }
    if (this.suppressed[kind] > 0)
      this.logger.warn({ kind, suppressed: this.suppressed[kind] }, 'similar log lines suppressed');
    this.lastLog[kind] = now;
    this.suppressed[kind] = 0;
    log();
  }
}
