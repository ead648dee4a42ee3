import { redisTestTarget } from '@tickmux/test-utils';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { leaseValue, parseLeaseValue, RedisLeaseStore } from '../src/index.js';

// Against the machine's Redis (skipped when unreachable unless REQUIRE_REDIS=1). Every test uses
// an account of its own under one prefix per run; everything under it is deleted afterwards.
const { url, reachable, skip } = await redisTestTarget();
const keyPrefix = `tickmux-test:ha:${process.pid}-${Date.now()}:`;
let accounts = 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(skip)(`RedisLeaseStore against ${url}`, () => {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  const stores: RedisLeaseStore[] = [];
  const store = async () => {
    const s = new RedisLeaseStore({ redis: url, keyPrefix, account: `a${++accounts}` });
    stores.push(s);
    await s.ready();
    return s;
  };
  const req = (name: string, owner: string, leaseMs = 10_000, quietMs = 0) => ({
    name,
    owner,
    leaseMs,
    quietMs,
    bootQuietMs: 0,
  });

  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    expect(await redis.keys(`${keyPrefix}*`)).toEqual([]);
    redis.disconnect();
  });

  it('reaches Redis', () => {
    expect(reachable, `no Redis at ${url} (REQUIRE_REDIS=1)`).toBe(true);
  });

  it('acquires with SET NX PX and a token that grows on every acquisition, at least the server time', async () => {
    const s = await store();
    const before = Date.now();
    const a = await s.acquire(req('1', 'a#1'));
    expect(a.kind).toBe('acquired');
    if (a.kind !== 'acquired') return;
    expect(a.token).toBeGreaterThanOrEqual(before - 1_000);
    expect(a.previousSeen).toBeNull();
    expect(await redis.get(s.key('lease', '1'))).toBe(leaseValue(a.token, 'a#1'));
    const pttl = await redis.pttl(s.key('lease', '1'));
    expect(pttl).toBeGreaterThan(9_000);
    const held = await s.acquire(req('1', 'b#1'));
    expect(held).toMatchObject({ kind: 'held', holder: leaseValue(a.token, 'a#1') });
    const b = await s.acquire(req('2', 'b#1'));
    expect(b.kind === 'acquired' && b.token > a.token).toBe(true);
    expect(parseLeaseValue(leaseValue(b.kind === 'acquired' ? b.token : 0, 'b#1'))?.owner).toBe(
      'b#1',
    );
  });

  it('keeps an expired slot quiet until its quiet period ends, then hands it to another owner', async () => {
    const s = await store();
    const a = await s.acquire(req('1', 'a#1', 100, 2_000));
    expect(a.kind).toBe('acquired');
    await sleep(200);
    const quiet = await s.acquire(req('1', 'b#1', 100, 2_000));
    expect(quiet.kind).toBe('quiet');
    if (quiet.kind === 'quiet') expect(quiet.ttlMs).toBeLessThanOrEqual(2_000);
    await sleep(quiet.kind === 'quiet' ? quiet.ttlMs + 20 : 0);
    const b = await s.acquire(req('1', 'b#1', 100, 2_000));
    expect(b.kind).toBe('acquired');
    if (a.kind === 'acquired' && b.kind === 'acquired') {
      expect(b.token).toBeGreaterThan(a.token);
      expect(b.previousSeen).toBe(a.serverTime);
    }
  });

  it('renews only a lease that still holds its value (compare-and-pexpire), with its quiet', async () => {
    const s = await store();
    const a = await s.acquire(req('1', 'a#1', 1_000, 3_000));
    if (a.kind !== 'acquired') throw new Error('not acquired');
    const value = leaseValue(a.token, 'a#1');
    const r = await s.renew(20_000, [
      { name: '1', value, quietMs: 50_000 },
      { name: '1', value: leaseValue(a.token - 1, 'a#1'), quietMs: 50_000 },
      { name: '2', value, quietMs: 50_000 },
    ]);
    expect(r.renewed).toEqual([true, false, false]);
    expect(await redis.pttl(s.key('lease', '1'))).toBeGreaterThan(19_000);
    expect(await redis.pttl(s.key('quiet', '1'))).toBeGreaterThan(49_000);
    expect(Number(await redis.get(s.key('seen', '1')))).toBe(r.serverTime);
  });

  it('releases only its own lease (compare-and-delete), leaving the quiet asked for', async () => {
    const s = await store();
    const a = await s.acquire(req('1', 'a#1', 10_000, 40_000));
    if (a.kind !== 'acquired') throw new Error('not acquired');
    const value = leaseValue(a.token, 'a#1');
    expect(await s.release({ name: '1', value: 'x', quietMs: 0 })).toBe(false);
    expect(await redis.get(s.key('lease', '1'))).toBe(value);
    expect(await s.release({ name: '1', value, quietMs: 0 })).toBe(true);
    expect(await redis.exists(s.key('lease', '1'), s.key('quiet', '1'))).toBe(0);
    expect((await s.acquire(req('1', 'b#1', 10_000, 40_000))).kind).toBe('acquired');
    const c = await s.acquire(req('3', 'c#1', 10_000, 40_000));
    if (c.kind !== 'acquired') throw new Error('not acquired');
    await s.release({ name: '3', value: leaseValue(c.token, 'c#1'), quietMs: 5_000 });
    const pttl = await redis.pttl(s.key('quiet', '3'));
    expect(pttl).toBeGreaterThan(4_000);
    expect(pttl).toBeLessThanOrEqual(5_000);
  });

  it('a late release of an expired lease extends the quiet, never shortens it', async () => {
    const s = await store();
    const a = await s.acquire(req('1', 'a#1', 100, 300));
    if (a.kind !== 'acquired') throw new Error('not acquired');
    await sleep(150);
    const value = leaseValue(a.token, 'a#1');
    expect(await s.release({ name: '1', value, quietMs: 5_000 })).toBe(false);
    expect(await redis.pttl(s.key('quiet', '1'))).toBeGreaterThan(4_000);
    expect(await s.release({ name: '1', value, quietMs: 1_000 })).toBe(false);
    expect(await redis.pttl(s.key('quiet', '1'))).toBeGreaterThan(4_000);
  });

  it('runs a fenced write only with the current token, atomically in Redis', async () => {
    const s = await store();
    const stream = `${keyPrefix}stream-${accounts}`;
    const a = await s.acquire(req('leader', 'a#1'));
    if (a.kind !== 'acquired') throw new Error('not acquired');
    const value = leaseValue(a.token, 'a#1');
    const ok = await s.fenced({ name: 'leader', value }, 'XADD', [stream], ['*', 'p', '1']);
    expect(ok.ok).toBe(true);
    await s.release({ name: 'leader', value, quietMs: 0 });
    const b = await s.acquire(req('leader', 'b#1'));
    if (b.kind !== 'acquired') throw new Error('not acquired');
    const stale = await s.fenced({ name: 'leader', value }, 'XADD', [stream], ['*', 'p', '2']);
    expect(stale).toEqual({ ok: false });
    expect(await redis.xlen(stream)).toBe(1);
  });

  it('makes slots of an empty namespace wait the boot quiet, the leader lease not', async () => {
    const s = await store();
    const boot = { bootQuietMs: 2_000 };
    expect((await s.acquire({ ...req('leader', 'a#1'), ...boot })).kind).toBe('acquired');
    expect((await s.acquire({ ...req('1', 'a#1', 10_000, 1_000), ...boot })).kind).toBe('quiet');
    await sleep(2_050);
    expect((await s.acquire({ ...req('1', 'a#1', 10_000, 1_000), ...boot })).kind).toBe('acquired');
  });

  it('counts live members for share mode', async () => {
    const s = await store();
    expect(await s.join('a#1', 10_000)).toBe(1);
    expect(await s.join('b#1', 1_000)).toBe(2);
    expect(await s.join('a#1', 10_000)).toBe(2);
    await sleep(1_100);
    expect(await s.join('a#1', 10_000)).toBe(1);
    await s.leave('a#1');
    expect(await redis.zcard(s.key('members'))).toBe(0);
  });

  it('rejects bad options naming the field', () => {
    expect(() => new RedisLeaseStore({ redis: url, account: 'a b' })).toThrow(/account/);
    expect(() => new RedisLeaseStore({ redis: 42 as never })).toThrow(/redis/);
  });
});
