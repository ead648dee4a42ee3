import {
  redisServerInstalled,
  useRedisServer,
  useTcpProxy,
  waitUntil,
  crashableClock,
} from '@tickmux/test-utils';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  LeaseCoordinator,
  RedisLeaseStore,
  type LeaderlessInterval,
  type LeaseCoordinatorOptions,
  type LeaseLostReason,
} from '../src/index.js';

// Two coordinators on a real Redis of the test's own (restartable), real time, short leases.
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Node {
  coordinator: LeaseCoordinator;
  store: RedisLeaseStore;
  crash(): void;
  lost: Array<[number, LeaseLostReason]>;
  acquiredAt: number[];
  leaderless: LeaderlessInterval[];
}

function node(url: string, options: Partial<LeaseCoordinatorOptions>, account = 'acct'): Node {
  const clock = crashableClock();
  const store = new RedisLeaseStore({ redis: url, account });
  const coordinator = new LeaseCoordinator({ store, clock, ...options });
  const n: Node = {
    coordinator,
    store,
    lost: [],
    acquiredAt: [],
    leaderless: [],
    crash: () => {
      clock.crash(); // no more renewals, no release: a dead process
      store.redis.disconnect();
    },
  };
  coordinator.on('lost', (slot, reason) => n.lost.push([slot, reason]));
  coordinator.on('acquired', () => n.acquiredAt.push(Date.now()));
  coordinator.on('leaderless', (i) => n.leaderless.push(i));
  onTestFinished(async () => {
    await coordinator.stop();
    await store.close();
    clock.crash();
  });
  return n;
}

/** Fails the test if two coordinators ever hold one slot at once (checked every 5 ms). */
function watchOverlap(nodes: Node[], slots: number): () => void {
  let overlap: string | undefined;
  const timer = setInterval(() => {
    for (let s = 1; s <= slots; s++) {
      if (nodes.filter((n) => n.coordinator.holds(s)).length > 1) overlap ??= `slot ${s}`;
    }
  }, 5);
  onTestFinished(() => clearInterval(timer));
  return () => expect(overlap).toBeUndefined();
}

describe.skipIf(!redisServerInstalled())('LeaseCoordinator on a real Redis', () => {
  it('the standby takes over a crashed leader after lease + zombie; the restarted leader stands by', async () => {
    const redis = await useRedisServer();
    const o = { leaseMs: 600, zombieMs: 800, bootQuiet: false };
    const a = node(redis.url, { ...o, instanceId: 'a' });
    a.coordinator.start();
    await waitUntil(() => a.coordinator.status().ready, 5_000, 'a ready');
    const b = node(redis.url, { ...o, instanceId: 'b' });
    b.coordinator.start();
    const noOverlap = watchOverlap([a, b], 3);
    await sleep(1_500);
    expect(b.coordinator.role).toBe('standby');
    expect(b.acquiredAt).toEqual([]);
    expect(a.lost).toEqual([]);

    const crashedAt = Date.now();
    a.crash();
    await waitUntil(() => b.coordinator.status().ready, 10_000, 'b ready');
    expect(b.leaderless).toHaveLength(1);
    const { from, to } = b.leaderless[0]!;
    expect(to - from).toBeGreaterThanOrEqual(o.leaseMs + o.zombieMs); // store time
    expect(Math.min(...b.acquiredAt) - crashedAt).toBeLessThanOrEqual(
      o.leaseMs + o.zombieMs + 3_000,
    );
    expect(b.coordinator.status().fencing_token).toBeGreaterThan(from);

    const a2 = node(redis.url, { ...o, instanceId: 'a' }); // same id, new incarnation
    a2.coordinator.start();
    await sleep(2_000);
    expect(a2.coordinator.role).toBe('standby');
    expect(a2.acquiredAt).toEqual([]);
    expect(b.lost).toEqual([]);
    noOverlap();
  }, 40_000);

  it('Redis down: the leader keeps its slots until its local deadline, then loses them; an empty Redis waits the boot quiet', async () => {
    const redis = await useRedisServer();
    const o = { leaseMs: 3_000, zombieMs: 500, instanceId: 'a' };
    const a = node(redis.url, o);
    a.coordinator.start();
    await waitUntil(() => a.coordinator.status().ready, 10_000, 'a ready after the boot quiet');
    await redis.kill();
    const killedAt = Date.now();
    await sleep(300);
    expect(a.coordinator.status().slots_held).toEqual([1, 2, 3]); // the deadline is >= 1.9 s away
    await waitUntil(() => a.lost.length === 3, 5_000, 'slots lost');
    expect(a.lost.map(([, reason]) => reason)).toEqual(['expired', 'expired', 'expired']);
    expect(Date.now() - killedAt).toBeLessThanOrEqual(o.leaseMs + 2_000);
    expect(a.coordinator.role).toBe('standby');
    expect(a.coordinator.status()).toMatchObject({ ready: false, fencing_token: null });

    await redis.start(); // empty: it cannot tell whether anyone's sockets are still counted
    const restartedAt = Date.now();
    const before = a.acquiredAt.length;
    await waitUntil(() => a.coordinator.status().ready, 15_000, 'a ready again');
    expect(a.acquiredAt[before]! - restartedAt).toBeGreaterThanOrEqual(o.leaseMs + o.zombieMs - 50);
  }, 40_000);

  it('a partition between the leader and Redis: it stops at its deadline, the standby takes over, no overlap', async () => {
    const redis = await useRedisServer();
    const proxy = await useTcpProxy(redis.port);
    const o = { leaseMs: 800, zombieMs: 600, bootQuiet: false };
    const a = node(`redis://127.0.0.1:${proxy.port}`, { ...o, instanceId: 'a' });
    a.coordinator.start();
    await waitUntil(() => a.coordinator.status().ready, 5_000, 'a ready');
    const b = node(redis.url, { ...o, instanceId: 'b' });
    b.coordinator.start();
    const noOverlap = watchOverlap([a, b], 3);
    await sleep(1_000);
    proxy.cut();
    await waitUntil(() => b.coordinator.status().ready, 10_000, 'b ready');
    expect(a.lost.map(([, reason]) => reason)).toEqual(['expired', 'expired', 'expired']);
    expect(b.leaderless[0]!.to - b.leaderless[0]!.from).toBeGreaterThanOrEqual(
      o.leaseMs + o.zombieMs,
    );
    proxy.restore();
    await sleep(2_000);
    expect(a.coordinator.role).toBe('standby');
    expect(b.lost).toEqual([]);
    noOverlap();
  }, 40_000);
});
