import { createManualClock, ErrorCode, InvalidArgumentError } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import {
  AcquireTimeoutError,
  ConnectionPool,
  DEFAULT_CONNECTION_POOL_OPTIONS,
  PoolClosedError,
  PoolCreateError,
} from '../src/index.js';
import { fakeFactory, type FakeConnection } from './fake-factory.js';
import { flush, thrown } from './helpers.js';

function pool(
  options: { max?: number; acquireTimeoutMs?: number; healthCheckIntervalMs?: number } = {},
) {
  const clock = createManualClock(0);
  const { factory, state } = fakeFactory();
  const p = new ConnectionPool<FakeConnection>({ factory, clock, ...options });
  return { clock, p, state };
}

describe('ConnectionPool: lifecycle', () => {
  it('starts empty and ready, with max 5, a 30 s acquire timeout and a 30 s health check', () => {
    const { p, state } = pool();
    expect(DEFAULT_CONNECTION_POOL_OPTIONS).toEqual({
      max: 5,
      acquireTimeoutMs: 30_000,
      healthCheckIntervalMs: 30_000,
    });
    expect(p.stats()).toMatchObject({ max: 5, size: 0, idle: 0, in_use: 0, waiting: 0 });
    expect(state.created).toHaveLength(0);
    void p.closeAll();
  });

  it('creates a connection on acquire and hands it to the caller', async () => {
    const { p, state } = pool();
    const c = await p.acquire();
    expect(c).toBe(state.created[0]);
    expect(p.stats()).toMatchObject({ size: 1, in_use: 1, created: 1 });
    await p.closeAll();
  });

  it('reuses a released connection: acquire, release, acquire gives the same object', async () => {
    const { p, state } = pool();
    const first = await p.acquire();
    p.release(first);
    expect(p.stats()).toMatchObject({ size: 1, idle: 1, in_use: 0 });
    expect(await p.acquire()).toBe(first);
    expect(state.created).toHaveLength(1);
    await p.closeAll();
  });

  it('respects max: the next acquire waits until a connection is released', async () => {
    const { p } = pool({ max: 2 });
    const a = await p.acquire();
    await p.acquire();
    let third: FakeConnection | undefined;
    void p.acquire().then((c) => (third = c));
    await flush();
    expect(third).toBeUndefined();
    expect(p.stats()).toMatchObject({ size: 2, waiting: 1 });
    p.release(a);
    await flush();
    expect(third).toBe(a);
    await p.closeAll();
  });

  it('closeAll() destroys every connection, rejects waiters and later acquires, and is idempotent', async () => {
    const { p, state, clock } = pool({ max: 2 });
    const a = await p.acquire();
    const b = await p.acquire();
    p.release(b);
    const waiting = p.acquire();
    const closing = p.closeAll();
    expect(p.closeAll()).toBe(closing);
    await closing;
    await expect(waiting).rejects.toBeInstanceOf(PoolClosedError);
    await expect(p.acquire()).rejects.toMatchObject({ code: ErrorCode.POOL_CLOSED });
    expect(state.created.every((c) => c.destroyed)).toBe(true);
    expect(state.alive).toBe(0);
    p.release(a); // the borrower hands it back after the close: ignored
    await p.destroy(a);
    expect(clock.pending()).toBe(0);
  });
});

describe('ConnectionPool: health', () => {
  it('detects a stale idle connection on its 30 s check, removes it and creates a new one', async () => {
    const { p, state, clock } = pool();
    const a = await p.acquire();
    p.release(a);
    a.healthy = false;
    clock.advance(29_999);
    await flush();
    expect(a.destroyed).toBe(false);
    clock.advance(1);
    await flush(20);
    expect(a.destroyed).toBe(true);
    expect(state.created).toHaveLength(2);
    expect(p.stats()).toMatchObject({ size: 1, idle: 1, replaced: 1 });
    const b = await p.acquire();
    expect(b).toBe(state.created[1]);
    await p.closeAll();
  });

  it('never hands out a stale connection: acquire replaces it', async () => {
    const { p, state } = pool({ healthCheckIntervalMs: 0 });
    const a = await p.acquire();
    p.release(a);
    a.healthy = false;
    const b = await p.acquire();
    expect(b).not.toBe(a);
    expect(a.destroyed).toBe(true);
    expect(state.alive).toBe(1);
    await p.closeAll();
  });

  it('counts a health check that throws as stale', async () => {
    const clock = createManualClock(0);
    const { factory, state } = fakeFactory();
    const p = new ConnectionPool({
      factory: {
        ...factory,
        isHealthy: () => {
          throw new Error('probe failed');
        },
      },
      clock,
    });
    const a = await p.acquire();
    p.release(a);
    await p.checkHealth();
    expect(a.destroyed).toBe(true);
    expect(state.created).toHaveLength(2);
    await p.closeAll();
  });
});

describe('ConnectionPool: waiting and failures', () => {
  it('rejects an acquire after 30 s of waiting with ACQUIRE_TIMEOUT', async () => {
    const { p, clock } = pool({ max: 1 });
    await p.acquire();
    const waiting = p.acquire();
    clock.advance(30_000);
    await expect(waiting).rejects.toBeInstanceOf(AcquireTimeoutError);
    await expect(waiting).rejects.toMatchObject({
      code: ErrorCode.ACQUIRE_TIMEOUT,
      timeoutMs: 30_000,
    });
    expect(p.stats()).toMatchObject({ waiting: 0, timeouts: 1, size: 1 });
    await p.closeAll();
  });

  it('lets an acquire be aborted', async () => {
    const { p } = pool({ max: 1 });
    await p.acquire();
    const ctl = new AbortController();
    const waiting = p.acquire(ctl.signal);
    ctl.abort('no longer needed');
    await expect(waiting).rejects.toMatchObject({
      code: ErrorCode.ACQUIRE_ABORTED,
      cause: 'no longer needed',
    });
    const done = new AbortController();
    done.abort();
    await expect(p.acquire(done.signal)).rejects.toMatchObject({ code: ErrorCode.ACQUIRE_ABORTED });
    expect(p.stats().waiting).toBe(0);
    await p.closeAll();
  });

  it('wraps a failed create in POOL_CREATE_FAILED and frees its place', async () => {
    const { p, state } = pool({ max: 1 });
    state.failNext = 1;
    const err = await p.acquire().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PoolCreateError);
    expect((err as PoolCreateError).cause).toEqual(new Error('refused'));
    expect(p.stats()).toMatchObject({ size: 0 });
    expect(await p.acquire()).toBe(state.created[0]);
    await p.closeAll();
  });

  it('destroy() drops a broken connection and frees its place only once it is destroyed', async () => {
    const { p, state } = pool({ max: 1 });
    const a = await p.acquire();
    let next: FakeConnection | undefined;
    void p.acquire().then((c) => (next = c));
    const destroying = p.destroy(a);
    expect(p.stats()).toMatchObject({ size: 1, in_use: 0, pending: 1 });
    await destroying;
    await flush();
    expect(a.destroyed).toBe(true);
    expect(next).toBe(state.created[1]);
    expect(state.mostAlive).toBe(1);
    await p.closeAll();
  });

  it('refuses to take back a connection it did not hand out', async () => {
    const { p } = pool();
    const a = await p.acquire();
    p.release(a);
    expect(thrown(() => p.release(a))).toMatchObject({ field: 'connection' });
    await p.closeAll();
  });

  it.each([
    [{ factory: undefined }, 'factory'],
    [{ factory: { create: () => ({}), destroy: () => undefined } }, 'factory.isHealthy'],
    [{ max: 0 }, 'max'],
    [{ acquireTimeoutMs: -1 }, 'acquireTimeoutMs'],
    [{ healthCheckIntervalMs: 0.5 }, 'healthCheckIntervalMs'],
  ])('rejects bad options naming the field (%#)', (options, field) => {
    const { factory } = fakeFactory();
    const err = thrown(() => new ConnectionPool({ factory, ...options } as never));
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err).toMatchObject({ field });
  });
});

describe('ConnectionPool: concurrency', () => {
  it('serves 10 concurrent acquires with max 5: 5 at once, the rest in FIFO order as released', async () => {
    const { p, state } = pool();
    const got: [number, FakeConnection][] = [];
    const all = Array.from({ length: 10 }, (_, i) => p.acquire().then((c) => got.push([i, c])));
    await flush(20);
    expect(got.map(([i]) => i)).toEqual([0, 1, 2, 3, 4]);
    expect(p.stats()).toMatchObject({ size: 5, in_use: 5, waiting: 5 });
    for (let k = 0; k < 5; k++) {
      p.release(got[k]![1]);
      await flush(20);
    }
    await Promise.all(all);
    expect(got.map(([i]) => i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(new Set(got.slice(5).map(([, c]) => c))).toEqual(
      new Set(got.slice(0, 5).map(([, c]) => c)),
    );
    expect(state.mostAlive).toBe(5);
    await p.closeAll();
  });

  it('routes concurrent subscriptions each to the connection its caller holds', async () => {
    const { p } = pool({ max: 2 });
    const subscribe = async (ticker: string) => {
      const c = await p.acquire();
      await Promise.resolve();
      c.subscriptions.push(ticker);
      p.release(c);
      return c;
    };
    const [x, y] = await Promise.all([subscribe('AAPL'), subscribe('GOOGL')]);
    expect(x).not.toBe(y);
    expect(x.subscriptions).toEqual(['AAPL']);
    expect(y.subscriptions).toEqual(['GOOGL']);
    await p.closeAll();
  });

  it('keeps its counts exact under interleaved acquire and release', async () => {
    const { p, state } = pool({ max: 3 });
    const held: FakeConnection[] = [];
    const asked: Promise<unknown>[] = [];
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < (round % 4) + 1; i++) asked.push(p.acquire().then((c) => held.push(c)));
      await flush(20);
      const s = p.stats();
      expect(s.size).toBe(s.idle + s.in_use + s.pending);
      expect(s.in_use).toBe(held.length);
      expect(s.size).toBeLessThanOrEqual(3);
      while (held.length > 1) p.release(held.shift()!);
    }
    while (held.length > 0) {
      p.release(held.shift()!);
      await flush(20);
    }
    await Promise.all(asked);
    expect(p.stats()).toMatchObject({ in_use: 0, waiting: 0, idle: 3 });
    expect(state.mostAlive).toBe(3);
    await p.closeAll();
  });
});

describe('ConnectionPool: closing while busy', () => {
  it('closeAll() waits for a connection still being replaced, and destroys it', async () => {
    const { p, state } = pool({ max: 1 });
    const a = await p.acquire();
    p.release(a);
    a.healthy = false;
    const waiting = p.acquire(); // checks a, finds it stale, destroys it, creates another
    const rejected = expect(waiting).rejects.toBeInstanceOf(PoolClosedError);
    await p.closeAll();
    expect(state.alive).toBe(0);
    expect(state.created.every((c) => c.destroyed)).toBe(true);
    await rejected;
  });
});
