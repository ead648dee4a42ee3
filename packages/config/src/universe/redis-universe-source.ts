import { Redis, type ChainableCommander } from 'ioredis';
import { redactUrl } from '../redact.js';
import { UniverseUnavailableError, type UniverseSource } from './universe-source.js';

/** Options of {@link RedisUniverseSource}. */
export interface RedisUniverseSourceOptions {
  /** A client to use instead of connecting to `url`; the caller keeps ownership (not closed). */
  client?: Redis;
  /** Where to connect when no `client` is given. @default 'redis://127.0.0.1:6379' */
  url?: string;
  /** Prefix of every key (see the README for the layout). @default 'tickmux' */
  namespace?: string;
  /** How long to wait for the connection and for each command, in ms. @default 2000 */
  timeoutMs?: number;
}

/** Defaults of {@link RedisUniverseSourceOptions}. */
export const DEFAULT_REDIS_UNIVERSE_OPTIONS = Object.freeze({
  url: 'redis://127.0.0.1:6379',
  namespace: 'tickmux',
  timeoutMs: 2000,
});

/**
 * Universes stored in Redis. Layout (namespace `tickmux` by default):
 * - `tickmux:universe:<key>`: a LIST of tickers in order (`RPUSH`), e.g. `tickmux:universe:tech_leaders:top_20`;
 * - `tickmux:universes`: a SET of every universe key stored.
 * A missing key (Redis keeps no empty lists) reads as an unknown universe.
 */
export class RedisUniverseSource implements UniverseSource {
  readonly #client: Redis;
  readonly #owned: boolean;
  readonly #where: string;
  readonly #namespace: string;
  #closed = false;
  #connectionError: string | undefined;

  constructor(options: RedisUniverseSourceOptions = {}) {
    const o = { ...DEFAULT_REDIS_UNIVERSE_OPTIONS, ...options };
    this.#namespace = o.namespace;
    this.#owned = options.client === undefined;
    this.#where = options.client === undefined ? redactUrl(o.url) : 'the given client';
    this.#client =
      options.client ??
      new Redis(o.url, {
        lazyConnect: true,
        connectTimeout: o.timeoutMs,
        commandTimeout: o.timeoutMs,
        maxRetriesPerRequest: 1,
        // Fail fast at startup rather than queue commands for a Redis that is not there.
        retryStrategy: (times) => (times > 2 ? null : 100 * times),
      });
    // ioredis prints unhandled 'error' events; failures surface through the commands instead,
    // with the connection error (ECONNREFUSED) as the reason rather than "max retries reached".
    if (this.#owned) {
      this.#client.on('error', (err: Error) => (this.#connectionError = err.message));
      this.#client.on('ready', () => (this.#connectionError = undefined));
    }
  }

  /** The Redis key holding a universe's list. */
  listKey(universeKey: string): string {
    return `${this.#namespace}:universe:${universeKey}`;
  }

  /** The Redis key of the set of stored universe keys. */
  get indexKey(): string {
    return `${this.#namespace}:universes`;
  }

  async getUniverse(key: string): Promise<readonly string[] | undefined> {
    const list = await this.#run(`read universe "${key}"`, key, (r) =>
      r.lrange(this.listKey(key), 0, -1),
    );
    return list.length === 0 ? undefined : list;
  }

  async listUniverses(): Promise<readonly string[]> {
    const keys = await this.#run('list universes', undefined, (r) => r.smembers(this.indexKey));
    return keys.sort();
  }

  /**
   * Stores universes (replacing any of the same key) in one MULTI; an empty list deletes the
   * universe. Tickers are stored as given: normalise them first (`readUniverseFile` does).
   */
  async save(universes: ReadonlyMap<string, readonly string[]>): Promise<void> {
    await this.#run('save universes', undefined, (r) => {
      const tx = r.multi();
      for (const [key, tickers] of universes) {
        tx.del(this.listKey(key));
        if (tickers.length === 0) tx.srem(this.indexKey, key);
        else tx.rpush(this.listKey(key), ...tickers).sadd(this.indexKey, key);
      }
      return exec(tx);
    });
  }

  /** Deletes universes and their index entries. */
  async remove(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.#run('remove universes', undefined, (r) =>
      exec(
        r
          .multi()
          .del(...keys.map((k) => this.listKey(k)))
          .srem(this.indexKey, ...keys),
      ),
    );
  }

  /** Stops the source; disconnects the client if this source created it. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (!this.#owned) return;
    if (this.#client.status === 'wait' || this.#client.status === 'end') {
      this.#client.disconnect();
      return;
    }
    await this.#client.quit().catch(() => this.#client.disconnect());
  }

  async #run<T>(what: string, key: string | undefined, op: (r: Redis) => Promise<T>): Promise<T> {
    if (this.#closed) throw new UniverseUnavailableError(`cannot ${what}: source closed`, key);
    try {
      return await op(this.#client);
    } catch (cause) {
      const reason =
        this.#connectionError ?? (cause instanceof Error ? cause.message : String(cause));
      throw new UniverseUnavailableError(
        `cannot ${what} (Redis at ${this.#where}): ${reason}`,
        key,
        { cause },
      );
    }
  }
}

/** Runs a MULTI; a command failing inside it (WRONGTYPE) rejects like a failed command would. */
async function exec(tx: ChainableCommander): Promise<void> {
  const results = await tx.exec();
  const failed = results?.find(([err]) => err !== null);
  if (failed !== undefined) throw failed[0]!;
}
