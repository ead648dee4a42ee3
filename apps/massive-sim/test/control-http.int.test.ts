import { describe, expect, it } from 'vitest';
import { RawClient, useAuthed, useSim, waitUntil } from './helpers.js';

async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('HTTP control API', () => {
  it('lists connections and stats', async () => {
    const sim = await useSim({ controlPort: 0 });
    await useAuthed(sim.url);
    const list = await call(sim.controlUrl!, 'GET', '/connections');
    expect(list.status).toBe(200);
    expect(list.json).toEqual([expect.objectContaining({ id: 'c1', authenticated: true })]);
    const stats = await call(sim.controlUrl!, 'GET', '/stats');
    expect(stats.json).toMatchObject({ connections: 1, authenticated: 1 });
  });

  it('drops, kills, stalls, sends malformed frames and forces max_connections over HTTP', async () => {
    const sim = await useSim({ controlPort: 0, maxConnections: 10 });
    const [a, b, c, d, e] = await Promise.all([1, 2, 3, 4, 5].map(() => RawClient.authed(sim.url)));
    const ids = sim.control.connections().map((x) => x.id);
    expect(
      (
        await call(sim.controlUrl!, 'POST', `/connections/${ids[0]}/drop`, {
          code: 4003,
          reason: 'http',
        })
      ).status,
    ).toBe(200);
    expect(await a!.closed).toEqual({ code: 4003, reason: 'http' });
    await call(sim.controlUrl!, 'POST', `/connections/${ids[1]}/kill`);
    expect((await b!.closed).code).toBe(1006);
    await call(sim.controlUrl!, 'POST', `/connections/${ids[2]}/stall`, { ms: 10_000 });
    expect(sim.control.connections().find((x) => x.id === ids[2])!.stalled).toBe(true);
    await call(sim.controlUrl!, 'POST', `/connections/${ids[3]}/malformed`, {
      kind: 'unknown-event',
      count: 1,
    });
    expect(JSON.parse((await d!.nextFrame()) as string)[0]).toMatchObject({ ev: 'XYZ' });
    await call(sim.controlUrl!, 'POST', `/connections/${ids[4]}/max-connections`);
    expect((await e!.closed).code).toBe(1008);
    for (const x of [a, b, c, d, e]) x!.close();
  });

  it('sets delays, outages, advances the virtual clock and restarts', async () => {
    const sim = await useSim({ controlPort: 0 });
    const c = await useAuthed(sim.url);
    expect(
      (await call(sim.controlUrl!, 'POST', '/delay', { delayMs: 1, jitterMs: 1 })).status,
    ).toBe(200);
    expect((await call(sim.controlUrl!, 'POST', '/outages', { ticker: 'AAPL' })).status).toBe(200);
    expect((await call(sim.controlUrl!, 'DELETE', '/outages/AAPL')).status).toBe(200);
    c.send({ action: 'subscribe', params: 'T.*' });
    await c.nextStatus('success');
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
    sim.control.advance(10);
    expect((await c.closed).code).toBe(4004);
    const log = await call(sim.controlUrl!, 'GET', '/scenarios/s1');
    expect(log.json).toEqual([{ at: 0, fault: 'drop', targets: ['c1'] }]);
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
    expect((await call(sim.controlUrl!, 'GET', '/nope')).status).toBe(404);
    const scenario = await call(sim.controlUrl!, 'POST', '/scenarios', { steps: [] });
    expect(scenario.status).toBe(400);
    expect(scenario.json['error']).toMatchObject({ code: 'TICKMUX_SIM_SCENARIO_INVALID' });
  });

  it('stays up while the WebSocket side restarts', async () => {
    const sim = await useSim({ controlPort: 0 });
    const restarting = sim.control.restart(300);
    expect((await call(sim.controlUrl!, 'GET', '/stats')).status).toBe(200);
    await restarting;
  });
});
