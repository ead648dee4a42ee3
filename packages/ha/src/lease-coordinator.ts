import type { CoordinatorEvents, LeaderlessInterval } from './coordinator-events.js';
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
import { haStatus, type HaRole, type HaStatus } from './ha-status.js';
import { LeaseCampaign } from './lease-campaign.js';
import { LeaseRenewal } from './lease-renewal.js';
import { Listeners } from './listeners.js';
import { LEADER, type HeldSlot, type SlotLease } from './slot-lease.js';
import { TimedRequests } from './timed-requests.js';

export type { HaRole, HaStatus, CoordinatorEvents, LeaderlessInterval };

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
  private readonly campaign: LeaseCampaign;
  private readonly renewal: LeaseRenewal;
  private currentRole: HaRole = 'idle';
  private running = false;
  private stopping: Promise<void> | undefined;
  private storeErrors = 0;
  private lastStoreError: string | null = null;

  constructor(options: LeaseCoordinatorOptions) {
    this.o = resolveCoordinatorOptions(options);
    this.store = this.o.store;
    this.owner = `${this.o.instanceId}#${newIncarnation()}`;
    this.events = new Listeners<CoordinatorEvents>(this.o.logger);
    this.requests = new TimedRequests(this.o.clock, this.o.requestTimeoutMs);
    this.campaign = new LeaseCampaign({
      o: this.o,
      owner: this.owner,
      requests: this.requests,
      events: this.events,
      leases: this.leases,
      latest: this.latest,
      running: () => this.running,
      sweep: () => this.sweep(),
      lose: (name, reason) => this.lose(name, reason),
      expired: (h) => this.expired(h),
      trackRelease: (h) => this.trackRelease(h),
      ensureRenewing: () => this.renewal.ensure(),
      setRole: (role) => this.setRole(role),
      storeFailed: (err) => this.storeFailed(err),
    });
    this.renewal = new LeaseRenewal({
      o: this.o,
      requests: this.requests,
      leases: this.leases,
      running: () => this.running,
      sweep: () => this.sweep(),
      lose: (name, reason) => this.lose(name, reason),
      storeFailed: (err) => this.storeFailed(err),
      serverTime: (at) => (this.campaign.lastServerTime = at),
    });
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
    this.campaign.schedule(0);
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
    this.campaign.clear();
    this.renewal.stop();
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

  // --- loss and release --------------------------------------------------------------------

  /** A lease whose deadline passed is lost now, even if its timer has not run yet (a pause). */
  private sweep(): void {
    for (const h of [...this.leases.values()]) if (!h.valid()) this.lose(h.name, 'expired');
  }

  private expired(h: HeldSlot): void {
    if (this.leases.get(h.name) === h) this.lose(h.name, 'expired');
  }

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
    if (this.leases.size === 0) this.renewal.stop();
    this.campaign.schedule(reason === 'rebalanced' ? this.o.pollMs : 0);
  }

  /** Forgets a lease locally: `valid()` false, its signal aborted, `lost` emitted. */
  private drop(h: HeldSlot, reason: LeaseLostReason): void {
    if (this.leases.get(h.name) === h) this.leases.delete(h.name);
    h.end(reason);
    if (h.slot === LEADER) {
      this.campaign.leaderLost();
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
