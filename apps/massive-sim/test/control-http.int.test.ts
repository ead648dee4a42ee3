import { createManualClock } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import {
  idOf,
  RawClient,
  sleep,
  statuses,
  subscribe,
  useAuthed,
  useSim,
  waitUntil,
} from './helpers.js';

type Json = Record<string, unknown>;

async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; json: Json & Json[] }> {
  const res = await fetch(base + path, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token !== undefined && { authorization: `Bearer ${token}` }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Json & Json[] };
}

describe('HTTP control API', () => {
  it('lists connections, one connection, stats, and closed ones on request', async () => {
    const sim = await useSim({ controlPort: 0 });
    expect(sim.controlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const c = await useAuthed(sim.url);
    const list = await call(sim.controlUrl!, 'GET', '/connections');
    expect(list.json).toEqual([
      expect.objectContaining({ id: 'c1', authenticated: true, remotePort: c.localPort }),
    ]);
    expect((await call(sim.controlUrl!, 'GET', '/connections/c1')).json).toMatchObject({
      state: 'open',
    });
    expect((await call(sim.controlUrl!, 'GET', '/stats')).json).toMatchObject({
      connections: 1,
      authenticated: 1,
    });
    c.ws.close();
    await waitUntil(() => sim.control.connections().length === 0);
    expect((await call(sim.controlUrl!, 'GET', '/connections?state=all')).json).toEqual([
      expect.objectContaining({ id: 'c1', state: 'closed' }),
    ]);
  });

  it('drops, kills, stalls, sends malformed frames, forces max_connections, force_disconnect and slow_consumer', async () => {
    const sim = await useSim({ controlPort: 0, maxConnections: 10 });
    const clients = [];
    for (let i = 0; i < 7; i++) clients.push(await useAuthed(sim.url));
    const [a, b, c, d, e, f, g] = clients.map((x) => ({ client: x, id: idOf(sim, x) }));
    const post = (path: string, body?: unknown) => call(sim.controlUrl!, 'POST', path, body);
    expect((await post(`/connections/${a!.id}/drop`, { code: 4003, reason: 'http' })).status).toBe(
      200,
    );
    expect(await a!.client.closed).toEqual({ code: 4003, reason: 'http' });
    await post(`/connections/${b!.id}/kill`);
    expect((await b!.client.closed).code).toBe(1006);
    await post(`/connections/${c!.id}/stall`, { ms: 10_000 });
    expect(sim.control.connection(c!.id)).toMatchObject({ stalled: true, state: 'zombie' });
    await post(`/connections/${d!.id}/malformed`, { kind: 'unknown-event', count: 1 });
    expect(JSON.parse((await d!.client.nextFrame()) as string)[0]).toMatchObject({ ev: 'XYZ' });
    for (const [x, route, status] of [
      [e!, 'max-connections', 'max_connections'],
      [f!, 'force-disconnect', 'force_disconnect'],
      [g!, 'slow-consumer', 'slow_consumer'],
    ] as const) {
      await post(`/connections/${x.id}/${route}`);
      expect((await x.client.closed).code).toBe(1008);
      expect(statuses(x.client).at(-1)).toMatchObject({ status });
    }
  });

  it('reports accounts (with a resettable high-water mark) and ground truth', async () => {
    const sim = await useSim({ controlPort: 0, rate: 2_000 });
    const a = await useAuthed(sim.url);
    const b = await useAuthed(sim.url);
    await subscribe(b, 'T.AAPL');
    a.ws.close();
    await waitUntil(() => sim.control.account('demo').sockets === 1);
    expect((await call(sim.controlUrl!, 'GET', '/accounts')).json).toEqual([
      expect.objectContaining({ account: 'demo', sockets: 1, highWater: 2, maxConnections: 3 }),
    ]);
    await call(sim.controlUrl!, 'POST', '/accounts/demo/reset-high-water');
    expect((await call(sim.controlUrl!, 'GET', '/accounts/demo')).json).toMatchObject({
      highWater: 1,
    });
    await call(sim.controlUrl!, 'POST', '/advance', { ms: 5_000 });
    const truth = await call(sim.controlUrl!, 'GET', '/truth?channel=T&ticker=AAPL');
    expect(truth.json).toEqual([expect.objectContaining({ channel: 'T', ticker: 'AAPL' })]);
    const sent = truth.json[0]!['bySocket'] as Record<string, { sent: number }>;
    expect(sent[idOf(sim, b)]!.sent).toBeGreaterThan(0);
  });

  it('changes settings at runtime and refuses bad ones naming the field', async () => {
    const sim = await useSim({ controlPort: 0 });
    const patched = await call(sim.controlUrl!, 'PATCH', '/settings', {
      limitPolicy: 'reject-new',
      maxConnections: 1,
      zombieMs: 5_000,
      rate: 1_000,
    });
    expect(patched.json).toMatchObject({
      limitPolicy: 'reject-new',
      zombieMs: 5_000,
      rate: 1_000,
      maxConnections: { demo: 1 },
    });
    await useAuthed(sim.url);
    const extra = await useAuthed(sim.url);
    expect((await extra.closed).code).toBe(1008);
    const bad = await call(sim.controlUrl!, 'PATCH', '/settings', { limitPolicy: 'coin-flip' });
    expect(bad.status).toBe(400);
    expect(bad.json['error']).toMatchObject({ field: 'limitPolicy' });
    const unknown = await call(sim.controlUrl!, 'PATCH', '/settings', {
      maxConnections: { nobody: 2 },
    });
    expect(unknown.json['error']).toMatchObject({ field: 'maxConnections.nobody' });
  });

  it('sets delays, outages and halts, advances the virtual clock and restarts', async () => {
    const sim = await useSim({ controlPort: 0 });
    const c = await useAuthed(sim.url);
    expect(
      (await call(sim.controlUrl!, 'POST', '/delay', { delayMs: 1, jitterMs: 1 })).status,
    ).toBe(200);
    expect((await call(sim.controlUrl!, 'POST', '/outages', { ticker: 'AAPL' })).status).toBe(200);
    expect((await call(sim.controlUrl!, 'DELETE', '/outages/AAPL')).status).toBe(200);
    expect(
      (await call(sim.controlUrl!, 'POST', '/halts', { ticker: 'MSFT', durationMs: 1_000 })).status,
    ).toBe(200);
    await subscribe(c, 'T.*');
    expect((await call(sim.controlUrl!, 'POST', '/advance', { ms: 500 })).status).toBe(200);
    await waitUntil(() => c.events().length > 0);
    expect((await call(sim.controlUrl!, 'POST', '/restart', { downMs: 50 })).status).toBe(200);
    expect((await c.closed).code).toBe(1012);
  });

  it('runs a scenario and reports its log', async () => {
    const sim = await useSim({ controlPort: 0 });
    const c = await useAuthed(sim.url);
    const started = await call(sim.controlUrl!, 'POST', '/scenarios', {
      steps: [{ at: 0, fault: 'drop', target: 'oldest', code: 4004 }],
    });
    expect(started.json).toEqual({ id: 's1' });
    await sim.control.advance(10);
    expect((await c.closed).code).toBe(4004);
    expect((await call(sim.controlUrl!, 'GET', '/scenarios/s1')).json).toEqual([
      { at: 0, fault: 'drop', targets: ['c1'] },
    ]);
  });

  it('answers bad input with 400 naming the field, unknown ids and routes with 404', async () => {
    const sim = await useSim({ controlPort: 0 });
    await useAuthed(sim.url);
    const bad = await call(sim.controlUrl!, 'POST', '/connections/c1/stall', { ms: 'soon' });
    expect(bad.status).toBe(400);
    expect(bad.json['error']).toMatchObject({ field: 'ms' });
    const kind = await call(sim.controlUrl!, 'POST', '/connections/c1/malformed', {
      kind: 'weird',
    });
    expect(kind.json['error']).toMatchObject({ field: 'kind' });
    expect((await call(sim.controlUrl!, 'POST', '/connections/c9/kill')).status).toBe(404);
    expect((await call(sim.controlUrl!, 'GET', '/accounts/nobody')).status).toBe(404);
    expect((await call(sim.controlUrl!, 'GET', '/nope')).status).toBe(404);
    expect(
      (await call(sim.controlUrl!, 'GET', '/connections?state=weird')).json['error'],
    ).toMatchObject({ field: 'state' });
    const scenario = await call(sim.controlUrl!, 'POST', '/scenarios', { steps: [] });
    expect(scenario.status).toBe(400);
    expect(scenario.json['error']).toMatchObject({ code: 'TICKMUX_SIM_SCENARIO_INVALID' });
  });

  it('requires the bearer token when one is set', async () => {
    const token = 'a-long-secret-token';
    const sim = await useSim({ controlPort: 0, controlToken: token });
    const none = await call(sim.controlUrl!, 'GET', '/stats');
    expect(none.status).toBe(401);
    expect(none.json['error']).toMatchObject({ code: 'TICKMUX_SIM_CONTROL_UNAUTHORIZED' });
    expect(
      (await call(sim.controlUrl!, 'GET', '/stats', undefined, 'wrong-token-wrong')).status,
    ).toBe(401);
    expect((await call(sim.controlUrl!, 'GET', '/stats', undefined, token)).status).toBe(200);
  });

  it('stays up while the WebSocket side restarts (manual clock: the WebSocket side is down while it answers)', async () => {
    const clock = createManualClock(Date.now());
    const sim = await useSim({ controlPort: 0, wallClock: clock });
    const restarting = sim.control.restart(300);
    // The listener is closed and the restart timer is waiting on the manual clock.
    await waitUntil(() => clock.pending() === 1, 5_000, 'the restart timer');
    await expect(RawClient.open(sim.url)).rejects.toThrow();
    const stats = await Promise.race([
      call(sim.controlUrl!, 'GET', '/stats'),
      sleep(5_000).then(() => 'no answer within 5 s while the WebSocket side was down'),
    ]);
    expect(stats).toMatchObject({ status: 200 });
    await expect(RawClient.open(sim.url)).rejects.toThrow();
    clock.advance(300);
    await restarting;
    expect((await useAuthed(sim.url)).ws.readyState).toBe(1);
  });
});
