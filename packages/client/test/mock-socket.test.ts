import { afterEach, describe, expect, it, vi } from 'vitest';
import { Server, WebSocket as MockWebSocket } from 'mock-socket';
import type { TickData } from '@tickmux/core';
import { MassiveClient } from '../src/index.js';

const URL = 'ws://mock.test/stocks';

/** A minimal vendor on mock-socket: connected, auth, acks, and a hook to push frames. */
function mockVendor() {
  const server = new Server(URL);
  const sockets: { send(d: string): void; close(o?: { code: number; reason: string }): void }[] =
    [];
  server.on('connection', (socket) => {
    sockets.push(socket);
    socket.send('[{"ev":"status","status":"connected","message":"Connected Successfully"}]');
    socket.on('message', (data) => {
      const msg = JSON.parse(data as string) as { action: string; params: string };
      if (msg.action === 'auth')
        socket.send('[{"ev":"status","status":"auth_success","message":"authenticated"}]');
      if (msg.action === 'subscribe')
        socket.send(
          JSON.stringify(
            msg.params
              .split(',')
              .map((t) => ({ ev: 'status', status: 'success', message: `subscribed to: ${t}` })),
          ),
        );
    });
  });
  return { server, sockets };
}

describe('MassiveClient on mock-socket (browser-style WebSocket API)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('connects, subscribes and turns frames into ticks', async () => {
    const { server, sockets } = mockVendor();
    const ticks: TickData[] = [];
    const client = new MassiveClient({
      apiKey: 'k',
      url: URL,
      WebSocket: MockWebSocket,
      onTick: (t) => ticks.push(t),
      heartbeatIntervalMs: 0,
    });
    expect(await client.connect()).toBe(true);
    expect(await client.subscribe(['AAPL'])).toBe(true);
    sockets[0]!.send('[{"ev":"T","sym":"AAPL","p":150.25,"s":100,"t":1234567890000,"q":1}]');
    await vi.waitFor(() => expect(ticks).toHaveLength(1));
    expect(ticks[0]).toMatchObject({ ticker: 'AAPL', price: 150.25 });
    await client.disconnect();
    server.stop();
  });

  it('reconnects 1 s after the server drops it, under vitest fake timers', async () => {
    vi.useFakeTimers();
    const { server, sockets } = mockVendor();
    const client = new MassiveClient({
      apiKey: 'k',
      url: URL,
      WebSocket: MockWebSocket,
      random: () => 0.5,
      heartbeatIntervalMs: 0,
    });
    const connected = client.connect();
    await vi.advanceTimersByTimeAsync(50);
    expect(await connected).toBe(true);
    sockets[0]!.close({ code: 1011, reason: 'server error' });
    await vi.advanceTimersByTimeAsync(50);
    expect(client.state).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(900);
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(sockets).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(50);
    expect(client.state).toBe('connected');
    const closing = client.disconnect();
    await vi.advanceTimersByTimeAsync(1_100);
    await closing;
    server.stop();
  });
});
