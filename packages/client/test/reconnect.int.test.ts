import {
  acksFor,
  AUTH_SUCCESS,
  CONNECTED,
  recordingWebSocket,
  useScriptedServer,
  useSim,
  waitUntil,
} from '@tickmux/test-utils';
import { describe, expect, it } from 'vitest';
import {
  DataSilenceError,
  HeartbeatTimeoutError,
  type WebSocketConstructor,
} from '../src/index.js';
import { eventsGrow, sleep, useClient } from './helpers.js';

const TICKERS = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'META'];

describe('reconnect', () => {
  it('re-sends every subscription after an unclean close', async () => {
    const sim = await useSim();
    const client = useClient({ url: sim.url });
    await client.connect();
    await client.subscribe(TICKERS);
    const before = new Set(sim.control.connections()[0]!.topics);
    sim.control.kill('c1');
    await waitUntil(
      () =>
        client.stats.reconnects === 1 &&
        client.state === 'connected' &&
        client.stats.confirmedTopics === 15,
    );
    const [again] = sim.control.connections();
    expect(again!.id).toBe('c2');
    expect(new Set(again!.topics)).toEqual(before);
    await eventsGrow(client, 'the reconnect');
  });

  it('comes back after a server restart on the same port', async () => {
    const sim = await useSim();
    const client = useClient({ url: sim.url, maxRetries: Infinity });
    await client.connect();
    await client.subscribe(['AAPL']);
    await sim.control.restart(100);
    await waitUntil(
      () =>
        client.stats.socketsOpened >= 2 &&
        client.state === 'connected' &&
        sim.control.connections().length === 1 &&
        client.stats.confirmedTopics === 3,
    );
    expect(sim.control.connections()[0]!.topics).toHaveLength(3);
    await eventsGrow(client, 'the restart');
  });

  it('survives rapid drops x5 with one socket and no duplicate subscriptions', async () => {
    const sim = await useSim();
    const rec = recordingWebSocket();
    const client = useClient({
      url: sim.url,
      // Five short-lived connections in a row is flapping, which opens the breaker at its
      // default threshold (retry-budget.test.ts shows that); here the threshold is above it.
      circuitBreaker: { failureThreshold: 10 },
      WebSocket: rec.Impl as unknown as WebSocketConstructor,
    });
    await client.connect();
    await client.subscribe(TICKERS);
    const recovered = (sockets: number) =>
      waitUntil(
        () =>
          client.stats.socketsOpened === sockets &&
          client.state === 'connected' &&
          client.stats.confirmedTopics === 15 &&
          sim.control.connections().length === 1,
        5_000,
        `recovery on socket ${sockets}`,
      );
    for (let i = 1; i <= 5; i++) {
      await recovered(i);
      await eventsGrow(client, `recovery ${i - 1}`);
      sim.control.drop(sim.control.connections()[0]!.id, 1011);
    }
    // One socket per drop, plus the first.
    await recovered(6);
    await eventsGrow(client, 'the last recovery');
    await sleep(100);
    expect(sim.control.connections()).toHaveLength(1);
    expect(client.stats.liveSockets).toBe(1);
    const topics = sim.control.connections()[0]!.topics;
    expect(topics).toHaveLength(15);
    expect(new Set(topics).size).toBe(15);
    // On the last connection, each topic was sent exactly once.
    const lastAuth = rec.sent.map((s) => s.includes('"auth"')).lastIndexOf(true);
    const sentAfter = rec.sent
      .slice(lastAuth + 1)
      .filter((s) => s.includes('"subscribe"'))
      .flatMap((s) => (JSON.parse(s) as { params: string }).params.split(','));
    expect(sentAfter.sort()).toEqual([...topics].sort());
  });

  it('survives rapid disconnect()/connect() x5 from the caller with one socket', async () => {
    const sim = await useSim();
    const client = useClient({ url: sim.url });
    await client.connect();
    await client.subscribe(['AAPL']);
    for (let i = 0; i < 5; i++) {
      void client.disconnect();
      void client.connect();
    }
    expect(await client.connect()).toBe(true);
    await sleep(100);
    expect(sim.control.connections()).toHaveLength(1);
    expect(client.stats.liveSockets).toBe(1);
    expect(await client.subscribe(['AAPL'])).toBe(true); // disconnect() forgot it
    await eventsGrow(client, 'the last connect()');
  });

  it('detects a silent socket (no frames, no pongs) and replaces it', async () => {
    const sim = await useSim();
    const client = useClient({ url: sim.url, heartbeatIntervalMs: 50, heartbeatTimeoutMs: 300 });
    await client.connect();
    await client.subscribe(['AAPL']);
    sim.control.stall('c1', 10_000);
    await waitUntil(
      () => client.lastError instanceof HeartbeatTimeoutError,
      5_000,
      'the heartbeat timeout',
    );
    await waitUntil(
      () =>
        client.state === 'connected' &&
        sim.control.connections().some((c) => c.id === 'c2' && c.topics.length === 3),
    );
    await eventsGrow(client, 'replacing the silent socket');
  });

  it('keeps a quiet real socket that answers pings (25:30 scaled to 250:300 ms) for 3 s', async () => {
    let pings = 0;
    const server = await useScriptedServer((ws) => {
      ws.on('ping', () => pings++);
      ws.send(CONNECTED);
      ws.on('message', (data: Buffer) => {
        const msg = JSON.parse(data.toString()) as { action: string; params: string };
        if (msg.action === 'auth') ws.send(AUTH_SUCCESS);
        if (msg.action === 'subscribe') ws.send(acksFor(msg.params));
      });
    });
    const client = useClient({
      url: server.url,
      heartbeatIntervalMs: 250,
      heartbeatTimeoutMs: 300,
    });
    await client.connect();
    expect(await client.subscribe(['ILLQ'])).toBe(true);
    await sleep(3_000); // authenticated, subscribed, and not one data frame
    expect(server.accepted()).toBe(1);
    expect(client.stats.socketsOpened).toBe(1);
    expect(pings).toBeGreaterThan(0);
    expect(client.state).toBe('connected');
  });

  it('reconnects when subscribed data goes silent, if the watchdog is on', async () => {
    const sim = await useSim({ clock: 'real', rate: 20_000, symbols: 20 });
    const client = useClient({ url: sim.url, channels: ['T', 'Q'], dataSilenceMs: 300 });
    await client.connect();
    await client.subscribe(['AAPL']);
    await waitUntil(() => client.stats.events.T + client.stats.events.Q > 0);
    sim.control.outage('AAPL');
    await waitUntil(
      () => client.lastError instanceof DataSilenceError,
      5_000,
      'the data-silence watchdog',
    );
    await waitUntil(() => client.stats.socketsOpened >= 2, 5_000, 'a new socket');
    sim.control.endOutage('AAPL');
    await waitUntil(() => client.state === 'connected' && client.stats.confirmedTopics === 2);
    await eventsGrow(client, 'the outage');
  });
});
