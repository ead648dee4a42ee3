import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@tickmux/core';
import { RawClient, sleep, subscribe, useAuthed, useSim, waitUntil } from './helpers.js';

type Msg = Record<string, unknown>;
const dataOf = (c: RawClient): Msg[] => c.events();

describe('fault injection, observed from the client', () => {
  it('lists connections with their topics and a redacted key', async () => {
    const sim = await useSim({ apiKeys: ['secret-key-123'] });
    const c = await useAuthed(sim.url, 'secret-key-123');
    await subscribe(c, 'T.AAPL');
    const [info] = sim.control.connections();
    expect(info).toMatchObject({
      id: 'c1',
      authenticated: true,
      topics: ['T.AAPL'],
      apiKey: 'secr…',
      stalled: false,
    });
    expect(JSON.stringify(sim.control.connections())).not.toContain('secret-key-123');
  });

  it('drops a connection with the given close code and reason', async () => {
    const sim = await useSim();
    const c = await useAuthed(sim.url);
    sim.control.drop('c1', 4001, 'test drop');
    expect(await c.closed).toEqual({ code: 4001, reason: 'test drop' });
  });

  it('refuses close codes a server cannot send, naming the field', () => {
    return useSim().then((sim) => {
      expect(() => sim.control.drop('c1', 1006)).toThrow(
        expect.objectContaining({ field: 'code' }),
      );
      expect(() => sim.control.drop('c99')).toThrow(
        expect.objectContaining({ code: ErrorCode.SIM_UNKNOWN_CONNECTION }),
      );
    });
  });

  it('kills a connection without a close frame (the client sees 1006)', async () => {
    const sim = await useSim();
    const c = await useAuthed(sim.url);
    sim.control.kill('c1');
    expect((await c.closed).code).toBe(1006);
  });

  it('stalls a connection: open, no frames and no pongs, then it resumes', async () => {
    const sim = await useSim({ clock: 'real', rate: 20_000 });
    const c = await useAuthed(sim.url);
    await subscribe(c, 'T.*,Q.*');
    await waitUntil(() => c.frames.length > 10);
    let pongs = 0;
    c.ws.on('pong', () => pongs++);
    sim.control.stall('c1', 600);
    await sleep(50); // frames already in flight land
    const frozen = c.frames.length;
    c.ws.ping();
    await sleep(300);
    expect(c.frames.length).toBe(frozen);
    expect(pongs).toBe(0);
    expect(c.ws.readyState).toBe(1);
    expect(sim.control.connections()[0]!.stalled).toBe(true);
    await waitUntil(() => c.frames.length > frozen, 5_000, 'frames after the stall');
    c.ws.ping();
    await waitUntil(() => pongs === 1, 3_000, 'a pong after the stall');
  });

  it('delays frames (never earlier than the delay) and keeps their order under jitter', async () => {
    const sim = await useSim({ rate: 5_000 });
    const c = await useAuthed(sim.url);
    await subscribe(c, 'T.*');
    const before = c.frames.length;
    sim.control.delay('c1', 400, 200);
    sim.control.advance(2_000);
    await sleep(250);
    expect(c.frames.length).toBe(before);
    await waitUntil(
      () => c.events().length > 0 && sim.control.connections()[0]!.unsentBytes === 0,
      5_000,
    );
    await sleep(50);
    // Contiguous sequence numbers per ticker: nothing reordered, nothing lost.
    const last = new Map<string, number>();
    for (const e of dataOf(c)) {
      const prev = last.get(e['sym'] as string) ?? 0;
      expect(e['q']).toBe(prev + 1);
      last.set(e['sym'] as string, e['q'] as number);
    }
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
    ] as const) {
      sim.control.malformed('c1', kind);
    }
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
    const sim = await useSim({ rate: 20_000, symbols: 20 });
    const c = await useAuthed(sim.url);
    await subscribe(c, 'T.*,Q.*');
    sim.control.advance(500);
    await waitUntil(() => c.events().some((e) => e['sym'] === 'AAPL'));
    const seenBefore = c.events().length;
    sim.control.outage('AAPL');
    sim.control.advance(2_000);
    await waitUntil(() => sim.control.connections()[0]!.unsentBytes === 0);
    await sleep(50);
    const during = c.events().slice(seenBefore);
    expect(during.length).toBeGreaterThan(100);
    expect(during.filter((e) => e['sym'] === 'AAPL')).toEqual([]);
    const lastQ = Math.max(
      ...c
        .events()
        .filter((e) => e['sym'] === 'AAPL' && e['ev'] === 'T')
        .map((e) => e['q'] as number),
    );
    sim.control.endOutage('AAPL');
    sim.control.advance(2_000);
    await waitUntil(() =>
      c
        .events()
        .slice(seenBefore)
        .some((e) => e['sym'] === 'AAPL' && e['ev'] === 'T'),
    );
    const firstAfter = c
      .events()
      .slice(seenBefore)
      .find((e) => e['sym'] === 'AAPL' && e['ev'] === 'T')!;
    expect(firstAfter['q'] as number).toBeGreaterThan(lastQ + 1);
    expect(sim.control.stats().outageDropped).toBeGreaterThan(0);
  });

  it('forces max_connections on one socket', async () => {
    const sim = await useSim();
    const c = await useAuthed(sim.url);
    sim.control.forceMaxConnections('c1');
    expect((await c.nextMessages())[0]).toMatchObject({ status: 'max_connections' });
    expect((await c.closed).code).toBe(1008);
  });

  it('restarts the whole server on the same port', async () => {
    const sim = await useSim();
    const c = await useAuthed(sim.url);
    const restarted = sim.control.restart(300);
    expect((await c.closed).code).toBe(1012);
    await expect(RawClient.open(sim.url)).rejects.toThrow();
    await restarted;
    const again = await useAuthed(sim.url);
    expect(again.ws.readyState).toBe(1);
    expect(sim.control.connections().map((x) => x.id)).toEqual(['c2']);
  });
});

describe('shaping options', () => {
  it('adds the configured latency to every frame', async () => {
    const sim = await useSim({ latencyMs: 300 });
    const c = await RawClient.open(sim.url);
    const opened = performance.now();
    await c.nextFrame();
    expect(performance.now() - opened).toBeGreaterThanOrEqual(290);
    c.close();
  });

  it('caps each socket at the configured bandwidth', async () => {
    const cap = 100_000;
    const sim = await useSim({
      clock: 'real',
      rate: 50_000,
      bandwidthBytesPerSec: cap,
      slowConsumerBytes: 64 << 20,
    });
    const c = await useAuthed(sim.url);
    const start = performance.now();
    await subscribe(c, 'T.*,Q.*');
    await sleep(1_000);
    const bytes = c.frames.reduce((n, f) => n + f.length, 0);
    const elapsed = (performance.now() - start) / 1000;
    expect(bytes).toBeLessThanOrEqual(cap * (elapsed + 0.1));
    expect(bytes).toBeGreaterThan(cap * 0.3);
  });
});
