/**
 * A lease's name in the store: `'leader'` (leader mode's election) or a slot number as a string.
 * Every name has a lease (expiring, owned), a quiet period (no acquisition until it ends: the
 * vendor may still count the previous holder's sockets) and the server time it was last seen held.
 */
export type LeaseName = string;

/** Answer to {@link LeaseStore.acquire}. `serverTime` is the store's clock, Unix ms. */
export type AcquireResult =
  | {
      readonly kind: 'acquired';
      readonly token: number;
      readonly serverTime: number;
      /** When the name was last held (renewed) before, store time; null if never. */
      readonly previousSeen: number | null;
    }
  | {
      readonly kind: 'held';
      readonly holder: string;
      readonly ttlMs: number;
      readonly serverTime: number;
    }
  | { readonly kind: 'quiet'; readonly ttlMs: number; readonly serverTime: number };

export interface AcquireRequest {
  readonly name: LeaseName;
  readonly owner: string;
  readonly leaseMs: number;
  /**
   * Quiet period set on acquisition and on each renewal, counted from then: the name cannot be
   * acquired again until it ends, even after the lease expired. 0 = none (the leader lease).
   */
  readonly quietMs: number;
  /**
   * On the first acquisition ever seen by the store (an empty namespace, e.g. after a Redis
   * restart that lost its data), every name with a quiet period waits this long, since the store
   * cannot tell whether someone held slots before. 0 = no wait.
   */
  readonly bootQuietMs: number;
}

/** A lease this instance holds, as the store knows it. */
export interface HeldLease {
  readonly name: LeaseName;
  /** `leaseValue(token, owner)`. */
  readonly value: string;
  /** Renewal: the quiet period set again, ms. Release: the quiet period left behind, ms (0 = none). */
  readonly quietMs: number;
}

/** Answer to {@link LeaseStore.renew}: per lease, in order, whether it was still ours and renewed. */
export interface RenewResult {
  readonly serverTime: number;
  readonly renewed: readonly boolean[];
}

/**
 * Where leases live. `RedisLeaseStore` is the real one (each operation one atomic Lua script);
 * `MemoryLeaseStore` implements the same rules on a clock, for tests and simulations.
 */
export interface LeaseStore {
  /** Takes the name if its lease is free and its quiet period over; the token grows on every acquisition. */
  acquire(request: AcquireRequest): Promise<AcquireResult>;
  /** Extends each lease still holding its value (compare-and-pexpire), and its quiet period. */
  renew(leaseMs: number, leases: readonly HeldLease[]): Promise<RenewResult>;
  /**
   * Deletes the lease if it still holds its value (compare-and-delete) and leaves `quietMs` of
   * quiet (0: none). If it expired and nobody holds it, extends the quiet to `quietMs` (a socket
   * closed late, after a pause, may still be counted that long).
   */
  release(lease: HeldLease): Promise<boolean>;
  /**
   * Runs `command` with `keys` then `args` only if the lease still holds `value` (the fencing
   * token compared in the store, atomically with the write). Resolves `{ ok: false }` when not.
   */
  fenced(
    lease: { readonly name: LeaseName; readonly value: string },
    command: string,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<{ ok: true; result: unknown } | { ok: false }>;
  /**
   * Share mode: announces `owner` as live for `ttlMs` and answers how many owners are live.
   */
  join(owner: string, ttlMs: number): Promise<number>;
  /** Leaves the membership (share mode). */
  leave(owner: string): Promise<void>;
}
