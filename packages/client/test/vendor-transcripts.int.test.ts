import type { MassiveEvent, TickData } from '@tickmux/core';
import {
  PYTHON_MOCK_SESSION as PY,
  useScriptedServer,
  VENDOR_FRAMES as V,
  waitUntil,
} from '@tickmux/test-utils';
import type { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { AuthFailedError, AuthTimeoutError, MaxConnectionsError } from '../src/index.js';
import { observedClient, sleep, useClient } from './helpers.js';

type Msg = { action: string; params: string };
const onMessages = (ws: WebSocket, fn: (msg: Msg) => void) =>
  ws.on('message', (data: Buffer) => fn(JSON.parse(data.toString()) as Msg));
const first = (frame: string) => (JSON.parse(frame) as MassiveEvent[])[0]!;

/** A client that keeps every event and tick it delivers. */
function collecting(url: string) {
  const events: MassiveEvent[] = [];
  const ticks: TickData[] = [];
  const client = useClient({
    url,
    onEvent: (e) => void events.push(e),
    onTick: (t) => void ticks.push(t),
  });
  return { client, events, ticks };
}

/** A vendor that authenticates, then sends `after` frames; other messages get no answer. */
async function vendorSending(...after: string[]) {
  return useScriptedServer((ws) => {
    ws.send(V.connected);
    onMessages(ws, (m) => {
      if (m.action !== 'auth') return;
      ws.send(V.authSuccess);
      for (const f of after) ws.send(f);
    });
  });
}

describe("golden transcripts: the vendor's own bytes", () => {
  it("runs the vendor Python client's mock-server session: one ack frame per topic, then trades", async () => {
    const server = await useScriptedServer((ws) => {
      ws.send(PY.connected);
      onMessages(ws, (m) => {
        if (m.action === 'auth') ws.send(PY.authSuccess);
        if (m.action === 'subscribe')
          for (const p of m.params.split(',')) {
            ws.send(PY.ack(p));
            for (const t of PY.trades) ws.send(t);
          }
        if (m.action === 'unsubscribe')
          for (const p of m.params.split(',')) ws.send(PY.ack(p, 'unsubscribed'));
      });
    });
    const { client, events, ticks } = collecting(server.url);
    expect(await client.connect()).toBe(true);
    expect(await client.subscribe({ topics: ['T.AAPL'] })).toBe(true);
    await waitUntil(() => events.length === 3);
    expect(await client.subscribe({ topics: ['T.AMZN'] })).toBe(true);
    await waitUntil(() => events.length === 6);
    const [aapl, amzn1, amzn2] = [
      first(PY.trades[0]),
      ...(JSON.parse(PY.trades[1]) as MassiveEvent[]),
    ];
    expect(events).toEqual([aapl, amzn1, amzn2, aapl, amzn1, amzn2]);
    expect(amzn2).not.toHaveProperty('c'); // conditions absent: still a trade
    expect(ticks.slice(0, 3)).toEqual([
      {
        ticker: 'AAPL',
        price: 161.87,
        volume: 300,
        timestamp: 1651684192.462,
        source: 'massive',
        event_type: 'trade',
      },
      {
        ticker: 'AMZN',
        price: 161.87,
        volume: 1,
        timestamp: 1651684192.536,
        source: 'massive',
        event_type: 'trade',
      },
      {
        ticker: 'AMZN',
        price: 161.87,
        volume: 100,
        timestamp: 1651684192.717,
        source: 'massive',
        event_type: 'trade',
      },
    ]);
    expect(client.subscriptions().map((t) => [t.topic, t.status])).toEqual([
      ['T.AAPL', 'confirmed'],
      ['T.AMZN', 'confirmed'],
    ]);
    expect(await client.unsubscribeAll()).toBe(true);
    expect(client.subscriptions()).toEqual([]);
    expect(client.stats.decodeErrors).toBe(0);
  });

  it("decodes the vendor's documented T, Q, A, AM and LULD examples", async () => {
    const server = await vendorSending(V.trade, V.quote, V.second, V.minute, V.luld);
    const { client, events, ticks } = collecting(server.url);
    await client.connect();
    await waitUntil(() => events.length === 5);
    expect(events).toEqual([V.trade, V.quote, V.second, V.minute, V.luld].map(first));
    const tick = (
      ticker: string,
      price: number,
      volume: number,
      timestamp: number,
      event_type: string,
    ) => ({ ticker, price, volume, timestamp, source: 'massive', event_type });
    expect(ticks).toEqual([
      tick('MSFT', 114.125, 100, 1536036818.784, 'trade'),
      tick('MSFT', (114.125 + 114.128) / 2, 0, 1536036818.784, 'quote'),
      tick('SPCE', 25.39, 200, 1610144869, 'aggregate_second'),
      tick('GTE', 0.4486, 4110, 1610144700, 'aggregate_minute'),
    ]);
    expect(client.stats.events).toEqual({ T: 1, Q: 1, A: 1, AM: 1, other: 1 });
    expect(client.stats.decodeErrors).toBe(0);
  });

  it.each([
    ['authentication failed', V.authFailed],
    ['the plan without socket access', V.authFailedPlan],
  ])('fails for good on auth_failed (%s), and says so in the close info', async (_name, frame) => {
    const server = await useScriptedServer((ws) => {
      ws.send(V.connected);
      onMessages(ws, () => {
        ws.send(frame);
        ws.close(1008);
      });
    });
    const { client, log, closes } = observedClient({ url: server.url });
    expect(await client.connect()).toBe(false);
    const message = (first(frame) as unknown as { message: string }).message;
    expect(client.lastError).toBeInstanceOf(AuthFailedError);
    expect((client.lastError as AuthFailedError).serverMessage).toBe(message);
    expect(log.statuses()).toEqual(['connected', 'auth_failed']);
    await waitUntil(() => closes.length === 1);
    expect(closes[0]).toMatchObject({
      serverStatus: 'auth_failed',
      authenticated: false,
      opened: true,
    });
    await sleep(100);
    expect(server.accepted()).toBe(1);
    expect(client.state).toBe('failed');
  });

  it('retries after auth_timeout', async () => {
    const server = await useScriptedServer((ws, n) => {
      ws.send(V.connected);
      if (n === 1) {
        // The first socket's auth is "lost": the vendor times it out.
        ws.send(V.authTimeout);
        ws.close(1008);
        return;
      }
      onMessages(ws, (m) => m.action === 'auth' && ws.send(V.authSuccess));
    });
    const { client, log, closes } = observedClient({ url: server.url });
    expect(await client.connect()).toBe(true);
    expect(server.accepted()).toBe(2);
    const lost = log.entries.find((e) => e.type === 'state' && e.state === 'reconnecting');
    expect(lost).toMatchObject({ reason: { cause: 'failure', closeCode: 1008 } });
    expect(lost?.type === 'state' && lost.reason.error).toBeInstanceOf(AuthTimeoutError);
    expect(closes[0]).toMatchObject({ serverStatus: 'auth_timeout', code: 1008 });
  });

  it.each([
    ['documented', V.maxConnections],
    ['2026', V.maxConnections2026],
  ])(
    'backs off a minute after max_connections arriving after auth_success (%s text)',
    async (_name, frame) => {
      const server = await useScriptedServer((ws) => {
        ws.send(V.connected);
        onMessages(ws, () => {
          ws.send(V.authSuccess);
          ws.send(frame);
          ws.close(1008);
        });
      });
      const { client, log, closes } = observedClient({ url: server.url });
      expect(await client.connect()).toBe(true);
      await waitUntil(() => client.state === 'reconnecting' && closes.length === 1);
      expect(client.lastError).toBeInstanceOf(MaxConnectionsError);
      expect(log.delays()[0]).toBeGreaterThanOrEqual(48_000);
      expect(closes[0]).toMatchObject({
        serverStatus: 'max_connections',
        authenticated: true,
        wasClean: true,
        abandoned: false,
      });
    },
  );

  it('fails a subscribe the vendor refuses with "not authorized", at once', async () => {
    const server = await useScriptedServer((ws) => {
      ws.send(V.connected);
      onMessages(ws, (m) => {
        if (m.action === 'auth') ws.send(V.authSuccess);
        if (m.action === 'subscribe') ws.send(V.notAuthorized);
      });
    });
    const states: string[] = [];
    const client = useClient({
      url: server.url,
      confirmTimeoutMs: 60_000,
      onTopicState: (topic, state) => void states.push(`${topic} ${state}`),
    });
    await client.connect();
    expect(await client.subscribe({ T: ['NVDA'] })).toBe(false);
    expect(states).toEqual(['T.NVDA pending', 'T.NVDA refused']);
  });
});
