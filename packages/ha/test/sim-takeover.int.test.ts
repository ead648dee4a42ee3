import { MassiveClient, type WebSocketConstructor } from '@tickmux/client';
import {
  recordingWebSocket,
  redisServerInstalled,
  useRedisServer,
  useSim,
  waitUntil,
  crashableClock,
} from '@tickmux/test-utils';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  LeaseCoordinator,
  RedisLeaseStore,
  SlotGate,
  type LeaderlessInterval,
  type LeaseLostReason,
} from '../src/index.js';

// Two coordinators, each opening plain MassiveClient sockets for the slots it holds, against the
// simulator's account (3 sockets, kick-oldest, zombies) and a Redis of the test's own.
const N = 3;
const LEASE = 900;
const ZOMBIE = 1_500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Instance {
  coordinator: LeaseCoordinator;
  clients: Map<number, MassiveClient>;
  sockets: Set<{ terminate(): void }>;
  ticks: number[];
  lost: Array<[number, LeaseLostReason]>;
  leaderless: LeaderlessInterval[];
  crash(): void;
}

function instance(name: string, apiKey: string, simUrl: string, redisUrl: string): Instance {
  const clock = crashableClock();
  const store = new RedisLeaseStore({ redis: redisUrl, account: 'acct' });
  const coordinator = new LeaseCoordinator({
    store,
    clock,
    instanceId: name,
    slots: N,
    leaseMs: LEASE,
    zombieMs: ZOMBIE,
    bootQuiet: false,
  });
  const gate = new SlotGate(coordinator);
  const { Impl } = recordingWebSocket();
  const sockets = new Set<{ terminate(): void }>();
  class Tracked extends Impl {
    constructor(url: string) {
      super(url);
      sockets.add(this);
      this.once('close', () => sockets.delete(this));
    }
  }
  const inst: Instance = {
    coordinator,
    clients: new Map(),
    sockets,
    ticks: [],
    lost: [],
    leaderless: [],
    crash: () => {
      // A dead process: no timer runs again (no renewal, no reconnect), no close handshake.
      clock.crash();
      for (const s of sockets) s.terminate();
      store.redis.disconnect();
    },
  };
  coordinator.on('acquired', (slot) => {
    const client: MassiveClient = new MassiveClient({
      url: simUrl,
      apiKey,
      channels: ['T'],
      clock,
      WebSocket: Tracked as unknown as WebSocketConstructor,
      // Each socket attempt waits for the slot's lease; a lost lease closes the socket at once.
      socketGate: gate.socketGate(slot, () => void client.disconnect()),
      onSocketClose: (info) => gate.socketClosed(slot, info),
      onTick: () => inst.ticks.push(Date.now()),
    });
    inst.clients.set(slot, client);
    void client.connect();
    if (slot === 1) void client.subscribe({ topics: ['T.*'] });
  });
  coordinator.on('lost', (slot, reason) => {
    inst.lost.push([slot, reason]);
    inst.clients.delete(slot);
  });
  coordinator.on('leaderless', (i) => inst.leaderless.push(i));
  onTestFinished(async () => {
    for (const c of inst.clients.values()) await c.disconnect();
    await coordinator.stop();
    gate.close();
    await store.close();
    clock.crash();
  });
  coordinator.start();
  return inst;
}

describe.skipIf(!redisServerInstalled())(
  'takeover against the simulator (kick-oldest, zombies)',
  () => {
    it('only the leader’s sockets exist; a killed leader is replaced within lease + zombie, never more than N sockets; the restarted leader stands by', async () => {
      const redis = await useRedisServer();
      const sim = await useSim({
        accounts: { acct: { keys: ['key-a', 'key-b'], maxConnections: N } },
        zombieMs: ZOMBIE,
        symbols: 20,
        rate: 200,
      });
      const account = () => sim.control.account('acct');

      const a = instance('a', 'key-a', sim.url, redis.url);
      await waitUntil(() => account().open === N, 10_000, 'a’s sockets');
      const b = instance('b', 'key-b', sim.url, redis.url);
      await sleep(2_000);
      expect(b.coordinator.role).toBe('standby');
      expect(b.clients.size).toBe(0);
      expect(account()).toMatchObject({ open: N, zombies: 0, highWater: N, kicked: 0 });
      await waitUntil(() => a.ticks.length > 0, 5_000, 'ticks on a');

      const killedAt = Date.now();
      a.crash();
      await waitUntil(() => account().zombies === N, 2_000, 'a’s sockets counted as zombies');
      await waitUntil(
        () => b.coordinator.status().ready && account().open === N,
        LEASE + ZOMBIE + 5_000,
        'b’s sockets',
      );
      const tookOverMs = Date.now() - killedAt;
      expect(tookOverMs).toBeLessThanOrEqual(LEASE + ZOMBIE + 3_000);
      expect(account()).toMatchObject({ zombies: 0, highWater: N, kicked: 0 });
      expect(b.leaderless).toHaveLength(1);
      expect(b.leaderless[0]!.to - b.leaderless[0]!.from).toBeGreaterThanOrEqual(LEASE + ZOMBIE);
      const ticksBefore = b.ticks.length;
      await waitUntil(() => b.ticks.length > ticksBefore, 5_000, 'ticks resume on b');
      const bSockets = sim.control.connections().map((c) => c.id);

      const a2 = instance('a', 'key-a', sim.url, redis.url); // restarted: a new incarnation
      await sleep(2_500);
      expect(a2.coordinator.role).toBe('standby');
      expect(a2.clients.size).toBe(0);
      expect(b.lost).toEqual([]);
      expect(sim.control.connections().map((c) => c.id)).toEqual(bSockets); // no churn
      expect(account()).toMatchObject({ open: N, highWater: N, kicked: 0 });
    }, 40_000);
  },
);
