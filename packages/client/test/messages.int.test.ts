import type { MassiveEvent, TickData } from '@tickmux/core';
import {
  acksFor,
  AUTH_SUCCESS,
  captureLogger,
  CONNECTED,
  GUIDE_FRAMES,
  useScriptedServer,
  useSim,
  waitUntil,
} from '@tickmux/test-utils';
import type { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { timeline, useClient } from './helpers.js';

/** A server that authenticates, acks subscriptions, then sends `frames` on request. */
async function scripted() {
  let socket: WebSocket | undefined;
  const server = await useScriptedServer((ws) => {
    socket = ws;
    ws.send(CONNECTED);
    ws.on('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString()) as { action: string; params: string };
      if (msg.action === 'auth') ws.send(AUTH_SUCCESS);
      if (msg.action === 'subscribe') ws.send(acksFor(msg.params));
    });
  });
  return {
    server,
    send: (...frames: (string | Buffer)[]) => frames.forEach((f) => socket!.send(f)),
  };
}

function collector() {
  const ticks: TickData[] = [];
  const events: MassiveEvent[] = [];
  return {
    ticks,
    events,
    onTick: (t: TickData) => void ticks.push(t),
    onEvent: (e: MassiveEvent) => void events.push(e),
  };
}

describe('messages', () => {
  it('turns T, Q and AM events into ticks, in arrival order', async () => {
    const { server, send } = await scripted();
    const c = collector();
    const client = useClient({ url: server.url, onTick: c.onTick });
    await client.connect();
    send(GUIDE_FRAMES.trade, GUIDE_FRAMES.quote, GUIDE_FRAMES.minute);
    await waitUntil(() => c.ticks.length === 3);
    expect(c.ticks[0]).toEqual({
      ticker: 'AAPL',
      price: 150.25,
      volume: 100,
      timestamp: 1234567890,
      source: 'massive',
      event_type: 'trade',
    });
    expect(c.ticks[1]).toMatchObject({
      ticker: 'AAPL',
      price: 150.05,
      volume: 0,
      event_type: 'quote',
    });
    expect(c.ticks[2]).toMatchObject({
      ticker: 'AAPL',
      price: 150.5,
      volume: 10000,
      timestamp: 1234567890,
      event_type: 'aggregate_minute',
    });
    expect(client.stats.events).toMatchObject({ T: 1, Q: 1, AM: 1 });
  });

  it('handles the seed-era auth reply {"status":"success","session":...}', async () => {
    const log = timeline();
    const server = await useScriptedServer((ws) => {
      ws.send(CONNECTED);
      ws.on('message', () => ws.send(GUIDE_FRAMES.authReply));
    });
    const client = useClient({ url: server.url, ...log.callbacks });
    expect(await client.connect()).toBe(true);
    expect(log.entries).toContainEqual({
      type: 'status',
      kind: 'success',
      raw: { status: 'success', session: 'xyz' },
    });
  });

  it('logs and skips an invalid frame, and processes the next one', async () => {
    const { server, send } = await scripted();
    const c = collector();
    const logger = captureLogger();
    const client = useClient({ url: server.url, onTick: c.onTick, logger });
    await client.connect();
    send('[{"ev":"T","sym":', '{"not":"an array"}', Buffer.from([1, 2, 3]), GUIDE_FRAMES.trade);
    await waitUntil(() => c.ticks.length === 1);
    expect(client.stats.decodeErrors).toBeGreaterThanOrEqual(3);
    expect(logger.lines.some((l) => l.msg === 'malformed frame')).toBe(true);
    expect(client.state).toBe('connected');
  });

  it('passes an unknown ev through to onEvent and events()', async () => {
    const { server, send } = await scripted();
    const c = collector();
    const client = useClient({ url: server.url, onTick: c.onTick, onEvent: c.onEvent });
    await client.connect();
    const stream = client.events();
    send('[{"ev":"LULD","T":"AAPL","h":155.2,"l":140.1}]');
    await waitUntil(() => c.events.length === 1);
    expect(c.events[0]).toMatchObject({ ev: 'LULD', T: 'AAPL' });
    expect(c.ticks).toEqual([]);
    expect((await stream.next()).value).toEqual({ event: c.events[0], tick: null });
    expect(client.stats.events.other).toBe(1);
  });

  it('keeps the stream going when a callback throws, counting and logging it', async () => {
    const sim = await useSim({ clock: 'real', rate: 10_000 });
    const logger = captureLogger();
    let calls = 0;
    const client = useClient({
      url: sim.url,
      logger,
      onTick: () => {
        calls++;
        if (calls % 2 === 1) throw new Error('consumer bug');
      },
      onStatus: () => {
        throw new Error('status consumer bug');
      },
      onStateChange: () => {
        throw new Error('lifecycle consumer bug');
      },
    });
    await client.connect();
    await client.subscribe(['*']);
    await waitUntil(() => calls > 200);
    expect(client.stats.callbackErrors).toBeGreaterThan(100);
    expect(client.state).toBe('connected');
    expect(logger.lines.some((l) => l.msg === 'callback threw; continuing')).toBe(true);
  });

  it('reports every server status, including errors, to onStatus', async () => {
    const { server, send } = await scripted();
    const log = timeline();
    const client = useClient({ url: server.url, ...log.callbacks });
    await client.connect();
    send(
      '[{"ev":"status","status":"error","message":"something odd"},{"ev":"status","status":"custom_notice","message":"hi"}]',
    );
    await waitUntil(() => log.statuses().includes('other'));
    const statuses = log.entries.flatMap((e) => (e.type === 'status' ? [e] : []));
    expect(statuses.slice(-2)).toEqual([
      {
        type: 'status',
        kind: 'error',
        raw: { ev: 'status', status: 'error', message: 'something odd' },
      },
      {
        type: 'status',
        kind: 'other',
        raw: { ev: 'status', status: 'custom_notice', message: 'hi' },
      },
    ]);
  });
});
