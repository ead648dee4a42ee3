import type { TimerHandle } from '@tickmux/core';
import {
  newIncarnation,
  resolveCoordinatorOptions,
  type LeaseCoordinatorOptions,
  type ResolvedCoordinatorOptions,
} from './coordinator-options.js';
import {
  CoordinatorClosedError,
  FencedError,
  LeaseLostError,
  type LeaseLostReason,
} from './errors.js';
import type { LeaseStore } from './lease-store.js';
import { leaseValue, parseLeaseValue } from './lease-value.js';
import { haStatus, type HaRole, type HaStatus } from './ha-status.js';
import { Listeners } from './listeners.js';
import { HeldSlot, type SlotLease } from './slot-lease.js';
import { TimedRequests } from './timed-requests.js';

export type { HaRole, HaStatus };

/** A stretch of store time (Unix ms) in which no instance streamed the account's tickers. */
export interface LeaderlessInterval {
  /** The previous leader's last renewal (it may have streamed a little past it). */
  readonly from: number;
  /** When this instance held every slot again (its sockets open after this). */
  readonly to: number;
}

/** What a coordinator reports; `on(event, listener)` returns a function that removes the listener. */
export interface CoordinatorEvents {
  /** A slot lease was acquired: a socket may be opened for it now (check `lease.valid()`). */
  acquired: (slot: number, lease: SlotLease) => void;
  /** A slot lease was lost: close its socket at once. */
  lost: (slot: number, reason: LeaseLostReason) => void;
  role: (role: HaRole, previous: HaRole) => void;
  /** Leader mode: this instance took over; the interval without a leader, for one gap per ticker. */
  leaderless: (interval: LeaderlessInterval) => void;
  /**
   * Share mode: this instance took a slot over; the interval in which nobody held it (from its
   * previous holder's last renewal), for one gap per ticker routed to that slot.
   */
  uncovered: (slot: number, interval: LeaderlessInterval) => void;
}

const LEADER = 'leader';

/**
 * Leases on an account's N connection slots, in a {@link LeaseStore} (Redis), so that several
 * tickmux processes share one account without kicking each other's sockets. A socket is opened
 * only while its slot's lease is held and closed the moment it is lost (`lost`, `lease.signal`).
 *
 * Leader mode: the instance holding the `leader` lease acquires every slot; the others stand by
 * and take over once its leases expired and the vendor's zombie hold has passed since its last
 * renewal (the store's quiet period). Share mode: each instance holds at most ⌈N / live
 * instances⌉ slots. With the store unreachable, leases are kept until their local deadline
 * (`leaseMs × (1 − driftBound)` after the last renewal was sent), then lost.
 */
export class LeaseCoordinator {
  readonly owner: string;
  private readonly o: ResolvedCoordinatorOptions;
  private readonly store: LeaseStore;
  private readonly events: Listeners<CoordinatorEvents>;
  private readonly leases = new Map<string, HeldSlot>();
  /** The latest lease of each slot, kept after it ended until its socket closed (release quiet). */
  private readonly latest = new Map<number, HeldSlot>();
  private readonly requests: TimedRequests;
  private readonly releases = new Set<Promise<void>>();
  private currentRole: HaRole = 'idle';
  private running = false;
  private stopping: Promise<void> | undefined;
  private campaignTimer: TimerHandle | undefined;
  private campaignAt = Number.POSITIVE_INFINITY;
  private campaigning = false;
  private campaignAgain = false;
  private renewTimer: TimerHandle | undefined;
  private renewing = false;
  private leaderlessFrom: number | null = null;
  private lastServerTime = 0;
  private storeErrors = 0;
  private lastStoreError: string | null = null;

  constructor(options: LeaseCoordinatorOptions) {
    this.o = resolveCoordinatorOptions(options);
    this.store = this.o.store;
    this.owner = `${this.o.instanceId}#${newIncarnation()}`;
    this.events = new Listeners<CoordinatorEvents>(this.o.logger);
    this.requests = new TimedRequests(this.o.clock, this.o.requestTimeoutMs);
  }

  get options(): Readonly<ResolvedCoordinatorOptions> {
    return this.o;
  }

  get role(): HaRole {
    return this.currentRole;
  }

  on<E extends keyof CoordinatorEvents>(event: E, listener: CoordinatorEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  /** Starts campaigning for the slots. Idempotent; throws `HA_CLOSED` after `stop()`. */
  start(): void {
    if (this.stopping !== undefined) throw new CoordinatorClosedError();
    if (this.running) return;
    this.running = true;
    this.setRole(this.o.mode === 'leader' ? 'standby' : 'member');
    this.scheduleCampaign(0);
  }

  /** The slot's lease if held and valid now (its local deadline checked). */
  lease(slot: number): SlotLease | undefined {
    const held = this.leases.get(String(slot));
    return held?.valid() === true ? held : undefined;
  }

  /** The leader lease if held and valid now (leader mode). */
  leaderLease(): SlotLease | undefined {
    const held = this.leases.get(LEADER);
    return held?.valid() === true ? held : undefined;
  }

  /** True when the slot's lease is held and its local deadline has not passed. */
  holds(slot: number): boolean {
    return this.lease(slot) !== undefined;
  }

  /** The slot's socket was opened (its lease then stays quiet for `zombieMs` when released). */
  socketOpened(slot: number): void {
    this.latest.get(slot)?.setSocket('open');
  }

  /**
   * The slot's socket closed. After a close handshake (`wasClean`, not `abandoned`) the slot is
   * released without a quiet period; otherwise the vendor may still count the socket for `zombieMs`.
   */
  socketClosed(slot: number, info: { wasClean: boolean; abandoned: boolean }): void {
    this.latest.get(slot)?.setSocket(info.wasClean && !info.abandoned ? 'clean' : 'unclean');
  }

  /**
   * Runs a Redis command only while this instance holds the lease, the fencing token compared in
   * Redis atomically with the write: `keys` then `args` follow the command. Leader mode fences on
   * the leader lease, share mode on `slot`. Throws `HA_LEASE_LOST` (locally expired) or
   * `HA_FENCED` (Redis refused the token).
   */
  async fencedCall(
    command: string,
    keys: readonly string[],
    args: readonly (string | number)[],
    slot?: number,
  ): Promise<unknown> {
    const name = slot === undefined ? LEADER : String(slot);
    const held = this.leases.get(name);
    if (held === undefined) throw new LeaseLostError(slot ?? LEADER, 'expired');
    held.assertValid();
    const reply = await this.requests.run(
      'fenced write',
      this.store.fenced({ name, value: held.value }, command, keys, args),
    );
    if (!reply.ok) {
      this.lose(name, 'taken');
      throw new FencedError(held.slot, held.token);
    }
    return reply.result;
  }

  status(): HaStatus {
    return haStatus({
      now: this.o.clock.now(),
      instanceId: this.o.instanceId,
      mode: this.o.mode,
      role: this.currentRole,
      slotsTotal: this.o.slots,
      slots: [...this.leases.values()].filter((h) => h.slot !== LEADER && h.valid()),
      leader: this.leaderLease(),
      storeErrors: this.storeErrors,
      lastStoreError: this.lastStoreError,
    });
  }

  /**
   * Stops: every lease is lost (`lost` with `'stopped'`), then, once each slot's socket reported
   * its close (or after `stopGraceMs`), released in the store (compare-and-delete), leaving the
   * zombie quiet unless the socket closed cleanly. Idempotent; every timer released.
   */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    this.running = false;
    this.clearCampaign();
    if (this.renewTimer !== undefined) this.o.clock.clearTimeout(this.renewTimer);
    this.renewTimer = undefined;
    const held = [...this.leases.values()];
    const slots = held.filter((h) => h.slot !== LEADER);
    for (const h of slots) this.drop(h, 'stopped');
    await Promise.all(slots.map((h) => this.release(h)));
    for (const h of held.filter((x) => x.slot === LEADER)) {
      this.drop(h, 'stopped');
      await this.release(h);
    }
    while (this.releases.size > 0) await Promise.all([...this.releases]);
    if (this.o.mode === 'share') {
      await this.requests.run('leave', this.store.leave(this.owner)).catch(() => undefined);
    }
    this.requests.cancelAll();
    this.setRole('stopped');
    this.latest.clear();
    this.events.clear();
  }

  // --- acquisition -------------------------------------------------------------------------

  private scheduleCampaign(ms: number): void {
    if (!this.running) return;
    const at = this.o.clock.monotonic() + ms;
    if (this.campaignTimer !== undefined && this.campaignAt <= at) return;
    this.clearCampaign();
    this.campaignAt = at;
    this.campaignTimer = this.o.clock.setTimeout(() => {
      this.campaignTimer = undefined;
      this.campaignAt = Number.POSITIVE_INFINITY;
      void this.campaign();
    }, ms);
  }

  private clearCampaign(): void {
    if (this.campaignTimer !== undefined) this.o.clock.clearTimeout(this.campaignTimer);
    this.campaignTimer = undefined;
    this.campaignAt = Number.POSITIVE_INFINITY;
  }

  private async campaign(): Promise<void> {
    if (this.campaigning) {
      this.campaignAgain = true;
      return;
    }
    this.campaigning = true;
    this.sweep();
    let next: number;
    try {
      next = this.o.mode === 'leader' ? await this.campaignLeader() : await this.campaignShare();
    } catch (err) {
      this.o.logger.error({ err }, 'lease campaign failed');
      next = this.o.pollMs;
    } finally {
      this.campaigning = false;
    }
    if (this.campaignAgain) {
      this.campaignAgain = false;
      next = 0;
    }
    if (next < Number.POSITIVE_INFINITY) this.scheduleCampaign(next);
  }

  /** One pass of leader mode; returns when to try again (Infinity: nothing missing). */
  private async campaignLeader(): Promise<number> {
    if (!this.leases.has(LEADER)) {
      const wait = await this.tryAcquire(LEADER, 0);
      if (!this.leases.has(LEADER)) return wait;
    }
    let next = Number.POSITIVE_INFINITY;
    for (let slot = 1; slot <= this.o.slots && this.running; slot++) {
      this.sweep();
      if (!this.leases.has(LEADER)) return this.o.pollMs;
      if (this.leases.has(String(slot))) continue;
      next = Math.min(next, await this.tryAcquire(String(slot), this.slotQuietMs()));
    }
    if (this.heldSlots() === this.o.slots && this.leaderlessFrom !== null && this.running) {
      const from = this.leaderlessFrom;
      this.leaderlessFrom = null;
      this.events.emit('leaderless', { from, to: this.lastServerTime });
    }
    return next;
  }

  /** One pass of share mode: take free slots up to ⌈N / live instances⌉, give up any surplus. */
  private async campaignShare(): Promise<number> {
    let members: number;
    try {
      members = await this.requests.run('join', this.store.join(this.owner, this.o.leaseMs));
    } catch (err) {
      this.storeFailed(err);
      return this.o.pollMs;
    }
    const cap = Math.ceil(this.o.slots / Math.max(1, members));
    let held = this.heldSlots();
    if (held > cap) {
      const surplus = [...this.leases.values()]
        .filter((h) => h.slot !== LEADER)
        .sort((a, b) => (b.slot as number) - (a.slot as number))[0];
      if (surplus !== undefined) this.lose(surplus.name, 'rebalanced');
      return this.o.pollMs;
    }
    for (let slot = 1; slot <= this.o.slots && held < cap && this.running; slot++) {
      if (this.leases.has(String(slot))) continue;
      await this.tryAcquire(String(slot), this.slotQuietMs());
      held = this.heldSlots();
    }
    return this.o.pollMs;
  }

  private slotQuietMs(): number {
    return this.o.leaseMs + this.o.zombieMs;
  }

  /** One acquisition attempt; returns how long to wait before the next one, ms. */
  private async tryAcquire(name: string, quietMs: number): Promise<number> {
    const { leaseMs, pollMs, clock } = this.o;
    const sentAt = clock.monotonic();
    const bootQuietMs = this.o.bootQuiet ? leaseMs + this.o.zombieMs : 0;
    // Leader mode: a slot is only kept under the leader lease it was asked for under.
    const leader =
      this.o.mode === 'leader' && name !== LEADER ? this.leases.get(LEADER) : undefined;
    let result;
    try {
      result = await this.requests.run(
        'acquire',
        this.store.acquire({ name, owner: this.owner, leaseMs, quietMs, bootQuietMs }),
      );
    } catch (err) {
      this.storeFailed(err);
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
      if (holder?.owner !== this.owner) return Math.min(pollMs, result.ttlMs + 1);
      token = holder.token;
      ttlMs = result.ttlMs;
    } else {
      token = result.token;
      if (name === LEADER) this.leaderlessFrom = result.previousSeen;
      else if (this.o.mode === 'share' && result.previousSeen !== null)
        uncovered = { from: result.previousSeen, to: result.serverTime };
    }
    const held = new HeldSlot(
      clock,
      name,
      name === LEADER ? LEADER : Number(name),
      token,
      leaseValue(token, this.owner),
      sentAt + ttlMs * (1 - this.o.driftBound),
      (h) => this.expired(h),
    );
    const orphan = leader !== undefined && (this.leases.get(LEADER) !== leader || !leader.valid());
    if (!this.running || !held.valid() || orphan) {
      held.socket = 'clean'; // no socket was opened under it
      held.end(this.running ? 'expired' : 'stopped');
      this.trackRelease(held);
      return pollMs;
    }
    this.leases.set(name, held);
    this.o.logger.info({ lease: name, token }, 'lease acquired');
    this.ensureRenewing();
    if (held.slot === LEADER) this.setRole('leader');
    else {
      this.latest.set(held.slot, held);
      this.events.emit('acquired', held.slot, held);
      if (uncovered !== undefined) this.events.emit('uncovered', held.slot, uncovered);
    }
    return pollMs;
  }

  // --- renewal -----------------------------------------------------------------------------

  private ensureRenewing(): void {
    if (this.renewTimer === undefined && this.running) this.scheduleRenew(this.o.renewEveryMs);
  }

  private scheduleRenew(ms: number): void {
    if (this.renewTimer !== undefined) this.o.clock.clearTimeout(this.renewTimer);
    this.renewTimer = this.o.clock.setTimeout(() => {
      this.renewTimer = undefined;
      void this.renew();
    }, ms);
  }

  /** A lease whose deadline passed is lost now, even if its timer has not run yet (a pause). */
  private sweep(): void {
    for (const h of [...this.leases.values()]) if (!h.valid()) this.lose(h.name, 'expired');
  }

  private async renew(): Promise<void> {
    if (this.renewing || !this.running) return;
    this.sweep();
    const held = [...this.leases.values()];
    if (held.length === 0) return;
    this.renewing = true;
    const { clock, leaseMs, driftBound, renewEveryMs } = this.o;
    const sentAt = clock.monotonic();
    let ok = false;
    try {
      const reply = await this.requests.run(
        'renew',
        this.store.renew(
          leaseMs,
          held.map((h) => ({
            name: h.name,
            value: h.value,
            quietMs: h.slot === LEADER ? 0 : this.slotQuietMs(),
          })),
        ),
      );
      ok = true;
      this.lastServerTime = reply.serverTime;
      held.forEach((h, i) => {
        if (this.leases.get(h.name) !== h) return;
        if (reply.renewed[i] !== true) this.lose(h.name, 'taken');
        else if (!h.valid()) this.lose(h.name, 'expired');
        else h.extend(sentAt + leaseMs * (1 - driftBound));
      });
    } catch (err) {
      this.storeFailed(err);
    } finally {
      this.renewing = false;
    }
    if (this.running && this.leases.size > 0)
      this.scheduleRenew(ok ? renewEveryMs : Math.max(1, Math.floor(renewEveryMs / 2)));
  }

  private expired(h: HeldSlot): void {
    if (this.leases.get(h.name) === h) this.lose(h.name, 'expired');
  }

  // --- loss and release --------------------------------------------------------------------

  /** Loses a held lease now (and, for the leader lease, every slot) and releases it in the store. */
  private lose(name: string, reason: LeaseLostReason): void {
    const h = this.leases.get(name);
    if (h === undefined) return;
    this.o.logger.warn({ lease: name, token: h.token, reason }, 'lease lost');
    if (h.slot === LEADER) {
      for (const s of [...this.leases.values()]) {
        if (s.slot === LEADER) continue;
        this.drop(s, reason === 'expired' ? 'expired' : 'leader-lost');
        this.trackRelease(s);
      }
    }
    this.drop(h, reason);
    if (reason !== 'taken') this.trackRelease(h);
    if (this.leases.size === 0 && this.renewTimer !== undefined) {
      this.o.clock.clearTimeout(this.renewTimer);
      this.renewTimer = undefined;
    }
    this.scheduleCampaign(reason === 'rebalanced' ? this.o.pollMs : 0);
  }

  /** Forgets a lease locally: `valid()` false, its signal aborted, `lost` emitted. */
  private drop(h: HeldSlot, reason: LeaseLostReason): void {
    if (this.leases.get(h.name) === h) this.leases.delete(h.name);
    h.end(reason);
    if (h.slot === LEADER) {
      this.leaderlessFrom = null;
      if (this.running) this.setRole('standby');
    } else {
      this.events.emit('lost', h.slot, reason);
    }
  }

  private trackRelease(h: HeldSlot): void {
    const p = this.release(h).finally(() => this.releases.delete(p));
    this.releases.add(p);
  }

  /** Compare-and-delete in the store once its socket settled; quiet unless it closed cleanly. */
  private async release(h: HeldSlot): Promise<void> {
    if (h.slot !== LEADER) await h.socketSettled(this.o.stopGraceMs);
    const quietMs = h.slot === LEADER || h.socket === 'clean' ? 0 : this.o.zombieMs;
    try {
      await this.requests.run(
        'release',
        this.store.release({ name: h.name, value: h.value, quietMs }),
      );
    } catch (err) {
      this.storeFailed(err);
    }
  }

  // --- helpers -----------------------------------------------------------------------------

  private heldSlots(): number {
    let n = 0;
    for (const h of this.leases.values()) if (h.slot !== LEADER) n++;
    return n;
  }

  private setRole(role: HaRole): void {
    const previous = this.currentRole;
    if (role === previous) return;
    this.currentRole = role;
    this.o.logger.info({ role, previous }, 'ha role');
    this.events.emit('role', role, previous);
  }

  private storeFailed(err: unknown): void {
    this.storeErrors++;
    this.lastStoreError = err instanceof Error ? err.message : String(err);
    this.o.logger.warn({ err: this.lastStoreError }, 'lease store request failed');
  }
}

export type { LeaseStore };
