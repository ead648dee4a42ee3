import { createManualClock } from '@tickmux/core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { HttpService, MemorySink, TickmuxMetrics, type HttpServiceOptions } from '../src/index.js';
import { FakeSource, type FakeSourceOptions } from './fake-source.js';
import { tick } from './helpers.js';

/** The HTTP service on 127.0.0.1:0 over a fake source and a manual clock. */
async function service({
  source: sourceOptions,
  ...opts
}: Partial<Omit<HttpServiceOptions, 'source'>> & { source?: Partial<FakeSourceOptions> } = {}) {
  const clock = createManualClock(1_700_000_000_000);
  const source = new FakeSource({ clock, ...sourceOptions });
  const memory = new MemorySink();
  const metrics = new TickmuxMetrics({ source, sinks: () => [memory], clock });
  const http = new HttpService({ source, metrics, sinks: () => [memory], clock, ...opts });
  const base = await http.listen(0, '127.0.0.1');
  onTestFinished(() => http.close());
  const call = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(base + path, init);
    const text = await res.text();
    // Response bodies are checked field by field below.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
  const post = (path: string, body?: unknown, headers: Record<string, string> = {}) =>
    call(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  return { clock, source, memory, metrics, http, base, call, post };
}

describe('GET /api/websocket/connections', () => {
  it('answers the health object', async () => {
    const { call, source } = await service();
    source.receive(5);
    const r = await call('/api/websocket/connections');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.json).toEqual(source.getHealthStatus());
    expect(r.json.connections.connection_1).toMatchObject({
      name: 'primary',
      status: 'connected',
      tickers: 4,
      messages: 5,
    });
  });

  it('/:id answers one connection; an unknown id is a 404 naming it', async () => {
    const { call } = await service();
    const r = await call('/api/websocket/connections/connection_2');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ id: 'connection_2', name: 'secondary', tickers: 4 });
    const missing = await call('/api/websocket/connections/connection_9');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({
      error: {
        code: 'TICKMUX_UNKNOWN_CONNECTION',
        message: 'no connection "connection_9"',
        field: 'id',
      },
    });
    expect((await call('/api/websocket/connections/a%20b')).json.error.message).toBe(
      'no connection "a b"',
    );
    expect((await call('/api/websocket/connections/%E0%A4%A')).status).toBe(400);
  });

  it('/:id/tickers lists its tickers; an unknown id is a 404', async () => {
    const { call } = await service();
    const r = await call('/api/websocket/connections/connection_1/tickers');
    expect(r.json).toEqual({
      id: 'connection_1',
      count: 4,
      tickers: ['T000', 'T001', 'T002', 'T003'],
    });
    const missing = await call('/api/websocket/connections/nope/tickers');
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('TICKMUX_UNKNOWN_CONNECTION');
  });
});

describe('POST /api/websocket/rebalance', () => {
  it('rebalances and answers the moves', async () => {
    const { post, source } = await service({ source: { extraOnFirst: 6 } });
    const r = await post('/api/websocket/rebalance');
    expect(r.status).toBe(200);
    expect(r.json.moves).toHaveLength(4);
    expect(r.json.moves[0]).toMatchObject({ from: 'connection_1' });
    expect(source.rebalances).toBe(1);
    expect([...source.conns.values()].map((c) => c.tickers.length)).toEqual([6, 6, 6]);
    expect((await post('/api/websocket/rebalance', {})).status).toBe(200);
  });

  it('a bad body is a 400 naming the problem, and nothing is rebalanced', async () => {
    const { post, source } = await service();
    const notJson = await post('/api/websocket/rebalance', '{oops');
    expect(notJson.status).toBe(400);
    expect(notJson.json.error).toMatchObject({ code: 'TICKMUX_INVALID_ARGUMENT', field: 'body' });
    expect(notJson.json.error.message).toMatch(/^body: must be JSON/);
    const array = await post('/api/websocket/rebalance', [1]);
    expect(array.json.error).toMatchObject({
      field: 'body',
      message: 'body: must be a JSON object (got array(1))',
    });
    const extra = await post('/api/websocket/rebalance', { strategy: 'hash' });
    expect(extra.status).toBe(400);
    expect(extra.json.error).toMatchObject({ field: 'body.strategy' });
    expect(source.rebalances).toBe(0);
  });

  it('a GET is a 405 that says what is allowed; a body over the limit is a 413', async () => {
    const { call, post } = await service({ maxBodyBytes: 100 });
    const r = await call('/api/websocket/rebalance');
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('POST');
    expect(r.json.error.code).toBe('TICKMUX_METHOD_NOT_ALLOWED');
    const big = await post('/api/websocket/rebalance', { pad: 'x'.repeat(200) });
    expect(big.status).toBe(413);
    expect(big.json.error.field).toBe('body');
  });
});

describe('the bearer token', () => {
  it('guards the mutating routes (401 without it or with another), not the reading ones', async () => {
    const { call, post, source } = await service({ token: 's3cret' });
    const none = await post('/api/websocket/rebalance');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(none.json.error.code).toBe('TICKMUX_UNAUTHORIZED');
    const wrong = await post('/api/websocket/rebalance', {}, { authorization: 'Bearer guess' });
    expect(wrong.status).toBe(401);
    const basic = await post('/api/websocket/rebalance', {}, { authorization: 'Basic czNjcmV0' });
    expect(basic.status).toBe(401);
    const fault = await post('/api/websocket/connections/connection_1/fault', { kind: 'kill' });
    expect(fault.status).toBe(401);
    expect(source.rebalances).toBe(0);
    expect(source.faults).toEqual([]);
    const ok = await post('/api/websocket/rebalance', {}, { authorization: 'Bearer s3cret' });
    expect(ok.status).toBe(200);
    expect((await call('/api/websocket/connections')).status).toBe(200);
    expect((await call('/metrics')).status).toBe(200);
  });

  it('refuses an empty or spaced token at construction', () => {
    const clock = createManualClock();
    const source = new FakeSource({ clock });
    expect(() => new HttpService({ source, token: 'a b' })).toThrow(
      expect.objectContaining({ field: 'token' }),
    );
    expect(() => new HttpService({ source: {} as never })).toThrow(
      expect.objectContaining({ field: 'source' }),
    );
  });
});

describe('POST /api/websocket/connections/:id/fault', () => {
  it('injects the fault in the source', async () => {
    const { post, source } = await service();
    const r = await post('/api/websocket/connections/connection_2/fault', { kind: 'kill' });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ id: 'connection_2', kind: 'kill', injected: true });
    expect(source.faults).toEqual([['connection_2', 'kill']]);
    expect(source.getHealthStatus().connections['connection_2']!.status).toBe('reconnecting');
  });

  it('400 for a bad kind or field, 404 for an unknown id, 501 outside simulator mode', async () => {
    const { post } = await service();
    const kind = await post('/api/websocket/connections/connection_1/fault', { kind: 'nuke' });
    expect(kind.status).toBe(400);
    expect(kind.json.error).toMatchObject({ field: 'body.kind' });
    expect(kind.json.error.message).toContain('must be one of drop, kill, stall, max_connections');
    expect((await post('/api/websocket/connections/connection_1/fault', {})).json.error.field).toBe(
      'body.kind',
    );
    expect(
      (await post('/api/websocket/connections/connection_1/fault', { kind: 'kill', x: 1 })).json
        .error.field,
    ).toBe('body.x');
    const unknown = await post('/api/websocket/connections/connection_7/fault', { kind: 'kill' });
    expect(unknown.status).toBe(404);
    const live = await service({ source: { simulator: false } });
    const r = await live.post('/api/websocket/connections/connection_1/fault', { kind: 'kill' });
    expect(r.status).toBe(501);
    expect(r.json.error.code).toBe('TICKMUX_NOT_SUPPORTED');
  });
});

describe('GET /api/gaps', () => {
  it('lists gap reports, filtered by ticker and open state, newest `limit`', async () => {
    const { call, post, clock } = await service();
    expect((await call('/api/gaps')).json).toEqual({ total: 0, gaps: [] });
    await post('/api/websocket/connections/connection_2/fault', { kind: 'drop' });
    const all = await call('/api/gaps');
    expect(all.json.total).toBe(4);
    expect(all.json.gaps[0]).toEqual({
      ticker: 'T004',
      channels: ['T', 'Q', 'AM'],
      from: 1_700_000_000_000,
      to: null,
      reason: 'fault:drop',
    });
    expect(
      ((await call('/api/gaps?ticker=t005')).json.gaps as { ticker: string }[]).map(
        (g) => g.ticker,
      ),
    ).toEqual(['T005']);
    expect((await call('/api/gaps?open=false')).json.total).toBe(0);
    expect((await call('/api/gaps?limit=2')).json).toMatchObject({
      total: 4,
      gaps: [{ ticker: 'T006' }, { ticker: 'T007' }],
    });
    clock.advance(2_000);
    expect((await call('/api/gaps?open=true')).json.total).toBe(0);
    expect((await call('/api/gaps?open=false')).json.gaps[0].to).toBe(1_700_000_002_000);
  });

  it('a bad query parameter is a 400 naming it', async () => {
    const { call } = await service();
    for (const [q, field] of [
      ['limit=0', 'limit'],
      ['limit=ten', 'limit'],
      ['open=maybe', 'open'],
      ['ticker=%24%24', 'ticker'],
    ]) {
      const r = await call(`/api/gaps?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.json.error.field, q).toBe(field);
    }
  });
});

describe('GET /metrics, /healthz, /readyz, /api/sinks', () => {
  it('/metrics answers the Prometheus text', async () => {
    const { call, source } = await service();
    source.receive(3);
    const r = await call('/metrics');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(r.text).toMatch(/^tickmux_connections 3$/m);
    expect(r.text).toMatch(/^tickmux_ticks_total 6$/m);
    expect(r.text).toContain('# TYPE tickmux_event_latency_seconds histogram');
  });

  it('/metrics is a 404 when metrics are off', async () => {
    const clock = createManualClock();
    const http = new HttpService({ source: new FakeSource({ clock }), clock });
    const base = await http.listen();
    const r = await fetch(`${base}/metrics`);
    expect(r.status).toBe(404);
    await http.close();
    await http.close();
  });

  it('/healthz is up while the process answers; /readyz needs a connected connection', async () => {
    const { call, post, clock } = await service();
    expect((await call('/healthz')).json).toEqual({ status: 'ok', uptime_s: 0 });
    expect((await call('/readyz')).json).toEqual({
      ready: true,
      reasons: [],
      connected: 3,
      total_connections: 3,
    });
    for (const id of ['connection_1', 'connection_2', 'connection_3'])
      await post(`/api/websocket/connections/${id}/fault`, { kind: 'kill' });
    const down = await call('/readyz');
    expect(down.status).toBe(503);
    expect(down.json).toEqual({
      ready: false,
      reasons: ['0 of 3 connections connected; 1 needed'],
      connected: 0,
      total_connections: 3,
    });
    clock.advance(2_000);
    expect((await call('/readyz')).status).toBe(200);
    expect((await call('/healthz')).json.uptime_s).toBe(2);
  });

  it('/api/sinks lists every sink with its counters', async () => {
    const { call, memory } = await service();
    memory.write(tick(1));
    expect((await call('/api/sinks')).json).toEqual({
      sinks: [{ name: 'memory', published: 1, dropped: 0, buffered: 1, errors: 0, reconnects: 0 }],
    });
  });
});

describe('the dashboard files and live updates', () => {
  it('serves the dashboard at /, its scripts, and the chart library from node_modules; nothing else', async () => {
    const { call } = await service();
    const index = await call('/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.text).toContain('<script type="module" src="/dashboard.js"></script>');
    expect((await call('/dashboard.js')).headers.get('content-type')).toBe(
      'text/javascript; charset=utf-8',
    );
    const uplot = await call('/vendor/uPlot.iife.min.js');
    expect(uplot.status).toBe(200);
    expect(uplot.text).toContain('uPlot');
    expect((await call('/vendor/uPlot.min.css')).status).toBe(200);
    for (const path of [
      '/../package.json',
      '/vendor/../../package.json',
      '/%2e%2e/package.json',
      '/nope.html',
    ]) {
      const r = await call(path);
      expect(r.status, path).toBe(404);
      expect(r.json.error.code).toBe('TICKMUX_NOT_FOUND');
    }
  });

  it('/api/events streams a snapshot at once and then every interval, with moving counters', async () => {
    const { base, clock, source } = await service();
    const abort = new AbortController();
    const res = await fetch(`${base}/api/events`, { signal: abort.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const next = async () => {
      for (;;) {
        const end = buffer.indexOf('\n\n', buffer.indexOf('event: snapshot'));
        if (buffer.includes('event: snapshot') && end >= 0) {
          const block = buffer.slice(buffer.indexOf('event: snapshot'), end);
          buffer = buffer.slice(end + 2);
          return JSON.parse(block.split('\ndata: ')[1]!) as {
            at: number;
            health: { total_ticks: number };
            faults: string[];
            sinks: unknown[];
          };
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += decoder.decode(value as Uint8Array);
      }
    };
    const first = await next();
    expect(first).toMatchObject({
      at: 1_700_000_000_000,
      health: { total_ticks: 0 },
      faults: ['drop', 'kill', 'stall', 'max_connections'],
    });
    source.receive(30);
    clock.advance(1_000);
    const second = await next();
    expect(second).toMatchObject({ at: 1_700_000_001_000, health: { total_ticks: 60 } });
    abort.abort();
  });

  it('an unknown route is a 404 with a JSON error', async () => {
    const { call, post } = await service();
    const r = await call('/api/nothing');
    expect(r.status).toBe(404);
    expect(r.json).toEqual({
      error: { code: 'TICKMUX_NOT_FOUND', message: 'no route GET /api/nothing' },
    });
    expect((await post('/index.html')).status).toBe(404);
  });
});
