import { createServer, type Server } from 'node:http';
import { createManualClock, type ManualClock } from '@tickmux/core';
import { waitUntil } from '@tickmux/test-utils';
import { describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import { WebSocketFanoutSink, type WebSocketFanoutOptions } from '../src/index.js';
import { gap, settle, tick, ticks } from './helpers.js';

interface Frame {
  type: string;
  [k: string]: unknown;
}

/** A fan-out on a real HTTP server (127.0.0.1:0) with a manual clock: frames leave when told. */
async function fanout(options: Omit<WebSocketFanoutOptions, 'server'> = {}) {
  const server: Server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const clock = createManualClock();
  const sink = new WebSocketFanoutSink(server, { clock, ...options });
  const { port } = server.address() as { port: number };
  onTestFinished(async () => {
    await sink.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  return { sink, clock, url: `ws://127.0.0.1:${port}/ws/ticks`, server };
}

/** A browser-like client that keeps every frame it gets. */
async function client(url: string) {
  const ws = new WebSocket(url);
  const frames: Frame[] = [];
  let closed: { code: number; reason: string } | undefined;
  ws.on('message', (d) => frames.push(JSON.parse((d as Buffer).toString()) as Frame));
  ws.on('close', (code, reason) => (closed = { code, reason: String(reason) }));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  await waitUntil(() => frames.length > 0, 5_000, 'the welcome filter frame');
  onTestFinished(() => ws.terminate());
  const send = async (msg: unknown) => {
    const before = frames.length;
    ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
    await waitUntil(() => frames.length > before, 5_000, 'the answer');
    return frames.at(-1)!;
  };
  const tickFrames = () =>
    frames
      .filter((f) => f.type === 'ticks')
      .flatMap((f) => f['ticks'] as { volume: number; ticker: string }[]);
  return { ws, frames, send, tickFrames, closed: () => closed };
}

async function flushOnce(clock: ManualClock, ms = 50): Promise<void> {
  clock.advance(ms);
  await settle();
}

describe('WebSocketFanoutSink', () => {
  it('sends a client nothing until it subscribes, then only its tickers, batched per interval', async () => {
    const { sink, clock, url } = await fanout();
    const c = await client(url);
    expect(c.frames).toEqual([{ type: 'filter', tickers: [] }]);
    sink.write(tick(1, 'AAPL'));
    await flushOnce(clock);
    expect(await c.send({ action: 'subscribe', tickers: ['aapl', 'MSFT'] })).toEqual({
      type: 'filter',
      tickers: ['AAPL', 'MSFT'],
    });
    for (const t of [tick(2, 'AAPL'), tick(3, 'NVDA'), tick(4, 'MSFT')]) sink.write(t);
    expect(sink.counters.buffered).toBe(2);
    await flushOnce(clock);
    await waitUntil(() => c.tickFrames().length === 2, 5_000, 'the ticks');
    expect(c.frames.filter((f) => f.type === 'ticks')).toHaveLength(1); // one frame for both
    expect(c.tickFrames()).toEqual([tick(2, 'AAPL'), tick(4, 'MSFT')]);
    expect(sink.counters).toMatchObject({ published: 2, buffered: 0, dropped: 0 });
  });

  it('"*" is every ticker; unsubscribe and filter change the set; each client has its own', async () => {
    const { sink, clock, url } = await fanout();
    const all = await client(url);
    const one = await client(url);
    expect(await all.send({ action: 'filter', tickers: ['*'] })).toEqual({
      type: 'filter',
      tickers: '*',
    });
    await one.send({ action: 'subscribe', tickers: ['AAPL', 'MSFT'] });
    expect(await one.send({ action: 'unsubscribe', tickers: ['AAPL'] })).toEqual({
      type: 'filter',
      tickers: ['MSFT'],
    });
    ['AAPL', 'MSFT', 'NVDA'].forEach((t, i) => sink.write(tick(i, t)));
    await flushOnce(clock);
    await waitUntil(
      () => all.tickFrames().length === 3 && one.tickFrames().length === 1,
      5_000,
      'ticks',
    );
    expect(one.tickFrames().map((t) => t.ticker)).toEqual(['MSFT']);
    expect(await one.send({ action: 'filter', tickers: ['NVDA'] })).toEqual({
      type: 'filter',
      tickers: ['NVDA'],
    });
    expect(sink.counters.published).toBe(4);
  });

  it('answers a bad message with an error naming the field, and keeps the client', async () => {
    const { sink, url } = await fanout();
    const c = await client(url);
    expect(await c.send('not json')).toMatchObject({
      type: 'error',
      code: 'TICKMUX_INVALID_ARGUMENT',
      field: 'message',
    });
    expect(await c.send({ action: 'jump', tickers: [] })).toMatchObject({
      type: 'error',
      field: 'action',
    });
    expect(await c.send({ action: 'subscribe', tickers: 'AAPL' })).toMatchObject({
      type: 'error',
      field: 'tickers',
    });
    expect(await c.send({ action: 'subscribe', tickers: ['AAPL', '$$'] })).toMatchObject({
      type: 'error',
      code: 'TICKMUX_INVALID_TICKER',
      field: 'tickers',
    });
    await c.send({ action: 'filter', tickers: ['*'] });
    expect(await c.send({ action: 'unsubscribe', tickers: ['AAPL'] })).toMatchObject({
      type: 'error',
      field: 'tickers',
    });
    expect(sink.counters.errors).toBe(5);
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('a full client queue drops its oldest ticks and the client is told how many', async () => {
    const { sink, clock, url } = await fanout({ clientBuffer: 10 });
    const c = await client(url);
    await c.send({ action: 'filter', tickers: ['*'] });
    ticks(0, 25).forEach((t) => sink.write(t));
    expect(sink.counters).toMatchObject({ buffered: 10, dropped: 15 });
    await flushOnce(clock);
    await waitUntil(() => c.tickFrames().length === 10, 5_000, 'the kept ticks');
    expect(c.frames.slice(-2)).toEqual([
      { type: 'dropped', count: 15 },
      { type: 'ticks', ticks: ticks(15, 25) },
    ]);
  });

  it('sends a gap report at once to clients whose filter has its ticker, after their queued ticks', async () => {
    const { sink, url } = await fanout();
    const aapl = await client(url);
    const msft = await client(url);
    await aapl.send({ action: 'subscribe', tickers: ['AAPL'] });
    await msft.send({ action: 'subscribe', tickers: ['MSFT'] });
    sink.write(tick(1, 'AAPL'));
    sink.writeGap(gap('AAPL'));
    await waitUntil(() => aapl.frames.length === 4, 5_000, 'the tick and the gap');
    expect(aapl.frames.slice(-2).map((f) => f.type)).toEqual(['ticks', 'gap']);
    expect(aapl.frames.at(-1)).toEqual({ type: 'gap', ...gap('AAPL') });
    await settle();
    expect(msft.frames.map((f) => f.type)).toEqual(['filter', 'filter']);
  });

  it('a client whose socket backs up gets nothing until it drains, and then learns what it lost', async () => {
    const { sink, clock, url } = await fanout({ clientBuffer: 2_000 });
    const c = await client(url);
    await c.send({ action: 'filter', tickers: ['*'] });
    const socket = (c.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause(); // a browser tab that stopped reading
    let i = 0;
    for (let round = 0; round < 400 && sink.counters.dropped === 0; round++) {
      ticks(i, i + 2_000).forEach((t) => sink.write(t));
      i += 2_000;
      await flushOnce(clock);
    }
    expect(sink.counters.dropped).toBeGreaterThan(0);
    const dropped = sink.counters.dropped;
    socket.resume();
    await waitUntil(
      () => c.tickFrames().length + dropped >= i - sink.counters.buffered,
      30_000,
      'the backlog',
    );
    for (let k = 0; k < 50 && sink.counters.buffered > 0; k++) {
      await flushOnce(clock);
      await new Promise((r) => setTimeout(r, 10));
    }
    await waitUntil(() => c.tickFrames().length + dropped === i, 30_000, 'everything not dropped');
    expect(
      c.frames.filter((f) => f.type === 'dropped').reduce((n, f) => n + (f['count'] as number), 0),
    ).toBe(dropped);
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
  }, 60_000);

  it('slowClient "disconnect" closes a client whose queue overflows with 1008', async () => {
    const { sink, url } = await fanout({ clientBuffer: 5, slowClient: 'disconnect' });
    const c = await client(url);
    await c.send({ action: 'filter', tickers: ['*'] });
    ticks(0, 6).forEach((t) => sink.write(t));
    await waitUntil(() => c.closed() !== undefined, 5_000, 'the close');
    expect(c.closed()).toEqual({ code: 1008, reason: 'slow consumer' });
    expect(sink.clientCount).toBe(0);
    expect(sink.counters).toMatchObject({ dropped: 6, buffered: 0 });
  });

  it('refuses a client beyond maxClients with 1013, and closes everyone with 1001 on close()', async () => {
    const { sink, url } = await fanout({ maxClients: 1 });
    const first = await client(url);
    const extra = new WebSocket(url);
    const code = await new Promise<number>((r) => extra.on('close', (c) => r(c)));
    expect(code).toBe(1013);
    await first.send({ action: 'filter', tickers: ['*'] });
    sink.write(tick(1));
    const a = sink.close();
    expect(sink.close()).toBe(a);
    await a;
    await waitUntil(() => first.closed() !== undefined, 5_000, 'the close');
    expect(first.tickFrames()).toEqual([tick(1)]); // flushed before closing
    expect(first.closed()?.code).toBe(1001);
  });

  it('refuses upgrades on other paths when nothing else takes them, and validates its options', async () => {
    const { server, url } = await fanout();
    const other = new WebSocket(url.replace('/ws/ticks', '/other'));
    const err = await new Promise<Error>((r) => other.on('error', r));
    expect(err.message).toMatch(/socket hang up|ECONNRESET/);
    expect(() => new WebSocketFanoutSink(server, { path: 'ticks' })).toThrow(
      expect.objectContaining({ field: 'path' }),
    );
    expect(() => new WebSocketFanoutSink(server, { slowClient: 'kick' as never })).toThrow(
      expect.objectContaining({ field: 'slowClient' }),
    );
  });
});
