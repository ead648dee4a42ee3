import { ErrorCode, TickmuxError } from '@tickmux/core';

/**
 * Where universe keys such as `tech_leaders:top_20` resolve to ticker lists: Redis
 * ({@link RedisUniverseSource}) or the bundled sample ({@link BundledUniverseSource}).
 */
export interface UniverseSource {
  /**
   * The tickers of a universe in their stored order, or undefined when the source does not know
   * the key. Throws {@link UniverseUnavailableError} when the store cannot be reached.
   */
  getUniverse(key: string): Promise<readonly string[] | undefined>;
  /** Every universe key the source knows, sorted. */
  listUniverses(): Promise<readonly string[]>;
  /** Releases whatever the source owns (a Redis connection); idempotent. */
  close(): Promise<void>;
}

/** The universe store could not be read (Redis down, wrong type at a key). */
export class UniverseUnavailableError extends TickmuxError {
  /** The universe being read, if the failure concerns one. */
  readonly universeKey: string | undefined;

  constructor(message: string, universeKey?: string, options?: { cause?: unknown }) {
    super(ErrorCode.UNIVERSE_UNAVAILABLE, message, options);
    this.universeKey = universeKey;
  }
}
