import { InvalidArgumentError, type MassiveEvent } from '@tickmux/core';

/** What to do with an event: deliver it, drop it, or deliver it marked as a correction. */
export type DedupVerdict = 'emit' | 'duplicate' | 'correction';

/** What a source needs from its `Dedup`. */
export interface SourceHooks {
  decide(event: MassiveEvent, slot: number): DedupVerdict;
  clearSlot(slot: number): void;
  release(source: DedupSource): void;
}

/**
 * One connection's entry into a `Dedup`: the hot path (`offer`) without a lookup of the
 * connection, and that connection's own counters. Get it once per connection with
 * `dedup.source(id)`.
 */
export class DedupSource {
  /** Events from this connection that were delivered first (late ones included). */
  emitted = 0;
  /** Events from this connection dropped as duplicates (stale ones included). */
  duplicates = 0;
  /** Corrections this connection delivered first. */
  corrections = 0;
  private gone = false;

  constructor(
    /** The connection id. */
    readonly connection: string,
    /** The slot its bar positions are kept under. */
    readonly slot: number,
    private readonly hooks: SourceHooks,
  ) {}

  /** Decides on one decoded event from this connection. */
  offer(event: MassiveEvent): DedupVerdict {
    if (this.gone) throw new InvalidArgumentError('source', this.connection, 'was released');
    const verdict = this.hooks.decide(event, this.slot);
    if (verdict === 'emit') this.emitted++;
    else if (verdict === 'duplicate') this.duplicates++;
    else this.corrections++;
    return verdict;
  }

  /**
   * Call when this connection opens a new socket: what its previous socket delivered no longer
   * says where the new one stands in a bar's versions.
   */
  newSession(): void {
    if (!this.gone) this.hooks.clearSlot(this.slot);
  }

  /** Unregisters the connection and frees its slot. Idempotent. */
  release(): void {
    if (this.gone) return;
    this.gone = true;
    this.hooks.release(this);
  }

  get released(): boolean {
    return this.gone;
  }
}
