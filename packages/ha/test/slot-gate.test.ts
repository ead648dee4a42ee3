import { ErrorCode } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import { GateAbortedError, LeaseCoordinator, LeaseLostError, SlotGate } from '../src/index.js';
import { World } from './world.js';

function standbyWorld() {
  const w = World.withAccount(3, 30_000);
  const leader = w.spawn('a', { bootQuiet: false });
  const standby = w.spawn('b', { bootQuiet: false });
  return { w, leader, standby, gate: new SlotGate(standby.coordinator) };
}

describe('SlotGate', () => {
  it('grants at once while the lease is held, and the ticket signal fires when it is lost', async () => {
    const w = World.withAccount(3, 30_000);
    const a = w.spawn('a', { bootQuiet: false });
    await w.run(100);
    const gate = new SlotGate(a.coordinator);
    const ticket = await gate.acquire(2);
    expect(ticket).toMatchObject({ slot: 2, token: a.coordinator.lease(2)!.token });
    expect(ticket.valid()).toBe(true);
    a.proc.partitioned = true;
    await w.run(10_000);
    expect(ticket.valid()).toBe(false);
    expect(ticket.signal.aborted).toBe(true);
    expect(ticket.signal.reason).toBeInstanceOf(LeaseLostError);
    gate.close();
  });

  it('waits while another instance holds the slot, and resolves on takeover', async () => {
    const { w, leader, gate } = standbyWorld();
    await w.run(100);
    let granted = false;
    const pending = gate.acquire(1).then((t) => {
      granted = true;
      return t;
    });
    await w.run(60_000, 20);
    expect(granted).toBe(false);
    expect(gate.waiting).toBe(1);
    w.kill(leader);
    await w.run(45_000, 20);
    expect(granted).toBe(true);
    expect((await pending).valid()).toBe(true);
  });

  it('rejects when the signal aborts, and when the gate closes', async () => {
    const { w, gate } = standbyWorld();
    await w.run(100);
    const abort = new AbortController();
    const aborted = gate.acquire(1, abort.signal).catch((e: unknown) => e);
    abort.abort('client disconnect');
    expect(await aborted).toBeInstanceOf(GateAbortedError);
    const pre = new AbortController();
    pre.abort();
    await expect(gate.acquire(1, pre.signal)).rejects.toMatchObject({
      code: ErrorCode.ACQUIRE_ABORTED,
    });
    const closed = gate.acquire(3).catch((e: unknown) => e);
    gate.close();
    expect(await closed).toMatchObject({ code: ErrorCode.HA_CLOSED });
    await expect(gate.acquire(3)).rejects.toMatchObject({ code: ErrorCode.HA_CLOSED });
    expect(gate.waiting).toBe(0);
  });

  it('socketGate(slot, onLost) is a MassiveClient socketGate that reports the loss of an opened socket', async () => {
    const w = World.withAccount(3, 30_000);
    const a = w.spawn('a', { bootQuiet: false });
    await w.run(100);
    const gate = new SlotGate(a.coordinator);
    const lost: string[] = [];
    const socketGate = gate.socketGate(1, (reason) => lost.push(reason));
    await socketGate(new AbortController().signal);
    expect(lost).toEqual([]);
    const stopped = a.coordinator.stop();
    await w.run(2_100);
    await stopped;
    expect(lost).toEqual(['stopped']);
  });

  it('a clean socket close reported through the gate frees the slot without the zombie wait', async () => {
    const w = World.withAccount(3, 30_000);
    const a = new LeaseCoordinator({ store: w.store, clock: w.clock, bootQuiet: false, slots: 1 });
    a.start();
    await w.run(100);
    const gate = new SlotGate(a);
    const ticket = await gate.acquire(1);
    const stopped = a.stop();
    await w.run(500);
    expect(w.store.holder('1')).toBeDefined(); // waiting for the socket's close report
    ticket.socketClosed({ wasClean: true, abandoned: false });
    await w.run(50);
    await stopped;
    expect(w.store.holder('1')).toBeUndefined();
    const c = await w.store.acquire({
      name: '1',
      owner: 'c#1',
      leaseMs: 10_000,
      quietMs: 40_000,
      bootQuietMs: 0,
    });
    expect(c.kind).toBe('acquired');
  });
});
