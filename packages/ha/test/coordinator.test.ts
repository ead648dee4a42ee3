import { InvalidArgumentError } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import {
  FencedError,
  LeaseCoordinator,
  LeaseLostError,
  MemoryLeaseStore,
  parseLeaseValue,
} from '../src/index.js';
import { World } from './world.js';

// Default options throughout: leaseMs 10 s (renewed every 3.33 s), zombieMs 30 s, bootQuiet on.
const LEASE = 10_000;
const ZOMBIE = 30_000;
const RENEW = Math.floor(LEASE / 3);

describe('LeaseCoordinator, leader mode (default options)', () => {
  it('a lone first instance leads at once and takes the slots after the boot quiet (lease + zombie)', async () => {
    const w = World.withAccount(3, ZOMBIE);
    const a = w.spawn('a');
    await w.run(100);
    expect(a.coordinator.role).toBe('leader');
    expect(a.coordinator.status()).toMatchObject({ ready: false, slots_held: [] });
    await w.run(LEASE + ZOMBIE - 100);
    expect(a.sockets.size).toBe(0); // a fresh store cannot tell whether sockets are still counted
    await w.run(RENEW + 100);
    expect([...a.sockets.keys()].sort()).toEqual([1, 2, 3]);
    const status = a.coordinator.status();
    expect(status).toMatchObject({ role: 'leader', ready: true, slots_held: [1, 2, 3] });
    expect(status.fencing_token).toBe(a.coordinator.leaderLease()!.token);
    const tokens = w.store.tokens;
    expect(tokens).toHaveLength(4);
    expect([...tokens].sort((x, y) => x - y)).toEqual(tokens);
    expect(new Set(tokens).size).toBe(4);
  });

  it('bootQuiet: false takes every slot at once', async () => {
    const w = World.withAccount(3, ZOMBIE);
    const a = w.spawn('a', { bootQuiet: false });
    await w.run(100);
    expect(a.coordinator.status().slots_held).toEqual([1, 2, 3]);
    expect(a.events.filter((e) => e.startsWith('acquired'))).toHaveLength(3);
  });

  it('a standby never acquires while the leader renews', async () => {
    const w = World.withAccount(3, ZOMBIE);
    const a = w.spawn('a', { bootQuiet: false });
    await w.run(100);
    const b = w.spawn('b', { bootQuiet: false });
    await w.run(5 * 60_000, 20);
    expect(b.coordinator.role).toBe('standby');
    expect(b.events).toEqual([]);
    expect(b.coordinator.status()).toMatchObject({ ready: false, fencing_token: null });
    expect(a.events.filter((e) => e.startsWith('lost'))).toEqual([]);
    expect(w.account.highWater).toBe(3);
    const age = a.coordinator.status().lease_age_ms!;
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThanOrEqual(RENEW + 20);
  });

  it('after a crash the standby takes over once lease + zombie passed since the last renewal, never before', async () => {
    const w = World.withAccount(3, ZOMBIE);
    const a = w.spawn('a', { bootQuiet: false });
    await w.run(100);
    const b = w.spawn('b', { bootQuiet: false });
    await w.run(60_000 + 1234);
    const lastRenewal = a.coordinator.leaderLease()!.renewedAt;
    const killedAt = w.clock.now();
    w.kill(a);
    let firstAt: number | undefined;
    await w.run(LEASE + ZOMBIE + RENEW + 100, 5, () => {
      if (firstAt === undefined && b.sockets.size > 0) firstAt = w.clock.now();
      expect(w.account.count()).toBeLessThanOrEqual(3);
    });
    expect(firstAt).toBeDefined();
    expect(firstAt!).toBeGreaterThanOrEqual(lastRenewal + LEASE + ZOMBIE);
    expect(firstAt!).toBeLessThanOrEqual(killedAt + LEASE + ZOMBIE + RENEW);
    expect(b.coordinator.status()).toMatchObject({ role: 'leader', ready: true });
    expect(w.account.highWater).toBe(3);
    expect(w.account.kicked).toBe(0);
  });

  it('reports the leaderless interval once, from the old leader’s last renewal to the takeover', async () => {
    const w = World.withAccount(3, ZOMBIE);
    const a = w.spawn('a', { bootQuiet: false });
    await w.run(100);
    const b = w.spawn('b', { bootQuiet: false });
    await w.run(20_000);
    const lastRenewal = a.coordinator.leaderLease()!.renewedAt;
    w.kill(a);
    await w.run(LEASE + ZOMBIE + 2 * RENEW);
    const gaps = b.events.filter((e) => e.startsWith('leaderless'));
    expect(gaps).toHaveLength(1);
    const [, from, to] = gaps[0]!.split(' ').map(Number);
    // The store's time of that renewal, at most one round trip before its answer.
    expect(from).toBeGreaterThanOrEqual(lastRenewal - 20);
    expect(from).toBeLessThanOrEqual(lastRenewal);
    expect(to).toBeGreaterThanOrEqual(lastRenewal + LEASE + ZOMBIE);
    expect(to).toBeLessThanOrEqual(w.clock.now());
  });

  it('the restarted old leader stands by: no acquisition, no loss for the new leader', async () => {
    const w = World.withAccount(3, ZOMBIE);
    const a = w.spawn('a', { bootQuiet: false });
    await w.run(100);
    const b = w.spawn('b', { bootQuiet: false });
    await w.run(5_000);
    w.kill(a);
    await w.run(LEASE + ZOMBIE + 2 * RENEW);
    expect(b.coordinator.status().ready).toBe(true);
    const a2 = w.spawn('a', { bootQuiet: false }); // same instance id, a new incarnation
    await w.run(3 * 60_000, 20);
    expect(a2.coordinator.role).toBe('standby');
    expect(a2.events).toEqual([]);
    expect(b.events.filter((e) => e.startsWith('lost'))).toEqual([]);
    expect(w.account.highWater).toBe(3);
  });

  it('with the store unreachable, the leader keeps its slots until the local deadline, then loses them', async () => {
    const w = World.withAccount(3, ZOMBIE);
    const a = w.spawn('a', { bootQuiet: false });
    await w.run(100);
    const b = w.spawn('b', { bootQuiet: false });
    await w.run(7_000);
    const lease = a.coordinator.lease(1)!;
    a.proc.partitioned = true;
    b.proc.partitioned = true;
    let lostAt: number | undefined;
    lease.signal.addEventListener('abort', () => (lostAt = w.clock.monotonic()));
    const renewedAtMono = w.clock.monotonic() - (w.clock.now() - lease.renewedAt);
    await w.run(LEASE * 2);
    expect(lostAt).toBeDefined();
    // The deadline counts from when the last successful renewal was sent (at or before renewedAt).
    expect(lostAt!).toBeLessThanOrEqual(renewedAtMono + LEASE * 0.99 + 5);
    expect(lostAt!).toBeGreaterThanOrEqual(renewedAtMono - 50 + LEASE * 0.99 - 5);
    expect((lease.signal.reason as LeaseLostError).reason).toBe('expired');
    expect(a.sockets.size).toBe(0);
    expect(a.coordinator.role).toBe('standby');
    expect(a.coordinator.status().store_errors).toBeGreaterThan(0);
    expect(b.events).toEqual([]);
    // Reachable again: the slots stay quiet until lease + zombie after the last renewal.
    a.proc.partitioned = false;
    b.proc.partitioned = false;
    await w.run(60_000, 20, () => expect(w.account.count()).toBeLessThanOrEqual(3));
    const leaders = [a, b].filter((i) => i.coordinator.status().ready);
    expect(leaders).toHaveLength(1);
    expect(w.account.highWater).toBe(3);
  });

  it('a process paused past its lease does not act on resume: valid() is false before any timer runs', async () => {
    const w = World.withAccount(3, ZOMBIE);
    const a = w.spawn('a', { bootQuiet: false });
    await w.run(100);
    const b = w.spawn('b', { bootQuiet: false });
    await w.run(4_000);
    const lease = a.coordinator.lease(2)!;
    const leader = a.coordinator.leaderLease()!;
    w.pause(a);
    await w.run(LEASE + ZOMBIE + 2 * RENEW);
    expect(b.coordinator.status().ready).toBe(true);
    // Resumed, but its timers have not run yet: the deadline check alone says no.
    a.proc.state = 'up';
    expect(lease.valid()).toBe(false);
    expect(a.coordinator.holds(2)).toBe(false);
    await expect(a.coordinator.fencedCall('XADD', ['ticks'], ['*', 'p', 1])).rejects.toThrow(
      LeaseLostError,
    );
    a.proc.state = 'paused';
    w.resume(a);
    await w.run(100);
    expect(lease.signal.aborted).toBe(true);
    expect(a.sockets.size).toBe(0);
    expect(a.coordinator.role).toBe('standby');
    expect(b.coordinator.leaderLease()!.token).toBeGreaterThan(leader.token);
    expect(w.account.highWater).toBe(3);
  });

  it('a fenced write with a stale token is refused by the store while the local lease still looks valid', async () => {
    const w = World.withAccount(3, ZOMBIE);
    const a = w.spawn('a', { bootQuiet: false });
    await w.run(100);
    const leader = a.coordinator.leaderLease()!;
    const ok = a.coordinator.fencedCall('XADD', ['ticks'], ['*', 'p', 1]);
    await w.run(50);
    await expect(ok).resolves.toEqual(['XADD', 'ticks', '*', 'p', 1]);
    // The lease ended in the store (expired there, e.g. a clock running slow here) and was taken.
    const value = w.store.holder('leader')!;
    await w.store.release({ name: 'leader', value, quietMs: 0 });
    const taken = await w.store.acquire({
      name: 'leader',
      owner: 'b#1',
      leaseMs: LEASE,
      quietMs: 0,
      bootQuietMs: 0,
    });
    expect(taken.kind === 'acquired' && taken.token > leader.token).toBe(true);
    expect(leader.valid()).toBe(true); // locally nothing tells yet
    const stale = a.coordinator
      .fencedCall('XADD', ['ticks'], ['*', 'p', 2])
      .catch((e: unknown) => e);
    await w.run(50);
    expect(await stale).toBeInstanceOf(FencedError);
    expect(leader.valid()).toBe(false);
    expect(a.coordinator.status()).toMatchObject({ role: 'standby', slots_held: [] });
    expect(a.events.filter((e) => e.endsWith('leader-lost'))).toHaveLength(3);
  });

  it('a renewal that finds another holder loses the lease at once (taken)', async () => {
    const w = World.withAccount(3, ZOMBIE);
    const a = w.spawn('a', { bootQuiet: false });
    await w.run(100);
    const value = w.store.holder('3')!;
    expect(parseLeaseValue(value)?.owner).toBe(a.coordinator.owner);
    await w.store.release({ name: '3', value, quietMs: 0 }); // an operator deleted it
    await w.store.acquire({
      name: '3',
      owner: 'intruder#1',
      leaseMs: LEASE,
      quietMs: 0,
      bootQuietMs: 0,
    });
    await w.run(RENEW + 50);
    expect(a.events).toContain('lost 3 taken');
    expect(a.coordinator.status().slots_held).toEqual([1, 2]);
  });

  it('adopts its own lease when an acquisition ran in the store but its answer came too late', async () => {
    const w = World.withAccount(3, ZOMBIE);
    const a = w.spawn('a', { bootQuiet: false, slots: 1 });
    a.proc.latencyMs = 1_100; // round trip 2.2 s > the 2 s request timeout
    await w.run(3_000);
    expect(a.coordinator.role).toBe('standby');
    expect(w.store.holder('leader')).toContain(a.coordinator.owner);
    a.proc.latencyMs = 5;
    await w.run(RENEW + 100);
    expect(a.coordinator.role).toBe('leader');
    expect(a.coordinator.status().ready).toBe(true);
  });

  it('stop() after clean closes lets the standby take every slot without the zombie wait', async () => {
    const w = World.withAccount(3, ZOMBIE);
    const a = w.spawn('a', { bootQuiet: false });
    await w.run(100);
    const b = w.spawn('b', { bootQuiet: false });
    await w.run(5_000);
    const stopped = a.coordinator.stop();
    await w.run(50);
    await stopped;
    expect(a.events.filter((e) => e.endsWith('stopped'))).toHaveLength(3);
    expect(a.coordinator.role).toBe('stopped');
    await w.run(RENEW + 100);
    expect(b.coordinator.status().ready).toBe(true);
    expect(w.account.highWater).toBe(3);
    expect(a.proc.clock).toBeDefined();
    expect(() => a.coordinator.start()).toThrow(/stopped/);
  });

  it('stop() after unclean closes leaves the zombie quiet on the slots', async () => {
    const w = World.withAccount(3, ZOMBIE);
    const a = w.spawn('a', { bootQuiet: false }, false);
    await w.run(100);
    const b = w.spawn('b', { bootQuiet: false });
    await w.run(5_000);
    const stoppedAt = w.clock.now();
    await Promise.all([a.coordinator.stop(), w.run(50)]);
    let firstAt: number | undefined;
    await w.run(ZOMBIE + 2 * RENEW, 5, () => {
      if (firstAt === undefined && b.sockets.size > 0) firstAt = w.clock.now();
    });
    expect(b.coordinator.role).toBe('leader');
    expect(firstAt! - stoppedAt).toBeGreaterThanOrEqual(ZOMBIE);
    expect(w.account.highWater).toBe(3);
  });

  it('releases every timer on stop()', async () => {
    const w = World.withAccount(3, ZOMBIE);
    const a = w.spawn('a', { bootQuiet: false, store: new MemoryLeaseStore(w.clock) });
    await w.run(100);
    expect(w.clock.pending()).toBeGreaterThan(0);
    await a.coordinator.stop();
    await a.coordinator.stop(); // idempotent
    expect(w.clock.pending()).toBe(0);
  });
});

describe('LeaseCoordinator with a store that fails', () => {
  it.each(['down', 'hang'] as const)(
    'a store that is %s: every request fails (at once, or after requestTimeoutMs), is counted, and is retried',
    async (fault) => {
      const w = World.withAccount(3, ZOMBIE);
      const store = new MemoryLeaseStore(w.clock);
      store.fault = fault;
      const a = new LeaseCoordinator({ store, clock: w.clock, bootQuiet: false });
      a.start();
      await w.run(RENEW * 3 + 100, 20);
      const { store_errors, last_store_error, role } = a.status();
      expect(role).toBe('standby');
      expect(store_errors).toBeGreaterThanOrEqual(fault === 'down' ? 3 : 2);
      expect(last_store_error).toMatch(
        fault === 'down' ? /store is down/ : /no answer within 2000 ms/,
      );
      store.fault = 'none';
      await w.run(RENEW + 100, 20);
      expect(a.status()).toMatchObject({ role: 'leader', ready: true });
      await a.stop();
      expect(w.clock.pending()).toBe(0);
    },
  );
});

describe('LeaseCoordinator, share mode', () => {
  it('spreads the slots: a newcomer gets its share once the surplus slot was given up', async () => {
    const w = World.withAccount(3, ZOMBIE);
    const a = w.spawn('a', { bootQuiet: false, mode: 'share' });
    await w.run(100);
    expect(a.coordinator.status()).toMatchObject({ role: 'member', slots_held: [1, 2, 3] });
    const b = w.spawn('b', { bootQuiet: false, mode: 'share' });
    await w.run(3 * RENEW, 5, () => expect(w.account.count()).toBeLessThanOrEqual(3));
    expect(a.coordinator.status().slots_held).toEqual([1, 2]);
    expect(a.events).toContain('lost 3 rebalanced');
    expect(b.coordinator.status()).toMatchObject({ slots_held: [3], ready: true });
    expect(w.account.highWater).toBe(3);
  });

  it('takes over a crashed member’s slots after lease + zombie', async () => {
    const w = World.withAccount(3, ZOMBIE);
    const a = w.spawn('a', { bootQuiet: false, mode: 'share' });
    await w.run(100);
    const b = w.spawn('b', { bootQuiet: false, mode: 'share' });
    await w.run(3 * RENEW);
    const aSlots = a.coordinator.status().slots_held;
    const lastRenewal = a.coordinator.lease(aSlots[0]!)!.renewedAt;
    // Slot 3 went from a to b when b joined: uncovered while its quiet ran.
    expect(b.events.filter((e) => e.startsWith('uncovered')).map((e) => e.split(' ')[1])).toEqual([
      '3',
    ]);
    const before = b.events.length;
    w.kill(a);
    await w.run(LEASE + ZOMBIE + 3 * RENEW, 10, () =>
      expect(w.account.count()).toBeLessThanOrEqual(3),
    );
    expect(b.coordinator.status().slots_held).toEqual([1, 2, 3]);
    // One uncovered interval per slot taken over, from a's last renewal of it.
    const uncovered = b.events.slice(before).filter((e) => e.startsWith('uncovered'));
    expect(uncovered.map((e) => Number(e.split(' ')[1]))).toEqual(aSlots);
    for (const e of uncovered) {
      const [, , from, to] = e.split(' ').map(Number);
      expect(from).toBeGreaterThanOrEqual(lastRenewal - 20);
      expect(from).toBeLessThanOrEqual(lastRenewal);
      expect(to! - from!).toBeGreaterThanOrEqual(LEASE + ZOMBIE);
    }
  });
});

describe('LeaseCoordinator options', () => {
  const store = new MemoryLeaseStore();
  it.each([
    ['store', { store: {} }],
    ['slots', { store, slots: 0 }],
    ['mode', { store, mode: 'primary' }],
    ['instanceId', { store, instanceId: 'a b' }],
    ['leaseMs', { store, leaseMs: 1.5 }],
    ['renewEveryMs', { store, leaseMs: 1_000, renewEveryMs: 600 }],
    ['requestTimeoutMs', { store, leaseMs: 1_000, requestTimeoutMs: 1_000 }],
    ['zombieMs', { store, zombieMs: -1 }],
    ['driftBound', { store, driftBound: 0.5 }],
    ['bootQuiet', { store, bootQuiet: 'yes' }],
  ])('rejects a bad %s with a typed error naming it', (field, options) => {
    let error: unknown;
    try {
      new LeaseCoordinator(options as never);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).field).toBe(field);
  });

  it('derives renewal, timeout and poll periods from the lease', () => {
    const c = new LeaseCoordinator({ store, leaseMs: 6_000 });
    expect(c.options).toMatchObject({
      renewEveryMs: 2_000,
      requestTimeoutMs: 1_200,
      pollMs: 2_000,
      zombieMs: 30_000,
      slots: 3,
      mode: 'leader',
    });
    expect(c.owner).toMatch(/^.+-\d+#[0-9a-f]{8}$/);
  });
});
