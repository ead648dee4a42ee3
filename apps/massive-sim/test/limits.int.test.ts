import { describe, expect, it } from 'vitest';
import { RawClient, subscribe, useAuthed, useClient, useSim, waitUntil } from './helpers.js';

const MAX_TEXT =
  'Maximum number of websocket connections exceeded. You have reached the connection limit for your account. Please contact support to increase your limit.';

describe('connection limit per API key', () => {
  it('reject-new: the connection over the limit gets max_connections (after auth_success) and 1008', async () => {
    const sim = await useSim({ maxConnections: 3 });
    const first = [await useAuthed(sim.url), await useAuthed(sim.url), await useAuthed(sim.url)];
    const extra = await useClient(sim.url);
    await extra.nextStatus('connected');
    extra.send({ action: 'auth', params: 'demo' });
    await extra.nextStatus('auth_success');
    expect(await extra.nextMessages()).toEqual([
      { ev: 'status', status: 'max_connections', message: MAX_TEXT },
    ]);
    expect((await extra.closed).code).toBe(1008);
    expect(sim.control.connections()).toHaveLength(3);
    for (const c of first) expect(c.ws.readyState).toBe(1);
  });

  it('reject-new without auth_success first, when configured so', async () => {
    const sim = await useSim({ maxConnections: 1, maxConnectionsAfterAuth: false });
    await useAuthed(sim.url);
    const extra = await useClient(sim.url);
    await extra.nextStatus('connected');
    extra.send({ action: 'auth', params: 'demo' });
    expect((await extra.nextMessages())[0]).toMatchObject({ status: 'max_connections' });
    expect((await extra.closed).code).toBe(1008);
  });

  it('kick-oldest: the oldest connection gets max_connections and 1008, the new one stays', async () => {
    const sim = await useSim({ maxConnections: 2, limitPolicy: 'kick-oldest' });
    const oldest = await useAuthed(sim.url);
    const second = await useAuthed(sim.url);
    const newest = await useAuthed(sim.url);
    expect((await oldest.nextMessages())[0]).toMatchObject({
      status: 'max_connections',
      message: MAX_TEXT,
    });
    expect((await oldest.closed).code).toBe(1008);
    expect(second.ws.readyState).toBe(1);
    expect(newest.ws.readyState).toBe(1);
    await waitUntil(() => sim.control.connections().length === 2);
  });

  it('counts each API key against its own limit', async () => {
    const sim = await useSim({
      accounts: { alpha: { maxConnections: 1 }, beta: { maxConnections: 2 } },
    });
    await useAuthed(sim.url, 'alpha');
    await useAuthed(sim.url, 'beta');
    await useAuthed(sim.url, 'beta');
    const overAlpha = await useClient(sim.url);
    overAlpha.send({ action: 'auth', params: 'alpha' });
    await overAlpha.nextStatus('max_connections');
    expect(sim.control.connections().filter((c) => c.authenticated)).toHaveLength(3);
  });

  it('does not count connections that never authenticated', async () => {
    const sim = await useSim({ maxConnections: 1 });
    const idle = await useClient(sim.url);
    await idle.nextStatus('connected');
    const c = await useAuthed(sim.url);
    expect(c.ws.readyState).toBe(1);
  });

  it('frees a slot when a connection closes', async () => {
    const sim = await useSim({ maxConnections: 1 });
    const a = await RawClient.authed(sim.url);
    a.ws.close();
    await a.closed;
    await waitUntil(() => sim.control.connections().length === 0);
    const b = await useAuthed(sim.url);
    expect(b.ws.readyState).toBe(1);
  });
});

describe('slow consumers', () => {
  it('closes a socket whose unsent bytes pass the threshold, with 1008 and a slow_consumer status', async () => {
    const sim = await useSim({ clock: 'real', rate: 200_000, slowConsumerBytes: 64 * 1024 });
    const c = await useAuthed(sim.url);
    await subscribe(c, 'T.*,Q.*');
    // Stop reading: the kernel buffers fill, then the simulator's.
    const socket = (c.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();
    await waitUntil(
      () => sim.control.connections().length === 0,
      10_000,
      'the simulator to drop the slow socket',
    );
    socket.resume();
    const { code, reason } = await c.closed;
    expect(code).toBe(1008);
    expect(reason).toBe('slow consumer');
    const statuses = c.frames
      .flatMap((f) => JSON.parse(f.toString()) as Record<string, unknown>[])
      .filter((m) => m['ev'] === 'status');
    expect(statuses.at(-1)).toMatchObject({ status: 'slow_consumer' });
  });

  it('leaves a socket that keeps up alone', async () => {
    const sim = await useSim({ clock: 'real', rate: 5_000, slowConsumerBytes: 64 * 1024 });
    const c = await useAuthed(sim.url);
    await subscribe(c, 'T.*,Q.*');
    await waitUntil(() => c.events().length > 1_000, 10_000);
    expect(c.ws.readyState).toBe(1);
  });
});
