import { fc, test } from '@fast-check/vitest';
import { createManualClock } from '@tickmux/core';
import { describe, expect } from 'vitest';
import { BudgetClosedError, SocketBudget, type SocketSlot } from '../src/index.js';
import { flush } from './helpers.js';

const N = 3;
const HOUR_S = 3_600;
const GRACE_MS = 30_000;
const PROBE_MS = 300_000;

interface Sock {
  owner: 'us' | 'them';
  openedAt: number;
  slot: SocketSlot | undefined;
}

/**
 * The vendor's side of one account, as massive-protocol.md describes it: at most N sockets; an
 * extra one kicks the oldest (`max_connections`, close 1008); a socket abandoned without a close
 * handshake still counts until the server notices (`zombieMs`).
 */
class Account {
  readonly open: Sock[] = [];
  readonly zombies: { owner: 'us' | 'them'; until: number }[] = [];
  readonly kicked = { us: 0, them: 0 };
  /** Kicks caused by our own new sockets. */
  kicksByUs = 0;

  count(now: number, owner?: 'us' | 'them'): number {
    const live = (o: 'us' | 'them') => owner === undefined || owner === o;
    return (
      this.open.filter((s) => live(s.owner)).length +
      this.zombies.filter((z) => z.until > now && live(z.owner)).length
    );
  }

  /** Opens a socket; returns the socket kicked to make room, if any. */
  connect(sock: Sock, now: number): Sock | undefined {
    this.open.push(sock);
    if (this.count(now) <= N) return undefined;
    this.open.sort((a, b) => a.openedAt - b.openedAt);
    const oldest = this.open.shift()!;
    this.kicked[oldest.owner]++;
    if (sock.owner === 'us') this.kicksByUs++;
    return oldest;
  }
}

const scenarioArb = fc.record({
  foreign: fc.integer({ min: 0, max: N - 1 }),
  foreignStartS: fc.integer({ min: 0, max: HOUR_S / 2 }),
  stalls: fc.array(
    fc.record({
      atS: fc.integer({ min: 1, max: HOUR_S }),
      zombieMs: fc.integer({ min: 0, max: GRACE_MS }),
    }),
    { maxLength: 12 },
  ),
  random: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
});

describe('socket budget properties', () => {
  test.prop([scenarioArb], {
    examples: [
      // A foreign client holding 2 slots: every probe cascades through its sockets (seed 699773213).
      [{ foreign: 2, foreignStartS: 0, stalls: [{ atS: 1, zombieMs: 0 }], random: 0 }],
      // Our zombies fill the account: the foreign client kicks its own sockets (seed 697293410).
      [
        {
          foreign: 2,
          foreignStartS: 0,
          stalls: [
            { atS: 1, zombieMs: 6_001 },
            { atS: 1, zombieMs: 7_001 },
            { atS: 1, zombieMs: 7_001 },
          ],
          random: 0,
        },
      ],
    ],
  })(
    'never takes the account over N by itself, and a foreign process causes no kick storm',
    async ({ foreign, foreignStartS, stalls, random }) => {
      const clock = createManualClock(0);
      const budget = new SocketBudget({ clock, random: () => random });
      const account = new Account();
      const ours: Sock[] = [];
      let asking = 0;
      const theirReopen: number[] = [];
      let mostOurs = Number.NEGATIVE_INFINITY;
      let mostHeld = 0;
      const kickedOurs = (sock: Sock) => {
        budget.maxConnections();
        ours.splice(ours.indexOf(sock), 1);
        sock.slot!.release({ wasClean: true, abandoned: false });
      };
      const connect = (sock: Sock) => {
        const kicked = account.connect(sock, clock.now());
        if (kicked?.owner === 'us') kickedOurs(kicked);
        if (kicked?.owner === 'them') theirReopen.push(clock.now() + 1_000);
      };
      for (let s = 0; s < HOUR_S; s++) {
        const now = clock.now();
        // Like the manager: keep asking for sockets until N are open or asked for.
        while (ours.length + asking < N) {
          asking++;
          budget.acquire().then(
            (slot) => {
              asking--;
              const sock: Sock = { owner: 'us', openedAt: clock.now(), slot };
              ours.push(sock);
              connect(sock);
            },
            (err: unknown) => expect(err).toBeInstanceOf(BudgetClosedError),
          );
        }
        if (s === foreignStartS) for (let i = 0; i < foreign; i++) theirReopen.push(now);
        for (const at of theirReopen.filter((t) => t <= now)) {
          theirReopen.splice(theirReopen.indexOf(at), 1);
          connect({ owner: 'them', openedAt: now, slot: undefined });
        }
        for (const stall of stalls.filter((f) => f.atS === s)) {
          const sock = ours.shift(); // given up without a close handshake
          if (sock === undefined) break;
          account.open.splice(account.open.indexOf(sock), 1);
          account.zombies.push({ owner: 'us', until: now + stall.zombieMs });
          sock.slot!.release({ wasClean: false, abandoned: true });
        }
        // Our sockets as the server counts them never exceed what the budget holds, nor N.
        mostOurs = Math.max(mostOurs, account.count(now, 'us') - budget.held);
        mostHeld = Math.max(mostHeld, budget.held);
        clock.advance(1_000);
        await flush(3);
      }
      expect(mostOurs).toBeLessThanOrEqual(0);
      expect(mostHeld).toBeLessThanOrEqual(N);
      const stats = budget.stats();
      if (foreign === 0) {
        expect(account.kicked).toEqual({ us: 0, them: 0 });
        expect(stats.max_connections).toBe(0);
      } else {
        // Without contention handling our sockets kick one every back-off (about 60 an hour).
        // With it, a new socket of ours kicks one at the start and then at most one per probe,
        // and we lose at most one per probe. (The naive foreign client, reconnecting every second
        // without back-off, may kick its own sockets while ours are zombies: that is its storm.)
        const probes = Math.ceil((HOUR_S * 1_000) / PROBE_MS);
        expect(account.kicksByUs).toBeLessThanOrEqual(4 + probes);
        expect(account.kicked.us).toBeLessThanOrEqual(3 + probes);
        expect(stats.account_contention).toBeGreaterThanOrEqual(1);
      }
      budget.close();
      expect(clock.pending()).toBe(0);
    },
  );
});
