import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULT_KINDS, SimFaults } from '../src/index.js';
import {
  SERVICE_TICKERS,
  client,
  eventually,
  startRealService,
  type RealService,
} from './real-service.js';

// Every route of the API against the real service: the adapter on an in-process simulator (the
// manager with three connections once it is wired, else one client), sinks, metrics, HTTP.
const TOKEN = 'service-api-token';

describe('the HTTP API of the real service (adapter + simulator)', () => {
  let s: RealService;
  let api: ReturnType<typeof client>;
  const auth = { authorization: `Bearer ${TOKEN}` };

  beforeAll(async () => {
    s = await startRealService({ service: { token: TOKEN } });
    api = client(s.base);
    await eventually(
      () => s.service.adapter.getHealthStatus(),
      (h) => h.connected === s.expected && h.total_ticks > 0,
      20_000,
      'every connection connected with ticks flowing',
    );
  }, 30_000);

  afterAll(() => s?.close());

  it('GET /api/websocket/connections: the health object, every connection connected with its tickers', async () => {
    const r = await api.call('/api/websocket/connections');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.json.total_connections).toBe(s.expected);
    expect(r.json.connected).toBe(s.expected);
    const ids = Object.keys(r.json.connections as object);
    expect(ids).toHaveLength(s.expected);
    let assigned = 0;
    for (const id of ids) {
      const c = r.json.connections[id];
      expect(c.status).toBe('connected');
      expect(c.tickers).toBeGreaterThan(0);
      assigned += c.tickers;
    }
    // Every ticker somewhere (replicas count on each connection that carries them).
    expect(assigned).toBeGreaterThanOrEqual(SERVICE_TICKERS.length);
    // Counters move.
    const before = r.json.total_ticks as number;
    await eventually(
      () => api.call('/api/websocket/connections'),
      (x) => x.json.total_ticks > before,
      10_000,
      'total_ticks to grow',
    );
  });

  it('GET /api/websocket/connections/:id and /:id/tickers; unknown ids are 404 naming them', async () => {
    const id = Object.keys(s.service.adapter.getHealthStatus().connections)[0]!;
    const one = await api.call(`/api/websocket/connections/${id}`);
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ id, status: 'connected' });
    const tickers = await api.call(`/api/websocket/connections/${id}/tickers`);
    expect(tickers.status).toBe(200);
    expect(tickers.json.id).toBe(id);
    expect(tickers.json.count).toBe(one.json.tickers);
    expect(tickers.json.tickers).toHaveLength(one.json.tickers as number);
    for (const t of tickers.json.tickers as string[]) expect(SERVICE_TICKERS).toContain(t);
    for (const path of [
      '/api/websocket/connections/nope',
      '/api/websocket/connections/nope/tickers',
    ]) {
      const r = await api.call(path);
      expect(r.status).toBe(404);
      expect(r.json.error).toMatchObject({ code: 'TICKMUX_UNKNOWN_CONNECTION' });
      expect(r.json.error.message).toContain('nope');
    }
  });

  it('POST /api/websocket/rebalance: 401 without the token, 400 for a bad body, the moves with it', async () => {
    expect((await api.post('/api/websocket/rebalance', {})).status).toBe(401);
    const wrong = await api.post('/api/websocket/rebalance', {}, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.code).toBe('TICKMUX_UNAUTHORIZED');
    const bad = await api.post('/api/websocket/rebalance', { strategy: 'x' }, auth);
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({
      code: 'TICKMUX_INVALID_ARGUMENT',
      field: 'body.strategy',
    });
    const notJson = await api.post('/api/websocket/rebalance', '{', auth);
    expect(notJson.status).toBe(400);
    expect(notJson.json.error.field).toBe('body');
    const ok = await api.post('/api/websocket/rebalance', undefined, auth);
    expect(ok.status).toBe(200);
    expect(Array.isArray(ok.json.moves)).toBe(true);
    for (const m of ok.json.moves as { ticker: string; to: string }[]) {
      expect(SERVICE_TICKERS).toContain(m.ticker);
      expect(Object.keys(s.service.adapter.getHealthStatus().connections)).toContain(m.to);
    }
    expect((await api.call('/api/websocket/rebalance')).status).toBe(405);
  });

  it('GET /api/gaps, /api/sinks, /api/snapshot, /metrics, /healthz, /readyz, / and the SSE stream', async () => {
    const gaps = await api.call('/api/gaps');
    expect(gaps.status).toBe(200);
    expect(gaps.json).toEqual({
      total: s.service.adapter.gaps().length,
      gaps: [...s.service.adapter.gaps()],
    });
    expect((await api.call('/api/gaps?open=maybe')).json.error.field).toBe('open');
    expect((await api.call('/api/gaps?limit=-1')).status).toBe(400);

    const sinks = await api.call('/api/sinks');
    expect(sinks.status).toBe(200);
    const memory = (sinks.json.sinks as { name: string; published: number }[]).find(
      (x) => x.name === 'memory',
    );
    expect(memory!.published).toBeGreaterThan(0);
    expect((sinks.json.sinks as { name: string }[]).map((x) => x.name)).toEqual([
      'memory',
      'websocket',
    ]);

    const snap = await api.call('/api/snapshot');
    expect(snap.status).toBe(200);
    expect(snap.json.health.total_connections).toBe(s.expected);
    expect(snap.json.faults).toEqual([...FAULT_KINDS]);
    expect(snap.json.readiness.ready).toBe(true);

    const metrics = await api.call('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(new RegExp(`^tickmux_connections_connected ${s.expected}$`, 'm'));
    expect(metrics.text).toMatch(/^tickmux_ticks_total [1-9]\d*$/m);
    expect(metrics.text).toMatch(/^tickmux_event_latency_seconds_count [1-9]\d*$/m);
    expect(metrics.text).toMatch(/^tickmux_sink_published_total\{sink="memory"\} [1-9]\d*$/m);

    expect((await api.call('/healthz')).json.status).toBe('ok');
    const ready = await api.call('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.json).toMatchObject({ ready: true, connected: s.expected });

    const page = await api.call('/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<script');
    expect((await api.call('/no/such/route')).json.error.code).toBe('TICKMUX_NOT_FOUND');

    const ac = new AbortController();
    const res = await fetch(`${s.base}/api/events`, { signal: ac.signal });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value as Uint8Array);
    expect(first).toMatch(/^event: snapshot\ndata: \{/m);
    ac.abort();
  });

  it('POST /connections/:id/fault: 401, 400, 404; a drop turns the connection unhealthy with gaps, then healthy again', async () => {
    const id = Object.keys(s.service.adapter.getHealthStatus().connections).at(-1)!;
    const path = `/api/websocket/connections/${id}/fault`;
    expect((await api.post(path, { kind: 'drop' })).status).toBe(401);
    const badKind = await api.post(path, { kind: 'explode' }, auth);
    expect(badKind.status).toBe(400);
    expect(badKind.json.error.field).toBe('body.kind');
    expect((await api.post(path, { kind: 'kill', extra: 1 }, auth)).json.error.field).toBe(
      'body.extra',
    );
    const unknown = await api.post('/api/websocket/connections/nope/fault', { kind: 'kill' }, auth);
    expect(unknown.status).toBe(404);

    const tickers = s.service.adapter.getConnectionTickers(id)!;
    const gapsBefore = s.service.adapter.gaps().length;
    const socketsBefore = s.sim.control.connections().filter((c) => c.state === 'open').length;
    const target = new SimFaults(s.sim.control, (c) =>
      s.service.adapter.getConnectionTickers(c),
    ).socketOf(id)!;
    expect(
      s.sim.control
        .connection(target)
        .topics.some((t) => tickers.includes(t.slice(t.indexOf('.') + 1))),
    ).toBe(true);
    // A drop (close frame): the connection reconnects at once. (After a kill the client cannot
    // tell whether the server still counts the socket, so the manager waits out the zombie grace.)
    const reconnectsBefore = (await api.call(`/api/websocket/connections/${id}`)).json
      .reconnects as number;
    const ok = await api.post(path, { kind: 'drop' }, auth);
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ id, kind: 'drop', injected: true });
    // The simulator closed that socket, and only that one.
    expect(s.sim.control.connection(target).state).toBe('closed');
    expect(s.sim.control.connections().filter((c) => c.state === 'open')).toHaveLength(
      socketsBefore - 1,
    );
    // Unhealthy: seen down, or already back (a drop reconnects at once, so a poll can fall
    // after the short down time) with one more reconnect.
    await eventually(
      () => api.call(`/api/websocket/connections/${id}`),
      (r) => r.json.status !== 'connected' || r.json.reconnects > reconnectsBefore,
      10_000,
      `${id} unhealthy`,
    );
    const healed = await eventually(
      () => api.call(`/api/websocket/connections/${id}`),
      (r) => r.json.status === 'connected' && r.json.reconnects >= 1,
      20_000,
      `${id} connected again`,
    );
    expect(healed.json.reconnects).toBeGreaterThanOrEqual(1);
    const gaps = await eventually(
      () => api.call('/api/gaps'),
      (r) =>
        r.json.total > gapsBefore &&
        (r.json.gaps as { to: number | null }[]).every((g) => g.to !== null),
      20_000,
      'the gaps of the killed connection, closed',
    );
    for (const g of (gaps.json.gaps as { ticker: string }[]).slice(gapsBefore))
      expect(SERVICE_TICKERS).toContain(g.ticker);
    await eventually(
      () => s.sim.control.connections().filter((c) => c.state === 'open').length,
      (n) => n === socketsBefore,
      10_000,
      'as many sockets as before',
    );
  }, 60_000);
});

describe('the real service without a token', () => {
  it('leaves the mutating routes open and refuses a fault while the connection has no live socket', async () => {
    const s = await startRealService();
    try {
      const api = client(s.base);
      await eventually(
        () => s.service.adapter.getHealthStatus(),
        (h) => h.connected === s.expected,
        20_000,
        'connected',
      );
      expect((await api.post('/api/websocket/rebalance')).status).toBe(200);
      const id = Object.keys(s.service.adapter.getHealthStatus().connections)[0]!;
      // Stall: the socket is still there but no longer serves; a second fault finds none to hit.
      expect(
        (await api.post(`/api/websocket/connections/${id}/fault`, { kind: 'stall' })).status,
      ).toBe(200);
      const again = await api.post(`/api/websocket/connections/${id}/fault`, { kind: 'kill' });
      expect(again.status).toBe(409);
      expect(again.json.error.message).toMatch(/no live socket/);
    } finally {
      await s.close();
    }
  }, 40_000);
});
