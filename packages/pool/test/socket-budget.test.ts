import { createManualClock, ErrorCode, InvalidArgumentError } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import {
  AcquireAbortedError,
  BudgetClosedError,
  DEFAULT_SOCKET_BUDGET_OPTIONS,
  jitteredDelay,
  slotHoldMs,
  SocketBudget,
  type SocketSlot,
} from '../src/index.js';
import { flush, recordingLogger, thrown } from './helpers.js';

const CLEAN = { wasClean: true, abandoned: false };
const ABANDONED = { wasClean: false, abandoned: true };

/** A budget on a manual clock with default options and a fixed jitter draw (0.5: no jitter). */
function budget(options: ConstructorParameters<typeof SocketBudget>[0] = {}) {
  const clock = createManualClock(0);
  const b = new SocketBudget({ clock, random: () => 0.5, ...options });
  const granted: SocketSlot[] = [];
  const take = (signal?: AbortSignal) => {
    const p = b.acquire(signal);
    p.then((s) => granted.push(s)).catch(() => undefined);
    return p;
  };
  /** Time passes `ms` − 1: nothing more is granted; 1 ms more: exactly one more slot is. */
  const grantsOneAfter = async (ms: number) => {
    const before = granted.length;
    clock.advance(ms - 1);
    await flush();
    expect(granted).toHaveLength(before);
    clock.advance(1);
    await flush();
    expect(granted).toHaveLength(before + 1);
  };
  return { clock, b, granted, take, grantsOneAfter };
}

describe('socket budget', () => {
  it('grants maxSockets slots (3 by default) and queues the rest in order', async () => {
    const { b, granted, take } = budget();
    for (let i = 0; i < 5; i++) void take();
    await flush();
    expect(granted.map((s) => s.id)).toEqual([1, 2, 3]);
    expect(b.stats()).toMatchObject({ open: 3, waiting: 2, max_sockets: 3, limit: 3 });
    granted[1]!.release(CLEAN);
    await flush();
    expect(granted.map((s) => s.id)).toEqual([1, 2, 3, 4]);
  });

  it('keeps a slot taken while its socket is closing, until release()', async () => {
    const { b, granted, take, clock } = budget({ maxSockets: 1 });
    void take();
    void take();
    clock.advance(600_000);
    await flush();
    expect(granted).toHaveLength(1);
    expect(b.held).toBe(1);
  });

  it('frees a cleanly closed slot at once', async () => {
    const { b, granted, take } = budget({ maxSockets: 1 });
    void take();
    void take();
    await flush();
    granted[0]!.release(CLEAN);
    await flush();
    expect(granted).toHaveLength(2);
    expect(b.stats()).toMatchObject({ open: 1, zombies: 0 });
  });

  it("holds an abandoned socket's slot for the 30 s zombie grace", async () => {
    const { b, granted, take, grantsOneAfter } = budget({ maxSockets: 1 });
    void take();
    void take();
    await flush();
    granted[0]!.release(ABANDONED);
    expect(b.stats()).toMatchObject({ open: 0, zombies: 1 });
    await grantsOneAfter(30_000);
    expect(b.stats()).toMatchObject({ open: 1, zombies: 0 });
  });

  it('holds the grace after any close without a handshake', () => {
    expect(slotHoldMs({ wasClean: true, abandoned: false }, 30_000)).toBe(0);
    expect(slotHoldMs({ wasClean: false, abandoned: false }, 30_000)).toBe(30_000);
    expect(slotHoldMs({ wasClean: false, abandoned: true }, 30_000)).toBe(30_000);
    expect(slotHoldMs({ wasClean: true, abandoned: true }, 30_000)).toBe(30_000);
  });

  it('grants nothing during the 60 s back-off after max_connections', async () => {
    const { b, granted, take, grantsOneAfter } = budget();
    void take();
    void take();
    await flush();
    b.maxConnections(); // held 2 of 3: contention, limit 1
    granted[0]!.release(CLEAN);
    granted[1]!.release(CLEAN);
    void take();
    expect(b.stats().backing_off).toBe(true);
    await grantsOneAfter(60_000);
    expect(b.stats().backing_off).toBe(false);
  });

  it('draws the back-off from the injected random: 60 s ± 20 %', () => {
    expect(jitteredDelay(60_000, 0.2, () => 0)).toBe(48_000);
    expect(jitteredDelay(60_000, 0.2, () => 0.5)).toBe(60_000);
    expect(jitteredDelay(60_000, 0.2, () => 0.999_999)).toBe(72_000);
  });

  it('extends the back-off on a later max_connections, never shortens it', async () => {
    let draw = 0.999_999;
    const { b, granted, take, clock, grantsOneAfter } = budget({
      maxSockets: 1,
      random: () => draw,
    });
    void take();
    await flush();
    b.maxConnections(); // 72 s
    granted[0]!.release(CLEAN);
    clock.advance(10_000);
    draw = 0;
    b.maxConnections(); // 10 + 48 = 58 s < 72 s: unchanged
    void take();
    await grantsOneAfter(62_000);
    draw = 0.5;
    b.maxConnections(); // now + 60 s
    granted[1]!.release(CLEAN);
    void take();
    await grantsOneAfter(60_000);
  });

  it('counts account contention when max_connections arrives with slots to spare, lowers the limit, and probes it back', async () => {
    const { logger, lines } = recordingLogger();
    const { b, granted, take, clock } = budget({ logger });
    void take();
    void take();
    await flush();
    b.maxConnections(); // we hold 2 of 3: someone else holds one
    expect(b.stats()).toMatchObject({ account_contention: 1, limit: 1, max_connections: 1 });
    expect(lines.some((l) => l.level === 'warn')).toBe(true);
    granted[0]!.release(CLEAN); // the kicked socket closes
    void take();
    clock.advance(60_000);
    await flush();
    expect(granted).toHaveLength(2); // 1 held = limit 1
    clock.advance(300_000 - 60_000 - 1);
    await flush();
    expect(granted).toHaveLength(2);
    clock.advance(1); // the probe: one more slot
    await flush();
    expect(b.limit).toBe(2);
    expect(granted).toHaveLength(3);
    clock.advance(300_000);
    expect(b.limit).toBe(3);
    expect(clock.pending()).toBe(0);
  });

  it('takes a second max_connections at full hold after a back-off as contention (no endless loop)', async () => {
    const { b, granted, take, clock } = budget();
    for (let i = 0; i < 3; i++) void take();
    await flush();
    b.maxConnections(); // full hold: maybe one of our own zombies still counted
    expect(b.stats().account_contention).toBe(0);
    granted[0]!.release(CLEAN);
    void take();
    clock.advance(60_000);
    await flush();
    expect(granted).toHaveLength(4);
    b.maxConnections(); // again, with no zombie of ours left: another process
    expect(b.stats()).toMatchObject({ account_contention: 1, limit: 2 });
  });

  it('takes a kick right after a probe as contention at once: the probe failed', async () => {
    const { b, granted, take, clock } = budget();
    void take();
    void take();
    await flush();
    b.maxConnections(); // held 2 of 3: limit 1
    granted[0]!.release(CLEAN);
    clock.advance(300_000); // probe: limit 2
    void take();
    await flush();
    expect(granted).toHaveLength(3);
    clock.advance(300_000); // probe: limit 3
    void take();
    await flush();
    expect(granted).toHaveLength(4);
    b.maxConnections(); // at full hold, within a probe interval of the probe
    expect(b.stats()).toMatchObject({ account_contention: 2, limit: 2 });
  });

  it('lets an acquire be aborted, before or while it waits', async () => {
    const { b, granted, take } = budget({ maxSockets: 1 });
    const pre = new AbortController();
    pre.abort('gone');
    await expect(b.acquire(pre.signal)).rejects.toBeInstanceOf(AcquireAbortedError);
    void take();
    const ctl = new AbortController();
    const waiting = b.acquire(ctl.signal);
    void take();
    ctl.abort('changed my mind');
    await expect(waiting).rejects.toMatchObject({
      code: ErrorCode.ACQUIRE_ABORTED,
      cause: 'changed my mind',
    });
    await flush();
    granted[0]!.release(CLEAN);
    await flush();
    expect(granted).toHaveLength(2);
    expect(b.stats().waiting).toBe(0);
  });

  it('close() rejects the waiters, stops every timer, and is idempotent', async () => {
    const { b, granted, take, clock } = budget({ maxSockets: 1 });
    void take();
    await flush();
    const waiting = b.acquire();
    granted[0]!.release(ABANDONED);
    b.maxConnections();
    expect(clock.pending()).toBeGreaterThan(0);
    b.close();
    b.close();
    await expect(waiting).rejects.toBeInstanceOf(BudgetClosedError);
    await expect(b.acquire()).rejects.toMatchObject({ code: ErrorCode.BUDGET_CLOSED });
    expect(clock.pending()).toBe(0);
  });

  it('takes release info as { wasClean, abandoned } and releases once', async () => {
    const { b, granted, take } = budget();
    void take();
    await flush();
    const slot = granted[0]!;
    expect(thrown(() => slot.release(null as never))).toMatchObject({ field: 'info' });
    expect(thrown(() => slot.release({ wasClean: 1 } as never))).toMatchObject({
      field: 'info.wasClean',
    });
    expect(thrown(() => slot.release({ wasClean: true } as never))).toMatchObject({
      field: 'info.abandoned',
    });
    slot.release(CLEAN);
    slot.release(ABANDONED);
    expect(slot.released).toBe(true);
    expect(b.stats()).toMatchObject({ open: 0, zombies: 0 });
  });

  it('states its defaults', () => {
    expect(DEFAULT_SOCKET_BUDGET_OPTIONS).toEqual({
      maxSockets: 3,
      zombieGraceMs: 30_000,
      maxConnectionsBackoffMs: 60_000,
      jitter: 0.2,
      probeIntervalMs: 300_000,
    });
  });

  it.each([
    ['maxSockets', 0],
    ['zombieGraceMs', -1],
    ['maxConnectionsBackoffMs', 1.5],
    ['jitter', 2],
    ['probeIntervalMs', 0],
    ['random', 'x'],
    ['clock', {}],
  ])('rejects %s = %j naming the option', (field, value) => {
    const err = thrown(() => new SocketBudget({ [field]: value }));
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err).toMatchObject({ field });
  });
});
