import type { TimerHandle } from '@tickmux/core';
import type { CoordinatorEvents, LeaderlessInterval } from './coordinator-events.js';
import type { ResolvedCoordinatorOptions } from './coordinator-options.js';
import type { LeaseLostReason } from './errors.js';
import type { HaRole } from './ha-status.js';
import { leaseValue, parseLeaseValue } from './lease-value.js';
import type { Listeners } from './listeners.js';
import { HeldSlot, LEADER } from './slot-lease.js';
import type { TimedRequests } from './timed-requests.js';

/** What the campaign reads from its coordinator. */
export interface CampaignContext {
  readonly o: ResolvedCoordinatorOptions;
  /** This incarnation's name in the leases. */
  readonly owner: string;
  readonly requests: TimedRequests;
  readonly events: Listeners<CoordinatorEvents>;
  /** The held leases by name (`'leader'` or the slot number); an acquired lease is added. */
  readonly leases: Map<string, HeldSlot>;
  /** The latest lease of each slot (for its release quiet); an acquired slot lease is recorded. */
  readonly latest: Map<number, HeldSlot>;
  /** True between `start()` and `stop()`. */
  running(): boolean;
  /** Loses every lease whose local deadline passed. */
  sweep(): void;
  lose(name: string, reason: LeaseLostReason): void;
  /** An acquired lease's deadline timer fired. */
  expired(h: HeldSlot): void;
  /** Releases a lease in the store in the background (one acquired but not kept). */
  trackRelease(h: HeldSlot): void;
  /** A lease is held now: renewal must run. */
  ensureRenewing(): void;
  setRole(role: HaRole): void;
  storeFailed(err: unknown): void;
}

/** The quiet a slot's lease leaves behind when it ends unreleased: the lease, then the zombie hold. */
export function slotQuietMs(o: Pick<ResolvedCoordinatorOptions, 'leaseMs' | 'zombieMs'>): number {
  return o.leaseMs + o.zombieMs;
}

/**
 * Acquisition and takeover: passes run on a timer until nothing is missing. Leader mode takes the
 * leader lease, then every slot, each only once its quiet (lease + zombie hold since the previous
 * holder's last renewal) has passed, and reports the leaderless interval once it holds them all;
 * share mode takes free slots up to ⌈N / live instances⌉ and gives up a surplus, reporting each
 * slot taken over uncovered.
 */
export class LeaseCampaign {
  /** Redis's time in the store's last answer (acquisition or renewal), Unix ms. */
  lastServerTime = 0;
  private timer: TimerHandle | undefined;
  private at = Number.POSITIVE_INFINITY;
  private campaigning = false;
  private again = false;
  private leaderlessFrom: number | null = null;

  constructor(private readonly x: CampaignContext) {}

  /** Runs a pass in `ms` (or sooner, if one is already due sooner). */
  schedule(ms: number): void {
    if (!this.x.running()) return;
    const at = this.x.o.clock.monotonic() + ms;
    if (this.timer !== undefined && this.at <= at) return;
    this.clear();
    this.at = at;
    this.timer = this.x.o.clock.setTimeout(() => {
      this.timer = undefined;
      this.at = Number.POSITIVE_INFINITY;
      void this.campaign();
    }, ms);
  }

  clear(): void {
    if (this.timer !== undefined) this.x.o.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.at = Number.POSITIVE_INFINITY;
  }

  /** The leader lease is gone: the interval since the previous leader is no longer ours to report. */
  leaderLost(): void {
    this.leaderlessFrom = null;
  }

  private async campaign(): Promise<void> {
    if (this.campaigning) {
      this.again = true;
      return;
    }
    this.campaigning = true;
    this.x.sweep();
    let next: number;
    try {
      next = this.x.o.mode === 'leader' ? await this.campaignLeader() : await this.campaignShare();
    } catch (err) {
      this.x.o.logger.error({ err }, 'lease campaign failed');
      next = this.x.o.pollMs;
    } finally {
      this.campaigning = false;
    }
    if (this.again) {
      this.again = false;
      next = 0;
    }
    if (next < Number.POSITIVE_INFINITY) this.schedule(next);
  }

  /** One pass of leader mode; returns when to try again (Infinity: nothing missing). */
  private async campaignLeader(): Promise<number> {
    const { leases, o } = this.x;
    if (!leases.has(LEADER)) {
      const wait = await this.tryAcquire(LEADER, 0);
      if (!leases.has(LEADER)) return wait;
    }
    let next = Number.POSITIVE_INFINITY;
    for (let slot = 1; slot <= o.slots && this.x.running(); slot++) {
      this.x.sweep();
      if (!leases.has(LEADER)) return o.pollMs;
      if (leases.has(String(slot))) continue;
      next = Math.min(next, await this.tryAcquire(String(slot), slotQuietMs(o)));
    }
    if (this.heldSlots() === o.slots && this.leaderlessFrom !== null && this.x.running()) {
      const from = this.leaderlessFrom;
      this.leaderlessFrom = null;
      this.x.events.emit('leaderless', { from, to: this.lastServerTime });
    }
    return next;
  }

  /** One pass of share mode: take free slots up to ⌈N / live instances⌉, give up any surplus. */
  private async campaignShare(): Promise<number> {
    const { leases, o } = this.x;
    let members: number;
    try {
      members = await this.x.requests.run('join', o.store.join(this.x.owner, o.leaseMs));
    } catch (err) {
      this.x.storeFailed(err);
      return o.pollMs;
    }
    const cap = Math.ceil(o.slots / Math.max(1, members));
    let held = this.heldSlots();
    if (held > cap) {
      const surplus = [...leases.values()]
        .filter((h) => h.slot !== LEADER)
        .sort((a, b) => (b.slot as number) - (a.slot as number))[0];
      if (surplus !== undefined) this.x.lose(surplus.name, 'rebalanced');
      return o.pollMs;
    }
    for (let slot = 1; slot <= o.slots && held < cap && this.x.running(); slot++) {
      if (leases.has(String(slot))) continue;
      await this.tryAcquire(String(slot), slotQuietMs(o));
      held = this.heldSlots();
    }
    return o.pollMs;
  }

  /** One acquisition attempt; returns how long to wait before the next one, ms. */
  private async tryAcquire(name: string, quietMs: number): Promise<number> {
    const { o, leases, owner } = this.x;
    const { leaseMs, pollMs, clock } = o;
    const sentAt = clock.monotonic();
    const bootQuietMs = o.bootQuiet ? leaseMs + o.zombieMs : 0;
    // Leader mode: a slot is only kept under the leader lease it was asked for under.
    const leader = o.mode === 'leader' && name !== LEADER ? leases.get(LEADER) : undefined;
    let result;
    try {
      result = await this.x.requests.run(
        'acquire',
        o.store.acquire({ name, owner, leaseMs, quietMs, bootQuietMs }),
      );
    } catch (err) {
      this.x.storeFailed(err);
      return pollMs;
    }
    this.lastServerTime = result.serverTime;
    if (result.kind === 'quiet') return Math.min(pollMs, result.ttlMs + 1);
    let token: number;
    let ttlMs = leaseMs;
    let uncovered: LeaderlessInterval | undefined;
    if (result.kind === 'held') {
      const holder = parseLeaseValue(result.holder);
      // Our own lease from an earlier request that timed out here but ran in the store: adopt it.
      if (holder?.owner !== owner) return Math.min(pollMs, result.ttlMs + 1);
      token = holder.token;
      ttlMs = result.ttlMs;
    } else {
      token = result.token;
      if (name === LEADER) this.leaderlessFrom = result.previousSeen;
      else if (o.mode === 'share' && result.previousSeen !== null)
        uncovered = { from: result.previousSeen, to: result.serverTime };
    }
    const held = new HeldSlot(
      clock,
      name,
      name === LEADER ? LEADER : Number(name),
      token,
      leaseValue(token, owner),
      sentAt + ttlMs * (1 - o.driftBound),
      (h) => this.x.expired(h),
    );
    const orphan = leader !== undefined && (leases.get(LEADER) !== leader || !leader.valid());
    if (!this.x.running() || !held.valid() || orphan) {
      held.socket = 'clean'; // no socket was opened under it
      held.end(this.x.running() ? 'expired' : 'stopped');
      this.x.trackRelease(held);
      return pollMs;
    }
    leases.set(name, held);
    o.logger.info({ lease: name, token }, 'lease acquired');
    this.x.ensureRenewing();
    if (held.slot === LEADER) this.x.setRole('leader');
    else {
      this.x.latest.set(held.slot, held);
      this.x.events.emit('acquired', held.slot, held);
      if (uncovered !== undefined) this.x.events.emit('uncovered', held.slot, uncovered);
    }
    return pollMs;
  }

  private heldSlots(): number {
    let n = 0;
    for (const h of this.x.leases.values()) if (h.slot !== LEADER) n++;
    return n;
  }
}
