import { createManualClock } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import {
  idOf,
  RawClient,
  statuses,
  subscribe,
  useAuthed,
  useClient,
  useSim,
  waitUntil,
} from './helpers.js';

const MAX_TEXT =
  'Maximum number of websocket connections exceeded. You have reached the connection limit for your account. Please contact support to increase your limit.';
const maxConnections = { ev: 'status', status: 'max_connections', message: MAX_TEXT };

describe('connection limit per account', () => {
  it('kick-oldest by default, across the keys of one account: the oldest gets max_connections and 1008', async () => {
    const sim = await useSim({ accounts: { acct: { keys: ['k1', 'k2'], maxConnections: 3 } } });
    const c1 = await useAuthed(sim.url, 'k1');
    const c2 = await useAuthed(sim.url, 'k2');
    const c3 = await useAuthed(sim.url, 'k1');
    const c4 = await useAuthed(sim.url, 'k2');
    expect(await c1.nextMessages()).toEqual([maxConnections]);
    expect((await c1.closed).code).toBe(1008);
    for (const c of [c2, c3, c4]) expect(c.ws.readyState).toBe(1);
    expect(sim.control.account('acct')).toMatchObject({
      sockets: 3,
      open: 3,
      highWater: 4,
      kicked: 1,
    });
    expect(sim.control.connections().map((x) => x.id)).toEqual(
      [c2, c3, c4].map((c) => idOf(sim, c)),
    );
    expect(new Set(sim.control.connections().map((x) => x.keyId)).size).toBe(2);
  });

  it('counts each account against its own limit', async () => {
    const sim = await useSim({
      accounts: { alpha: { maxConnections: 1 }, beta: { maxConnections: 2 } },
    });
    const alpha = await useAuthed(sim.url, 'alpha');
    await useAuthed(sim.url, 'beta');
    await useAuthed(sim.url, 'beta');
    expect(sim.control.account('beta')).toMatchObject({ sockets: 2, kicked: 0 });
    await useAuthed(sim.url, 'alpha');
    expect((await alpha.closed).code).toBe(1008);
    expect(sim.control.accounts().map((a) => [a.account, a.sockets, a.kicked])).toEqual([
      ['alpha', 1, 1],
      ['beta', 2, 0],
    ]);
  });

  it('reject-new (an option): the socket over the limit gets auth_success, then max_connections and 1008', async () => {
    const sim = await useSim({ maxConnections: 3, limitPolicy: 'reject-new' });
    const first = [await useAuthed(sim.url), await useAuthed(sim.url), await useAuthed(sim.url)];
    const extra = await useClient(sim.url);
    await extra.nextStatus('connected');
    extra.send({ action: 'auth', params: 'demo' });
    await extra.nextStatus('auth_success');
    expect(await extra.nextMessages()).toEqual([maxConnections]);
    expect((await extra.closed).code).toBe(1008);
    expect(sim.control.connections()).toHaveLength(3);
    for (const c of first) expect(c.ws.readyState).toBe(1);
    expect(sim.control.account('demo')).toMatchObject({ sockets: 3, highWater: 4, rejected: 1 });
  });

  it('reject-new without auth_success first, when configured so', async () => {
    const sim = await useSim({
      maxConnections: 1,
      limitPolicy: 'reject-new',
      maxConnectionsAfterAuth: false,
    });
    await useAuthed(sim.url);
    const extra = await useClient(sim.url);
    await extra.nextStatus('connected');
    extra.send({ action: 'auth', params: 'demo' });
    expect(await extra.nextMessages()).toEqual([maxConnections]);
    expect((await extra.closed).code).toBe(1008);
  });

  it('does not count connections that never authenticated', async () => {
    const sim = await useSim({ maxConnections: 1 });
    const idle = await useClient(sim.url);
    await idle.nextStatus('connected');
    const c = await useAuthed(sim.url);
    expect(c.ws.readyState).toBe(1);
    expect(idle.ws.readyState).toBe(1);
    expect(sim.control.account('demo').sockets).toBe(1);
  });

  it('frees a slot at once when a client closes with a handshake', async () => {
    const sim = await useSim({ maxConnections: 1, limitPolicy: 'reject-new' });
    const a = await RawClient.authed(sim.url);
    a.ws.close();
    await a.closed;
    await waitUntil(() => sim.control.account('demo').sockets === 0);
    const b = await useAuthed(sim.url);
    expect(b.ws.readyState).toBe(1);
    expect(sim.control.connection(idOf(sim, a))).toMatchObject({
      state: 'closed',
      closeCode: 1005,
    });
  });

  it('keeps the high-water mark until it is reset', async () => {
    const sim = await useSim();
    const a = await useAuthed(sim.url);
    await useAuthed(sim.url);
    a.ws.close();
    await waitUntil(() => sim.control.account('demo').sockets === 1);
    expect(sim.control.account('demo').highWater).toBe(2);
    sim.control.resetHighWater('demo');
    expect(sim.control.account('demo').highWater).toBe(1);
    expect(() => sim.control.account('nobody')).toThrow(/no account "nobody"/);
  });
});

describe('zombies (on a manual clock, default zombie time)', () => {
  it('counts a socket its client abandoned without a close handshake for 30 s', async () => {
    const clock = createManualClock(Date.now());
    const sim = await useSim({ wallClock: clock });
    const a = await RawClient.authed(sim.url);
    const id = idOf(sim, a);
    a.ws.terminate(); // no close frame: the server sees 1006
    await waitUntil(() => sim.control.connection(id).state === 'zombie');
    expect(sim.control.account('demo')).toMatchObject({ sockets: 1, zombies: 1 });
    expect(sim.control.connections()).toEqual([]);
    clock.advance(29_999);
    expect(sim.control.connection(id).state).toBe('zombie');
    clock.advance(1);
    expect(sim.control.connection(id)).toMatchObject({ state: 'closed', closeCode: 1006 });
    expect(sim.control.account('demo')).toMatchObject({ sockets: 0, zombies: 0 });
  });

  it('keeps a stalled socket counting for the zombie time, so a 4th socket inside it kicks the oldest', async () => {
    const clock = createManualClock(Date.now());
    const sim = await useSim({ wallClock: clock, maxConnections: 3 });
    const [c1, c2, c3] = [
      await useAuthed(sim.url),
      await useAuthed(sim.url),
      await useAuthed(sim.url),
    ];
    sim.control.stall(idOf(sim, c3)); // the server stops reading and writing it
    c3.ws.terminate(); // its client gives up on it, as a heartbeat would
    clock.advance(29_999);
    expect(sim.control.connection(idOf(sim, c3)).state).toBe('zombie');
    const c4 = await useAuthed(sim.url); // a reconnect inside the zombie time
    expect(await c1.nextMessages()).toEqual([maxConnections]);
    expect((await c1.closed).code).toBe(1008);
    expect(c2.ws.readyState).toBe(1);
    expect(sim.control.account('demo')).toMatchObject({
      sockets: 3,
      zombies: 1,
      highWater: 4,
      kicked: 1,
    });
    clock.advance(1); // the stall ends: the server notices the socket is gone
    await waitUntil(() => sim.control.connection(idOf(sim, c3)).state === 'closed');
    expect(sim.control.account('demo')).toMatchObject({ sockets: 2, zombies: 0 });
    expect(c4.ws.readyState).toBe(1);
  });

  it('does not keep zombies when the zombie time is 0', async () => {
    const sim = await useSim({ zombieMs: 0 });
    const a = await RawClient.authed(sim.url);
    const id = idOf(sim, a);
    a.ws.terminate();
    await waitUntil(() => sim.control.connection(id).state === 'closed');
    expect(sim.control.account('demo').sockets).toBe(0);
  });
});

describe('slow consumers', () => {
  it('closes a socket whose unsent bytes pass the threshold, with a slow_consumer status and 1008', async () => {
    // A manual clock holds the 2 s give-up timer, so a slow reader on a loaded machine still sees 1008.
    const clock = createManualClock(Date.now());
    const sim = await useSim({ wallClock: clock, rate: 20_000, slowConsumerBytes: 64 * 1024 });
    const c = await useAuthed(sim.url);
    await subscribe(c, 'T.*,Q.*');
    // Stop reading: the kernel buffers fill, then the simulator's.
    const socket = (c.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();
    for (let i = 0; i < 20 && sim.control.connections().length > 0; i++)
      await sim.control.advance(2_000);
    expect(sim.control.connection('c1')).toMatchObject({ state: 'closed', closeCode: 1008 });
    socket.resume();
    const { code, reason } = await c.closed;
    expect(code).toBe(1008);
    expect(reason).toBe('slow consumer');
    expect(statuses(c).at(-1)).toMatchObject({ status: 'slow_consumer' });
  });

  it('leaves a socket that keeps up alone', async () => {
    const sim = await useSim({ clock: 'real', rate: 5_000, slowConsumerBytes: 64 * 1024 });
    const c = await useAuthed(sim.url);
    await subscribe(c, 'T.*,Q.*');
    await waitUntil(() => c.events().length > 1_000, 10_000);
    expect(c.ws.readyState).toBe(1);
  });
});
