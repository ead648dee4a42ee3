import { createHash } from 'node:crypto';
import { InvalidArgumentError } from '@tickmux/core';

/** A key's feed: real-time, or the vendor's delayed feed (15 minutes behind; no Q, LULD, NOI). */
export type Feed = 'realtime' | 'delayed';

/** One API key and what its plan includes. */
export interface ApiKeyOptions {
  key: string;
  /** Channels the plan includes; a subscribe to another gets an error status. @default every channel */
  channels?: string[];
  /** @default 'realtime' */
  feed?: Feed;
  /** false: the plan has no socket access (auth_failed with the vendor's plan message). @default true */
  websocket?: boolean;
}

/** One account: its keys share its connection limit. */
export interface AccountOptions {
  /** The account's API keys. @default [the account's name] */
  keys?: (string | ApiKeyOptions)[];
  /** Sockets the account may hold at once, across all its keys. @default the simulator's maxConnections */
  maxConnections?: number;
}

/** A key as the server knows it. */
export interface ResolvedKey {
  /** A stable id that names the key without revealing it (see {@link apiKeyId}). */
  keyId: string;
  account: string;
  /** Channels allowed; undefined = every channel. */
  channels: ReadonlySet<string> | undefined;
  feed: Feed;
  websocket: boolean;
}

/** Channels the vendor's delayed feed does not carry. */
export const DELAYED_EXCLUDED: ReadonlySet<string> = new Set(['Q', 'LULD', 'NOI']);

/** The id the simulator reports for an API key: `k_` + the first 10 hex digits of its SHA-256. */
export function apiKeyId(key: string): string {
  return `k_${createHash('sha256').update(key).digest('hex').slice(0, 10)}`;
}

/** True when a key may subscribe to `channel`. */
export function entitled(key: ResolvedKey, channel: string): boolean {
  if (key.feed === 'delayed' && DELAYED_EXCLUDED.has(channel)) return false;
  return key.channels === undefined || key.channels.has(channel);
}

/** Accounts and keys, resolved: key -> what it is, account -> its limit. */
export interface ResolvedAccounts {
  keys: ReadonlyMap<string, ResolvedKey>;
  limits: Map<string, number>;
}

/**
 * Builds the key table. `apiKeys` are shorthand for one account per key; with neither, one account
 * `demo` with the key `demo`. A key in two accounts is an error naming the second.
 */
export function resolveAccounts(
  accounts: Record<string, AccountOptions> | undefined,
  apiKeys: readonly string[] | undefined,
  maxConnections: number,
): ResolvedAccounts {
  const all: Record<string, AccountOptions> = {};
  for (const key of apiKeys ?? []) all[key] = { keys: [key] };
  Object.assign(all, accounts);
  if (Object.keys(all).length === 0) all['demo'] = { keys: ['demo'] };
  const keys = new Map<string, ResolvedKey>();
  const limits = new Map<string, number>();
  for (const [account, a] of Object.entries(all)) {
    limits.set(account, a.maxConnections ?? maxConnections);
    for (const [i, entry] of (a.keys ?? [account]).entries()) {
      const k: ApiKeyOptions = typeof entry === 'string' ? { key: entry } : entry;
      if (keys.has(k.key))
        throw new InvalidArgumentError(
          `accounts.${account}.keys.${i}`,
          k.key,
          'a key belongs to one account only',
        );
      keys.set(k.key, {
        keyId: apiKeyId(k.key),
        account,
        channels: k.channels === undefined ? undefined : new Set(k.channels),
        feed: k.feed ?? 'realtime',
        websocket: k.websocket ?? true,
      });
    }
  }
  return { keys, limits };
}
