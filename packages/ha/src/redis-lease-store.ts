import { InvalidArgumentError } from '@tickmux/core';
import { Redis, type RedisOptions } from 'ioredis';
import type {
  AcquireRequest,
  AcquireResult,
  HeldLease,
  LeaseName,
  LeaseStore,
  RenewResult,
} from './lease-store.js';
import { StoreUnavailableError } from './errors.js';
import { ACQUIRE, FENCED, JOIN, RELEASE, RENEW } from './lua.js';

/** Options of `new RedisLeaseStore(options)`. */
export interface RedisLeaseStoreOptions {
  /** An ioredis client, or a URL to create one (then owned and closed by `close()`). */
  redis: Redis | string;
  /**
   * The account's namespace: every key is `tickmux:ha:{<account>}:...` (one hash slot, so the
   * scripts stay valid on a Redis Cluster). Instances of one account must use the same value.
   * @default 'default'
   */
  account?: string;
  /** Key prefix before the account. @default 'tickmux:ha:' */
  keyPrefix?: string;
}

export const DEFAULT_REDIS_LEASE_STORE_OPTIONS = Object.freeze({
  account: 'default',
  keyPrefix: 'tickmux:ha:',
});

/**
 * ioredis settings for a client the store creates from a URL: no offline queue and no resend of a
 * request cut by a reconnect, so a lease request never runs late, after the coordinator gave up on
 * it; a reconnect every 200 ms at most.
 */
export const LEASE_REDIS_OPTIONS: RedisOptions = Object.freeze({
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  retryStrategy: () => 200,
  lazyConnect: false,
});

/**
 * The {@link LeaseStore} in Redis: each operation one Lua script (SET NX PX with an INCR fencing
 * token, compare-and-pexpire, compare-and-delete), on Redis's clock. Assumes one Redis primary:
 * with replication, a failover can lose the latest writes (see README).
 */
export class RedisLeaseStore implements LeaseStore {
  readonly redis: Redis;
  private readonly owned: boolean;
  private readonly prefix: string;

  constructor(options: RedisLeaseStoreOptions) {
    if (options === null || typeof options !== 'object')
      throw new InvalidArgumentError('options', options, 'must be an object');
    const d = DEFAULT_REDIS_LEASE_STORE_OPTIONS;
    const account = options.account ?? d.account;
    if (typeof account !== 'string' || !/^[\w.:-]{1,64}$/.test(account))
      throw new InvalidArgumentError(
        'account',
        account,
        'expected up to 64 letters, digits or _.:-',
      );
    const keyPrefix = options.keyPrefix ?? d.keyPrefix;
    if (typeof keyPrefix !== 'string')
      throw new InvalidArgumentError('keyPrefix', keyPrefix, 'must be a string');
    this.prefix = `${keyPrefix}{${account}}:`;
    if (typeof options.redis === 'string') {
      this.redis = new Redis(options.redis, LEASE_REDIS_OPTIONS);
      this.redis.on('error', () => undefined); // failures surface as rejected requests
      this.owned = true;
    } else if (options.redis instanceof Redis) {
      this.redis = options.redis;
      this.owned = false;
    } else {
      throw new InvalidArgumentError('redis', options.redis, 'must be an ioredis client or a URL');
    }
  }

  /**
   * Resolves once the Redis connection is ready (a store made from a URL has no offline queue:
   * requests before that fail, and the coordinator retries them). Rejects after `timeoutMs`.
   */
  ready(timeoutMs = 5_000): Promise<void> {
    if (this.redis.status === 'ready') return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.redis.off('ready', onReady);
        reject(new StoreUnavailableError(`Redis not ready within ${timeoutMs} ms`));
      }, timeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      this.redis.once('ready', onReady);
    });
  }

  /** The Redis key of one of this account's records (`lease`, `quiet`, `seen`, `fence`, ...). */
  key(kind: string, name?: LeaseName): string {
    return name === undefined ? `${this.prefix}${kind}` : `${this.prefix}${kind}:${name}`;
  }

  async acquire(r: AcquireRequest): Promise<AcquireResult> {
    const keys = [
      this.key('lease', r.name),
      this.key('quiet', r.name),
      this.key('seen', r.name),
      this.key('fence'),
      this.key('boot'),
      this.key('boot-quiet'),
    ];
    const args = [r.owner, r.leaseMs, r.quietMs, r.bootQuietMs];
    const reply = (await this.redis.eval(ACQUIRE, keys.length, ...keys, ...args)) as [
      number,
      number | string,
      string,
      number,
    ];
    const [kind, n, text, serverTime] = reply;
    if (kind === 2)
      return {
        kind: 'acquired',
        token: Number(n),
        serverTime,
        previousSeen: text === '' ? null : Number(text),
      };
    if (kind === 0) return { kind: 'held', holder: text, ttlMs: Number(n), serverTime };
    return { kind: 'quiet', ttlMs: Number(n), serverTime };
  }

  async renew(leaseMs: number, leases: readonly HeldLease[]): Promise<RenewResult> {
    if (leases.length === 0) return { serverTime: Date.now(), renewed: [] };
    const keys = leases.flatMap((l) => [
      this.key('lease', l.name),
      this.key('quiet', l.name),
      this.key('seen', l.name),
    ]);
    const args = [leaseMs, ...leases.flatMap((l) => [l.value, l.quietMs])];
    const [serverTime, flags] = (await this.redis.eval(RENEW, keys.length, ...keys, ...args)) as [
      number,
      number[],
    ];
    return { serverTime, renewed: leases.map((_, i) => flags[i] === 1) };
  }

  async release(l: HeldLease): Promise<boolean> {
    const keys = [this.key('lease', l.name), this.key('quiet', l.name)];
    const reply = await this.redis.eval(RELEASE, 2, ...keys, l.value, l.quietMs);
    return reply === 1;
  }

  async fenced(
    lease: { readonly name: LeaseName; readonly value: string },
    command: string,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<{ ok: true; result: unknown } | { ok: false }> {
    const allKeys = [this.key('lease', lease.name), ...keys];
    const reply = (await this.redis.eval(
      FENCED,
      allKeys.length,
      ...allKeys,
      lease.value,
      command,
      ...args,
    )) as [number, unknown?];
    return reply[0] === 1 ? { ok: true, result: reply[1] } : { ok: false };
  }

  async join(owner: string, ttlMs: number): Promise<number> {
    return (await this.redis.eval(JOIN, 1, this.key('members'), owner, ttlMs)) as number;
  }

  async leave(owner: string): Promise<void> {
    await this.redis.zrem(this.key('members'), owner);
  }

  /** Closes the Redis client if the store created it. Idempotent. */
  async close(): Promise<void> {
    if (!this.owned || this.redis.status === 'end') return;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
