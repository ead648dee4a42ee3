/** What happens when an account opens one socket more than its limit. */
export type LimitPolicy = 'reject-new' | 'kick-oldest';

/** An account as the control API reports it. */
export interface AccountInfo {
  account: string;
  /** Ids of its API keys (never the keys). */
  keyIds: string[];
  maxConnections: number;
  /** Sockets the server counts now: open + zombie. */
  sockets: number;
  open: number;
  zombies: number;
  /** Most sockets counted at once since start or the last reset (an attempt over the limit counts: limit + 1). */
  highWater: number;
  /** Sockets closed with max_connections because a newer one came (kick-oldest). */
  kicked: number;
  /** Sockets refused at the limit (reject-new). */
  rejected: number;
}

/** What the book needs of a socket. */
export interface CountedSocket {
  readonly id: string;
  /** 'zombie' sockets count but are not served. */
  readonly state: 'open' | 'zombie' | 'closed';
}

interface AccountState<C> {
  limit: number;
  keyIds: string[];
  /** Counted sockets in admission order: the first is the oldest. */
  sockets: C[];
  highWater: number;
  kicked: number;
  rejected: number;
}

/**
 * The connection limit per account, as the vendor enforces it across all of an account's keys:
 * which sockets count (open and zombie ones), who goes when one too many arrives (the oldest, or
 * the newcomer), and the high-water mark a test asserts against.
 */
export class AccountBook<C extends CountedSocket> {
  private readonly accounts = new Map<string, AccountState<C>>();

  constructor(limits: ReadonlyMap<string, number>, keyIds: ReadonlyMap<string, string[]>) {
    for (const [account, limit] of limits)
      this.accounts.set(account, {
        limit,
        keyIds: keyIds.get(account) ?? [],
        sockets: [],
        highWater: 0,
        kicked: 0,
        rejected: 0,
      });
  }

  has(account: string): boolean {
    return this.accounts.has(account);
  }

  /**
   * Counts a newly authenticated socket. Under `kick-oldest` it is admitted and the oldest counted
   * sockets over the limit are returned to be closed; under `reject-new` a socket over the limit is
   * not admitted. Either way the attempt shows in the high-water mark.
   */
  admit(account: string, socket: C, policy: LimitPolicy): { admitted: boolean; victims: C[] } {
    const a = this.state(account);
    const count = a.sockets.length + 1;
    if (count > a.highWater) a.highWater = count;
    if (count <= a.limit) {
      a.sockets.push(socket);
      return { admitted: true, victims: [] };
    }
    if (policy === 'reject-new') {
      a.rejected++;
      return { admitted: false, victims: [] };
    }
    a.sockets.push(socket);
    const victims = a.sockets.slice(0, a.sockets.length - a.limit);
    a.kicked += victims.length;
    for (const v of victims) this.release(account, v);
    return { admitted: true, victims };
  }

  /** Stops counting a socket (closed, or zombie time over). */
  release(account: string, socket: C): void {
    const a = this.accounts.get(account);
    if (a === undefined) return;
    const i = a.sockets.indexOf(socket);
    if (i >= 0) a.sockets.splice(i, 1);
  }

  setLimit(account: string, limit: number): void {
    this.state(account).limit = limit;
  }

  limitOf(account: string): number {
    return this.state(account).limit;
  }

  names(): string[] {
    return [...this.accounts.keys()];
  }

  resetHighWater(account?: string): void {
    for (const [name, a] of this.accounts)
      if (account === undefined || name === account) a.highWater = a.sockets.length;
  }

  /** Forgets every counted socket (server restart); high-water marks stay. */
  clear(): void {
    for (const a of this.accounts.values()) a.sockets = [];
  }

  info(account: string): AccountInfo {
    const a = this.state(account);
    const zombies = a.sockets.filter((s) => s.state === 'zombie').length;
    return {
      account,
      keyIds: [...a.keyIds],
      maxConnections: a.limit,
      sockets: a.sockets.length,
      open: a.sockets.length - zombies,
      zombies,
      highWater: a.highWater,
      kicked: a.kicked,
      rejected: a.rejected,
    };
  }

  private state(account: string): AccountState<C> {
    const a = this.accounts.get(account);
    if (a === undefined) throw new RangeError(`no account "${account}"`);
    return a;
  }
}
