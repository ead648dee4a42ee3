import { describe, expect, it } from 'vitest';
import { RawClient, useAuthed, useClient, useSim } from './helpers.js';

const status = (s: string, message: string) => ({ ev: 'status', status: s, message });

/** The next `n` frames, each required to hold exactly one object: one status per frame. */
async function oneEach(c: RawClient, n: number): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const frame = await c.nextMessages();
    expect(frame).toHaveLength(1);
    out.push(frame[0]!);
  }
  return out;
}

describe('session protocol (every row of the protocol table)', () => {
  it('sends the connected status on open', async () => {
    const sim = await useSim();
    const c = await useClient(sim.url);
    expect(await c.nextMessages()).toEqual([status('connected', 'Connected Successfully')]);
  });

  it('answers a good key with auth_success', async () => {
    const sim = await useSim();
    const c = await useClient(sim.url);
    await c.nextMessages();
    c.send({ action: 'auth', params: 'demo' });
    expect(await c.nextMessages()).toEqual([status('auth_success', 'authenticated')]);
  });

  it('answers a bad key with auth_failed and closes with 1008', async () => {
    const sim = await useSim();
    const c = await useClient(sim.url);
    await c.nextMessages();
    c.send({ action: 'auth', params: 'wrong' });
    expect(await c.nextMessages()).toEqual([status('auth_failed', 'authentication failed')]);
    expect((await c.closed).code).toBe(1008);
  });

  it('sends auth_timeout and closes when no auth arrives in time', async () => {
    const sim = await useSim({ authTimeoutMs: 150 });
    const c = await useClient(sim.url);
    await c.nextMessages();
    expect(await c.nextMessages()).toEqual([
      status('auth_timeout', 'No authentication request received.'),
    ]);
    expect((await c.closed).code).toBe(1008);
  });

  it('acks each subscribed topic in a frame of its own, vendor text, spaces after commas allowed', async () => {
    const sim = await useSim();
    const c = await useAuthed(sim.url);
    c.send({ action: 'subscribe', params: 'T.AAPL, Q.MSFT,AM.*' });
    expect(await oneEach(c, 3)).toEqual([
      status('success', 'subscribed to: T.AAPL'),
      status('success', 'subscribed to: Q.MSFT'),
      status('success', 'subscribed to: AM.*'),
    ]);
  });

  it('acks each unsubscribed topic with the vendor text', async () => {
    const sim = await useSim();
    const c = await useAuthed(sim.url);
    c.send({ action: 'subscribe', params: 'T.AAPL,T.MSFT' });
    await oneEach(c, 2);
    c.send({ action: 'unsubscribe', params: 'T.AAPL, T.MSFT' });
    expect(await oneEach(c, 2)).toEqual([
      status('success', 'unsubscribed to: T.AAPL'),
      status('success', 'unsubscribed to: T.MSFT'),
    ]);
    expect(sim.control.connections()[0]!.topics).toEqual([]);
  });

  it('refuses a subscribe before auth with "not authorized" and keeps the socket', async () => {
    const sim = await useSim();
    const c = await useClient(sim.url);
    await c.nextMessages();
    c.send({ action: 'subscribe', params: 'T.AAPL' });
    expect(await c.nextMessages()).toEqual([status('error', 'not authorized')]);
    c.send({ action: 'auth', params: 'demo' });
    expect(await c.nextMessages()).toEqual([status('auth_success', 'authenticated')]);
  });

  it('answers an unknown action and bad JSON with an error naming the problem, socket open', async () => {
    const sim = await useSim();
    const c = await useAuthed(sim.url);
    c.send({ action: 'dance', params: 'x' });
    expect(await c.nextMessages()).toEqual([status('error', 'unknown action: dance')]);
    c.send('{not json');
    const [bad] = await c.nextMessages();
    expect(bad).toMatchObject({ ev: 'status', status: 'error' });
    expect(String(bad!['message'])).toMatch(/^invalid JSON/);
    c.send('[1,2]');
    expect((await c.nextMessages())[0]!['message']).toMatch(/JSON object/);
    c.send({ action: 'subscribe', params: 'T.AAPL' });
    expect(await c.nextMessages()).toEqual([status('success', 'subscribed to: T.AAPL')]);
  });

  it('reports invalid topics and empty params without dropping the socket', async () => {
    const sim = await useSim();
    const c = await useAuthed(sim.url);
    c.send({ action: 'subscribe', params: 'AAPL, T.MSFT' });
    expect(await oneEach(c, 2)).toEqual([
      status('error', 'invalid topic: AAPL'),
      status('success', 'subscribed to: T.MSFT'),
    ]);
    c.send({ action: 'subscribe', params: ' ' });
    expect((await c.nextMessages())[0]).toMatchObject({ status: 'error' });
  });

  it('handles pipelined control messages strictly in order', async () => {
    const sim = await useSim();
    const c = await useClient(sim.url);
    // Sent back to back without waiting, as the vendor's Go client does.
    c.send({ action: 'auth', params: 'demo' });
    c.send({ action: 'subscribe', params: 'T.AAPL' });
    c.send({ action: 'unsubscribe', params: 'T.AAPL' });
    c.send({ action: 'subscribe', params: 'Q.MSFT' });
    const seen = [];
    for (let i = 0; i < 5; i++) seen.push(...(await c.nextMessages()));
    expect(seen.map((m) => m['message'])).toEqual([
      'Connected Successfully',
      'authenticated',
      'subscribed to: T.AAPL',
      'unsubscribed to: T.AAPL',
      'subscribed to: Q.MSFT',
    ]);
    expect(sim.control.connections()[0]!.topics).toEqual(['Q.MSFT']);
  });

  it('acks a repeated subscribe again without duplicating the subscription', async () => {
    const sim = await useSim();
    const c = await useAuthed(sim.url);
    c.send({ action: 'subscribe', params: 'T.AAPL' });
    await c.nextMessages();
    c.send({ action: 'subscribe', params: 'T.AAPL' });
    expect(await c.nextMessages()).toEqual([status('success', 'subscribed to: T.AAPL')]);
    expect(sim.control.connections()[0]!.topics).toEqual(['T.AAPL']);
  });

  it('rejects other paths', async () => {
    const sim = await useSim();
    await expect(RawClient.open(sim.url.replace('/stocks', '/options'))).rejects.toThrow(/404/);
  });
});

describe('data on the wire', () => {
  it('delivers only the subscribed channels and tickers, in vendor field names', async () => {
    const sim = await useSim({ clock: 'virtual', rate: 5_000 });
    const c = await useAuthed(sim.url);
    c.send({ action: 'subscribe', params: 'T.AAPL,Q.MSFT' });
    await oneEach(c, 2);
    await sim.control.advance(3_000);
    await c.nextFrame();
    const events = c.events();
    expect(events.length).toBeGreaterThan(0);
    for (const e of events)
      expect(`${String(e['ev'])}.${String(e['sym'])}`).toMatch(/^(T\.AAPL|Q\.MSFT)$/);
    const trade = events.find((e) => e['ev'] === 'T')!;
    expect(Object.keys(trade)).toEqual(
      expect.arrayContaining(['ev', 'sym', 'i', 'x', 'p', 's', 't', 'q', 'z']),
    );
    expect(typeof trade['i']).toBe('string');
  });

  it('adds sim_sent_ms only when the bench stamp is on', async () => {
    for (const benchStamp of [false, true]) {
      const sim = await useSim({ clock: 'virtual', benchStamp });
      const c = await useAuthed(sim.url);
      c.send({ action: 'subscribe', params: 'T.*' });
      await c.nextMessages();
      await sim.control.advance(500);
      const [first] = await c.nextMessages();
      if (benchStamp)
        expect(Math.abs((first!['sim_sent_ms'] as number) - Date.now())).toBeLessThan(60_000);
      else expect(first).not.toHaveProperty('sim_sent_ms');
    }
  });
});
