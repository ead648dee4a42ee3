import type { TimerHandle } from '@tickmux/core';
import type { ResolvedCoordinatorOptions } from './coordinator-options.js';
import type { LeaseLostReason } from './errors.js';
import { slotQuietMs } from './lease-campaign.js';
import { LEADER, type HeldSlot } from './slot-lease.js';
import type { TimedRequests } from './timed-requests.js';

/** What the renewal reads from its coordinator. */
export interface RenewalContext {
  readonly o: ResolvedCoordinatorOptions;
  readonly requests: TimedRequests;
  /** The held leases by name. */
  readonly leases: ReadonlyMap<string, HeldSlot>;
  /** True between `start()` and `stop()`. */
  running(): boolean;
  /** Loses every lease whose local deadline passed. */
  sweep(): void;
  lose(name: string, reason: LeaseLostReason): void;
  storeFailed(err: unknown): void;
  /** Redis's time in the store's answer, Unix ms. */
  serverTime(at: number): void;
}

/**
 * The renewal loop: every `renewEveryMs` while any lease is held, all of them renewed in one
 * store request, each deadline pushed to `leaseMs × (1 − driftBound)` after the request was sent;
 * a lease the store refused is lost (`taken`), one whose deadline passed meanwhile too
 * (`expired`); after a failed request the next comes in half the period.
 */
export class LeaseRenewal {
  private timer: TimerHandle | undefined;
  private renewing = false;

  constructor(private readonly x: RenewalContext) {}

  /** Starts the loop unless it runs. */
  ensure(): void {
    if (this.timer === undefined && this.x.running()) this.schedule(this.x.o.renewEveryMs);
  }

  /** Stops the loop (a renewal in flight still completes). */
  stop(): void {
    if (this.timer !== undefined) this.x.o.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(ms: number): void {
    if (this.timer !== undefined) this.x.o.clock.clearTimeout(this.timer);
    this.timer = this.x.o.clock.setTimeout(() => {
      this.timer = undefined;
      void this.renew();
    }, ms);
  }

  private async renew(): Promise<void> {
    if (this.renewing || !this.x.running()) return;
    this.x.sweep();
    const held = [...this.x.leases.values()];
    if (held.length === 0) return;
    this.renewing = true;
    const { o } = this.x;
    const { clock, leaseMs, driftBound, renewEveryMs } = o;
    const sentAt = clock.monotonic();
    let ok = false;
    try {
      const reply = await this.x.requests.run(
        'renew',
        o.store.renew(
          leaseMs,
          held.map((h) => ({
            name: h.name,
            value: h.value,
            quietMs: h.slot === LEADER ? 0 : slotQuietMs(o),
          })),
        ),
      );
      ok = true;
      this.x.serverTime(reply.serverTime);
      held.forEach((h, i) => {
        if (this.x.leases.get(h.name) !== h) return;
        if (reply.renewed[i] !== true) this.x.lose(h.name, 'taken');
        else if (!h.valid()) this.x.lose(h.name, 'expired');
        else h.extend(sentAt + leaseMs * (1 - driftBound));
      });
    } catch (err) {
      this.x.storeFailed(err);
    } finally {
      this.renewing = false;
    }
    if (this.x.running() && this.x.leases.size > 0)
      this.schedule(ok ? renewEveryMs : Math.max(1, Math.floor(renewEveryMs / 2)));
  }
}
