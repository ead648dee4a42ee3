import { systemClock, type Clock } from '@tickmux/core';
import { StoreUnavailableError } from './errors.js';
import type {
  AcquireRequest,
  AcquireResult,
  HeldLease,
  LeaseName,
  LeaseStore,
  RenewResult,
} from './lease-store.js';

interface Expiring {
  value: string;
  /** Store time (clock.now()) at which it expires. */
  until: number;
}

/** How a {@link MemoryLeaseStore} answers: normally, with an error at once, or never. */
export type MemoryStoreFault = 'none' | 'down' | 'hang';

const SEEN_MS = 7 * 86_400_000;

/**
 * The {@link LeaseStore} rules of `RedisLeaseStore` in memory, on a clock (its `now()` is the
 * store's time): for unit tests, simulations, and several coordinators in one process. `fault`
 * makes it unreachable (`'down'`: requests fail at once; `'hang'`: they never answer).
 */
export class MemoryLeaseStore implements LeaseStore {
  fault: MemoryStoreFault = 'none';
  private readonly leases = new Map<LeaseName, Expiring>();
  private readonly quiet = new Map<LeaseName, number>();
  private readonly seen = new Map<LeaseName, Expiring>();
  private readonly members = new Map<string, number>();
  private bootQuietUntil: number | undefined;
  private fence = 0;
  /** Every token handed out, in order (for tests: they only grow). */
  readonly tokens: number[] = [];

  constructor(private readonly clock: Clock = systemClock) {}

  acquire(r: AcquireRequest): Promise<AcquireResult> {
    return this.answer(() => {
      const now = this.clock.now();
      if (this.bootQuietUntil === undefined) this.bootQuietUntil = now + r.bootQuietMs;
      const held = this.live(this.leases, r.name, now);
      if (held !== undefined)
        return { kind: 'held', holder: held.value, ttlMs: held.until - now, serverTime: now };
      if (r.quietMs > 0) {
        const until = Math.max(this.quiet.get(r.name) ?? 0, this.bootQuietUntil);
        if (until > now) return { kind: 'quiet', ttlMs: until - now, serverTime: now };
      }
      this.fence = Math.max(this.fence + 1, now);
      const token = this.fence;
      this.tokens.push(token);
      this.leases.set(r.name, { value: `${token}:${r.owner}`, until: now + r.leaseMs });
      if (r.quietMs > 0) this.quiet.set(r.name, now + r.quietMs);
      const previous = this.live(this.seen, r.name, now);
      this.seen.set(r.name, { value: String(now), until: now + SEEN_MS });
      return {
        kind: 'acquired',
        token,
        serverTime: now,
        previousSeen: previous === undefined ? null : Number(previous.value),
      };
    });
  }

  renew(leaseMs: number, leases: readonly HeldLease[]): Promise<RenewResult> {
    return this.answer(() => {
      const now = this.clock.now();
      const renewed = leases.map((l) => {
        const held = this.live(this.leases, l.name, now);
        if (held?.value !== l.value) return false;
        held.until = now + leaseMs;
        if (l.quietMs > 0) this.quiet.set(l.name, now + l.quietMs);
        this.seen.set(l.name, { value: String(now), until: now + SEEN_MS });
        return true;
      });
      return { serverTime: now, renewed };
    });
  }

  release(l: HeldLease): Promise<boolean> {
    return this.answer(() => {
      const now = this.clock.now();
      const held = this.live(this.leases, l.name, now);
      if (held?.value !== l.value) {
        // Ours no more, and nobody's: extend the quiet (never shorten it).
        if (held === undefined && l.quietMs > 0)
          this.quiet.set(l.name, Math.max(this.quiet.get(l.name) ?? 0, now + l.quietMs));
        return false;
      }
      this.leases.delete(l.name);
      if (l.quietMs > 0) this.quiet.set(l.name, now + l.quietMs);
      else this.quiet.delete(l.name);
      return true;
    });
  }

  fenced(
    lease: { readonly name: LeaseName; readonly value: string },
    command: string,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<{ ok: true; result: unknown } | { ok: false }> {
    return this.answer(() => {
      if (this.live(this.leases, lease.name, this.clock.now())?.value !== lease.value)
        return { ok: false as const };
      return { ok: true as const, result: [command, ...keys, ...args] };
    });
  }

  join(owner: string, ttlMs: number): Promise<number> {
    return this.answer(() => {
      const now = this.clock.now();
      this.members.set(owner, now + ttlMs);
      for (const [m, until] of this.members) if (until <= now) this.members.delete(m);
      return this.members.size;
    });
  }

  leave(owner: string): Promise<void> {
    return this.answer(() => {
      this.members.delete(owner);
    });
  }

  /** The current holder's value of `name`, if held (for tests). */
  holder(name: LeaseName): string | undefined {
    return this.live(this.leases, name, this.clock.now())?.value;
  }

  private live(map: Map<LeaseName, Expiring>, name: LeaseName, now: number): Expiring | undefined {
    const e = map.get(name);
    if (e === undefined) return undefined;
    if (e.until > now) return e;
    map.delete(name);
    return undefined;
  }

  private answer<T>(fn: () => T): Promise<T> {
    if (this.fault === 'hang') return new Promise<T>(() => undefined);
    if (this.fault === 'down') return Promise.reject(new StoreUnavailableError('store is down'));
    return Promise.resolve(fn());
  }
}
