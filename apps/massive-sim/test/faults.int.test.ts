import { createManualClock } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@tickmux/core';
import {
  idOf,
  RawClient,
  statuses,
  subscribe,
  useAuthed,
  useClient,
  useSim,
  waitUntil,
} from './helpers.js';

type Msg = Record<string, unknown>;

/** Asserts `q` is contiguous per (channel, ticker) from the first seen: nothing lost or reordered. */
function expectContiguous(events: Msg[]): void {
  const last = new Map<string, number>();
  const broken: string[] = [];
  for (const e of events) {
    const key = `${String(e['ev'])}.${String(e['sym'])}`;
    const prev = last.get(key);
    if (prev !== undefined && e['q'] !== prev + 1)
      broken.push(`${key}: ${prev} then ${String(e['q'])}`);
    last.set(key, e['q'] as number);
  }
  expect(broken).toEqual([]);
}

describe('fault injection, observed from the client', () => {
  it('lists connections with an id for the key, never the key', async () => {
    const sim = await useSim({ apiKeys: ['secret-key-123'] });
    const c = await useAuthed(sim.url, 'secret-key-123');
    await subscribe(c, 'T.AAPL');
    expect(sim.control.connections()).toEqual([
      expect.objectContaining({
        id: 'c1',
        authenticated: true,
        account: 'secret-key-123',
        topics: ['T.AAPL'],
        state: 'open',
        remotePort: c.localPort,
      }),
    ]);
    expect(sim.control.connections()[0]!.keyId).toMatch(/^k_[0-9a-f]{10}$/);
    expect(
      JSON.stringify(sim.control.connections()).replace('"account":"secret-key-123"', ''),
    ).not.toContain('secret');
  });

  it('drops a connection with the given close code and reason', async () => {
    const sim = await useSim();
    const c = await useAuthed(sim.url);
    sim.control.drop('c1', 4001, 'test drop');
    expect(await c.closed).toEqual({ code: 4001, reason: 'test drop' });
    expect(sim.control.connection('c1')).toMatchObject({ state: 'closed', closeCode: 4001 });
  });

  it('refuses close codes a server cannot send, naming the field, and unknown ids', async () => {
    const sim = await useSim();
    await useAuthed(sim.url);
    expect(() => sim.control.drop('c1', 1006)).toThrow(expect.objectContaining({ field: 'code' }));
    expect(() => sim.control.drop('c99')).toThrow(
      expect.objectContaining({ code: ErrorCode.SIM_UNKNOWN_CONNECTION }),
    );
  });

  it('kills a connection without a close frame (the client sees 1006); the server knows at once', async () => {
    const sim = await useSim();
    const c = await useAuthed(sim.url);
    sim.control.kill('c1');
    expect((await c.closed).code).toBe(1006);
    expect(sim.control.connection('c1').state).toBe('closed');
    expect(sim.control.account('demo').sockets).toBe(0);
  });

  it('stalls a socket on a manual clock: nothing sent, no pongs until it ends, then it resumes', async () => {
    const clock = createManualClock(Date.now());
    const sim = await useSim({ wallClock: clock, rate: 5_000 });
    const c = await useAuthed(sim.url);
    await subscribe(c, 'T.*');
    let pongs = 0;
    c.ws.on('pong', () => pongs++);
    sim.control.stall('c1', 600);
    const sent = sim.control.connection('c1').framesSent;
    c.ws.ping();
    await sim.control.advance(2_000);
    // A round trip on another socket: the server has read everything that was readable.
    await useAuthed(sim.url);
    expect(sim.control.connection('c1')).toMatchObject({
      framesSent: sent,
      state: 'zombie',
      stalled: true,
    });
    expect(pongs).toBe(0);
    clock.advance(599);
    expect(sim.control.connection('c1').stalled).toBe(true);
    clock.advance(1);
    await waitUntil(() => pongs === 1, 5_000, 'the pong after the stall');
    await sim.control.advance(2_000);
    await waitUntil(
      () => sim.control.connection('c1').framesSent > sent,
      5_000,
      'frames after the stall',
    );
    expect(sim.control.connection('c1').state).toBe('open');
  });

  it('sends the first frame after a real-time stall no earlier than the stall ends (its own send stamp)', async () => {
    const sim = await useSim({ clock: 'real', rate: 20_000, benchStamp: true });
    const c = await useAuthed(sim.url);
    await subscribe(c, 'T.*,Q.*');
    await waitUntil(() => c.events().length > 10);
    const stalledAt = performance.timeOrigin + performance.now();
    sim.control.stall('c1', 300);
    const after = () => c.events().filter((e) => (e['sim_sent_ms'] as number) > stalledAt);
    await waitUntil(() => after().length > 0, 10_000, 'frames after the stall');
    expect(Math.min(...after().map((e) => e['sim_sent_ms'] as number))).toBeGreaterThanOrEqual(
      stalledAt + 300,
    );
  });

  it('delays frames on a manual clock: none before the delay, all by delay + jitter, order kept', async () => {
    const clock = createManualClock(Date.now());
    const sim = await useSim({ wallClock: clock, rate: 5_000, seq: 'contiguous' });
    const c = await useAuthed(sim.url);
    await subscribe(c, 'T.*,Q.*');
    const before = sim.control.connection('c1').framesSent;
    sim.control.delay('c1', 400, 200);
    await sim.control.advance(2_000);
    expect(sim.control.connection('c1').unsentBytes).toBeGreaterThan(0);
    clock.advance(399);
    expect(sim.control.connection('c1').framesSent).toBe(before);
    clock.advance(201);
    expect(sim.control.connection('c1').unsentBytes).toBe(0);
    const sent = sim.control.connection('c1').eventsSent;
    await waitUntil(() => c.events().length === sent, 5_000, 'every delayed event');
    expectContiguous(c.events());
  });

  it('sends malformed frames of every kind', async () => {
    const sim = await useSim();
    const c = await useAuthed(sim.url);
    for (const kind of [
      'invalid-json',
      'not-array',
      'missing-field',
      'unknown-event',
      'binary',
    ] as const)
      sim.control.malformed('c1', kind);
    const frames: (string | Buffer)[] = [];
    for (let i = 0; i < 5; i++) frames.push(await c.nextFrame());
    expect(() => JSON.parse(frames[0] as string) as unknown).toThrow();
    expect(Array.isArray(JSON.parse(frames[1] as string))).toBe(false);
    expect(JSON.parse(frames[2] as string)[0]).not.toHaveProperty('p');
    expect(JSON.parse(frames[3] as string)[0]).toMatchObject({ ev: 'XYZ' });
    expect(Buffer.isBuffer(frames[4])).toBe(true);
    expect(c.ws.readyState).toBe(1);
  });

  it('stops one ticker (partial outage) while the rest continue, then resumes it with a sequence gap', async () => {
    const sim = await useSim({ rate: 20_000, symbols: 20, seq: 'contiguous' });
    const c = await useAuthed(sim.url);
    await subscribe(c, 'T.*,Q.*');
    const received = () => c.events().length === sim.control.connection('c1').eventsSent;
    await sim.control.advance(500);
    await waitUntil(received, 5_000, 'every event sent');
    expect(c.events().some((e) => e['sym'] === 'AAPL')).toBe(true);
    const seenBefore = c.events().length;
    sim.control.outage('AAPL');
    await sim.control.advance(2_000);
    await waitUntil(received, 5_000, 'every event sent');
    const during = c.events().slice(seenBefore);
    expect(during.length).toBeGreaterThan(100);
    expect(during.filter((e) => e['sym'] === 'AAPL')).toEqual([]);
    const aaplT = () => c.events().filter((e) => e['sym'] === 'AAPL' && e['ev'] === 'T');
    const lastQ = aaplT().at(-1)!['q'] as number;
    sim.control.endOutage('AAPL');
    await sim.control.advance(2_000);
    await waitUntil(() => (aaplT().at(-1)!['q'] as number) > lastQ);
    expect(aaplT().find((e) => (e['q'] as number) > lastQ)!['q']).toBeGreaterThan(lastQ + 1);
    expect(sim.control.stats().outageDropped).toBeGreaterThan(0);
  });

  it('forces max_connections, force_disconnect and slow_consumer on chosen sockets (status, then 1008)', async () => {
    const sim = await useSim();
    const [a, b, c] = [
      await useAuthed(sim.url),
      await useAuthed(sim.url),
      await useAuthed(sim.url),
    ];
    sim.control.forceMaxConnections(idOf(sim, a));
    sim.control.forceDisconnect(idOf(sim, b));
    sim.control.slowConsumer(idOf(sim, c));
    for (const [client, status, reason] of [
      [a, 'max_connections', 'max connections'],
      [b, 'force_disconnect', 'force disconnect'],
      [c, 'slow_consumer', 'slow consumer'],
    ] as const) {
      expect(await client.closed).toEqual({ code: 1008, reason });
      expect(statuses(client).at(-1)).toMatchObject({ status });
    }
  });

  it('restarts the whole server on the same port (manual clock: down until its time has passed)', async () => {
    const clock = createManualClock(Date.now());
    const sim = await useSim({ wallClock: clock });
    const c = await useAuthed(sim.url);
    const restarted = sim.control.restart(300);
    expect((await c.closed).code).toBe(1012);
    await waitUntil(() => clock.pending() === 1, 5_000, 'the restart timer');
    await expect(RawClient.open(sim.url)).rejects.toThrow();
    clock.advance(300);
    await restarted;
    const again = await useAuthed(sim.url);
    expect(again.ws.readyState).toBe(1);
    expect(sim.control.connections().map((x) => x.id)).toEqual([idOf(sim, again)]);
  });

  it('a restart issued while down from another keeps the server down until its own time, then listens once', async () => {
    const clock = createManualClock(Date.now());
    const sim = await useSim({ wallClock: clock });
    const first = sim.control.restart(300);
    await waitUntil(() => clock.pending() === 1, 5_000, 'the first restart timer');
    const second = sim.control.restart(500);
    await waitUntil(() => clock.pending() === 2, 5_000, 'the second restart timer');
    clock.advance(300);
    await first;
    await expect(RawClient.open(sim.url)).rejects.toThrow(); // still down: the later restart's time
    clock.advance(200);
    await second; // used to fail with ERR_SERVER_ALREADY_LISTEN
    const again = await useAuthed(sim.url);
    expect(again.ws.readyState).toBe(1);
  });
});

describe('shaping options, on a manual clock', () => {
  it('holds every frame for the configured latency', async () => {
    const clock = createManualClock(Date.now());
    const sim = await useSim({ wallClock: clock, latencyMs: 300 });
    const c = await useClient(sim.url);
    await waitUntil(() => sim.control.connections().length === 1);
    clock.advance(299);
    expect(sim.control.connection('c1').framesSent).toBe(0);
    clock.advance(1);
    expect(sim.control.connection('c1').framesSent).toBe(1);
    expect(await c.nextMessages()).toEqual([expect.objectContaining({ status: 'connected' })]);
  });

  it('caps each socket at the configured bandwidth: within one frame of cap x time', async () => {
    const clock = createManualClock(Date.now());
    const cap = 100_000;
    const sim = await useSim({
      wallClock: clock,
      bandwidthBytesPerSec: cap,
      rate: 20_000,
      slowConsumerBytes: 64 << 20,
    });
    const c = await useClient(sim.url);
    c.send({ action: 'auth', params: 'demo' });
    c.send({ action: 'subscribe', params: 'T.*,Q.*' });
    await waitUntil(() => sim.control.connections()[0]?.topics.length === 2);
    await sim.control.advance(3_000);
    expect(sim.control.connection('c1').unsentBytes).toBeGreaterThan(3 * cap);
    clock.advance(1_000);
    const written = sim.control.connection('c1').bytesSent;
    await waitUntil(
      () => c.frames.reduce((n, f) => n + f.length, 0) === written,
      5_000,
      'the written frames',
    );
    const largest = Math.max(...c.frames.map((f) => f.length));
    expect(written).toBeGreaterThan(cap);
    expect(written).toBeLessThanOrEqual(cap + largest);
  });
});
