import { createManualClock, ErrorCode } from '@tickmux/core';
import {
  AUTH_FAILED,
  AUTH_SUCCESS,
  CONNECTED,
  refusedUrl,
  useScriptedServer,
  useSilentServer,
  useSim,
  waitUntil,
} from '@tickmux/test-utils';
import { describe, expect, it } from 'vitest';
import {
  AuthFailedError,
  ConnectTimeoutError,
  MaxConnectionsError,
  RetriesExhaustedError,
} from '../src/index.js';
import { sleep, timeline, useClient } from './helpers.js';

describe('connection lifecycle', () => {
  it('connects and authenticates against the simulator', async () => {
    const sim = await useSim();
    const client = useClient({ url: sim.url });
    expect(client.state).toBe('idle');
    expect(await client.connect()).toBe(true);
    expect(client.state).toBe('connected');
    expect(sim.control.connections()).toEqual([expect.objectContaining({ authenticated: true })]);
  });

  it('reports state transitions in order', async () => {
    const sim = await useSim();
    const log = timeline();
    const client = useClient({ url: sim.url, ...log.callbacks });
    await client.connect();
    await client.disconnect();
    expect(log.states()).toEqual(['connecting', 'authenticating', 'connected', 'closed']);
    expect(log.statuses()).toEqual(['connected', 'auth_success']);
    expect(log.entries.map((e) => (e.type === 'state' ? e.reason.cause : e.kind))).toEqual([
      'connect',
      'socket-open',
      'connected',
      'auth_success',
      'authenticated',
      'disconnect',
    ]);
  });

  it('shares one attempt between concurrent connect calls: one socket', async () => {
    const sim = await useSim();
    const client = useClient({ url: sim.url });
    const results = await Promise.all([client.connect(), client.connect(), client.connect()]);
    expect(results).toEqual([true, true, true]);
    expect(await client.connect()).toBe(true);
    expect(client.stats.socketsOpened).toBe(1);
    expect(sim.control.connections()).toHaveLength(1);
  });

  it('cleans up on disconnect: socket closed, state closed, no timer left, idempotent', async () => {
    const sim = await useSim();
    const clock = createManualClock(Date.now());
    const client = useClient({ url: sim.url, clock });
    await client.connect();
    await client.subscribe(['AAPL']);
    expect(clock.pending()).toBeGreaterThanOrEqual(2); // ping interval, stable timer
    await client.disconnect();
    expect(client.state).toBe('closed');
    expect(client.stats.liveSockets).toBe(0);
    expect(client.tickers).toEqual([]);
    expect(clock.pending()).toBe(0);
    await waitUntil(() => sim.control.connections().length === 0);
    await client.disconnect();
    expect(client.state).toBe('closed');
    expect(clock.pending()).toBe(0);
    expect(client.stats.socketsOpened).toBe(1);
  });

  it('retries on failure: two failed attempts, then success', async () => {
    const server = await useScriptedServer((ws, n) => {
      if (n <= 2) return ws.terminate();
      ws.send(CONNECTED);
      ws.on('message', () => ws.send(AUTH_SUCCESS));
    });
    const client = useClient({ url: server.url });
    expect(await client.connect()).toBe(true);
    expect(client.stats.attempts).toBe(3);
    expect(server.accepted()).toBe(3);
  });

  it('times out when the server never answers, and reports a typed error', async () => {
    const server = await useSilentServer();
    const log = timeline();
    const client = useClient({
      url: server.url,
      connectTimeoutMs: 150,
      maxRetries: 0,
      ...log.callbacks,
    });
    expect(await client.connect()).toBe(false);
    expect(client.state).toBe('failed');
    expect(client.lastError).toBeInstanceOf(RetriesExhaustedError);
    expect((client.lastError as Error).cause).toBeInstanceOf(ConnectTimeoutError);
    expect(log.entries.at(-1)).toMatchObject({
      type: 'state',
      state: 'failed',
      reason: { cause: 'failure', error: { code: ErrorCode.RETRIES_EXHAUSTED }, closeCode: 1006 },
    });
  });

  it('does not retry auth_failed', async () => {
    const server = await useScriptedServer((ws) => {
      ws.send(CONNECTED);
      ws.on('message', () => {
        ws.send(AUTH_FAILED);
        ws.close(1008);
      });
    });
    const client = useClient({ url: server.url, apiKey: 'wrong' });
    expect(await client.connect()).toBe(false);
    expect(client.lastError).toBeInstanceOf(AuthFailedError);
    await sleep(150);
    expect(server.accepted()).toBe(1);
    expect(client.state).toBe('failed');
  });

  it('gives up after max retries against a refused port', async () => {
    const url = await refusedUrl();
    const client = useClient({ url, maxRetries: 3 });
    expect(await client.connect()).toBe(false);
    expect(client.stats.attempts).toBe(4);
    expect(client.lastError).toMatchObject({ code: ErrorCode.RETRIES_EXHAUSTED });
  });

  it('backs off long after max_connections: the account limit, not a glitch', async () => {
    // reject-new: the newcomer is refused (the vendor's default, kick-oldest, would refuse the first).
    const sim = await useSim({ maxConnections: 1, limitPolicy: 'reject-new' });
    const first = useClient({ url: sim.url });
    await first.connect();
    const log = timeline();
    const second = useClient({
      url: sim.url,
      maxConnectionsDelayMs: 60_000,
      ...log.callbacks,
    });
    void second.connect();
    await waitUntil(() => second.state === 'reconnecting');
    expect(second.lastError).toBeInstanceOf(MaxConnectionsError);
    const delay = log.delays()[0]!;
    expect(delay).toBeGreaterThanOrEqual(48_000);
    expect(first.state).toBe('connected');
  });

  it('connects again after disconnect', async () => {
    const sim = await useSim();
    const client = useClient({ url: sim.url });
    await client.connect();
    await client.disconnect();
    expect(await client.connect()).toBe(true);
    expect(sim.control.connections()).toHaveLength(1);
  });

  it('connect() during reconnecting resolves with the next outcome', async () => {
    const sim = await useSim();
    const client = useClient({ url: sim.url });
    await client.connect();
    sim.control.kill('c1');
    await waitUntil(() => client.state !== 'connected');
    expect(await client.connect()).toBe(true);
    expect(client.stats.reconnects).toBe(1);
  });
});
