import { createManualClock, ErrorCode, InvalidArgumentError } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import {
  EventStream,
  MassiveClient,
  resolveClientOptions,
  topicEntries,
  type StreamItem,
} from '../src/index.js';
import { SubscriptionBook } from '../src/subscription-book.js';

const item = (n: number): StreamItem => ({
  event: { ev: 'T', sym: 'A', p: n, s: 1, t: n },
  tick: {
    ticker: 'A',
    price: n,
    volume: 1,
    timestamp: n / 1000,
    source: 'massive',
    event_type: 'trade',
  },
});

describe('client options', () => {
  it('initialises with config and documented defaults', () => {
    const o = resolveClientOptions({ apiKey: 'k', url: 'ws://127.0.0.1:1/stocks' });
    expect(o).toMatchObject({
      channels: ['T', 'Q', 'AM'],
      maxRetries: Infinity,
      cluster: 'stocks',
      connectTimeoutMs: 10_000,
      heartbeatIntervalMs: 25_000,
      heartbeatTimeoutMs: 30_000,
      dataSilenceMs: 0,
    });
    expect(o.backoff).toEqual({ baseDelayMs: 1_000, maxDelayMs: 30_000, jitter: 0.2 });
    const client = new MassiveClient({ apiKey: 'k', url: 'ws://127.0.0.1:1/stocks' });
    expect(client.state).toBe('idle');
  });

  it('rejects bad options with a typed error naming the field, never echoing the key', () => {
    const bad: [object, string][] = [
      [{ apiKey: '' }, 'apiKey'],
      [{ apiKey: 'secret-key', url: 'nope' }, 'url'],
      [{ apiKey: 'k', url: 'http://x' }, 'url'],
      [{ apiKey: 'k', channels: [] }, 'channels'],
      [{ apiKey: 'k', channels: ['T', 'q'] }, 'channels[1]'],
      [{ apiKey: 'k', maxRetries: -1 }, 'maxRetries'],
      [{ apiKey: 'k', maxRetries: 2.5 }, 'maxRetries'],
      [{ apiKey: 'k', stableAfterMs: 0 }, 'stableAfterMs'],
      [{ apiKey: 'k', cluster: 'bonds' }, 'cluster'],
      [{ apiKey: 'k', socketGate: 'later' }, 'socketGate'],
      [{ apiKey: 'k', clock: {} }, 'clock'],
      [{ apiKey: 'k', backoff: { baseDelayMs: 5_000, maxDelayMs: 1_000 } }, 'backoff.maxDelayMs'],
      [{ apiKey: 'k', backoff: { jitter: 2 } }, 'backoff.jitter'],
      [{ apiKey: 'k', onTick: 5 }, 'onTick'],
      [{ apiKey: 'k', chunk: { maxTopicsPerFrame: 0 } }, 'chunk.maxTopicsPerFrame'],
      [{ apiKey: 'k', chunk: { maxFrameBytes: 10 } }, 'chunk.maxFrameBytes'],
      [{ apiKey: 'k', circuitBreaker: { successThreshold: 0 } }, 'circuitBreaker.successThreshold'],
      [{ apiKey: 'k', circuitBreaker: { maxOpenMs: Number.NaN } }, 'circuitBreaker.maxOpenMs'],
    ];
    for (const [opts, field] of bad) {
      let thrown: unknown;
      try {
        resolveClientOptions(opts as never);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(InvalidArgumentError);
      expect(thrown).toMatchObject({ field });
      expect((thrown as Error).message).not.toContain('secret');
    }
  });

  it('builds topics as tickers x channels, normalised, with * for all tickers', () => {
    expect(topicEntries([' aapl', 'AAPL', '*'], ['T', 'Q']).map((e) => e.topic)).toEqual([
      'T.*',
      'Q.*',
      'T.AAPL',
      'Q.AAPL',
    ]);
    expect(() => topicEntries(['AAPL', 'not a ticker'], ['T'])).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_TICKER, value: 'not a ticker' }),
    );
  });
});

describe('events() options', () => {
  it('rejects a bad highWaterMark or overflow with a typed error naming the field', () => {
    const client = new MassiveClient({ apiKey: 'k', url: 'ws://127.0.0.1:1/stocks' });
    for (const [opts, field] of [
      [{ highWaterMark: -1 }, 'highWaterMark'],
      [{ highWaterMark: 1.5 }, 'highWaterMark'],
      [{ overflow: 'drop-newest' }, 'overflow'],
    ] as const) {
      expect(() => client.events(opts as never)).toThrow(
        expect.objectContaining({ code: ErrorCode.INVALID_ARGUMENT, field }),
      );
    }
  });
});

describe('SubscriptionBook', () => {
  const book = (onChange?: (topic: string, state: string) => void) =>
    new SubscriptionBook(createManualClock(), 1_000, onChange);

  it('adds each topic once and reports only new ones', () => {
    const b = book();
    const e = topicEntries(['AAPL'], ['T', 'Q']);
    expect(b.add(e)).toEqual(['T.AAPL', 'Q.AAPL']);
    expect(b.add(e)).toEqual([]);
  });

  it('tracks time to confirm and resolves waiters on acks', async () => {
    const clock = createManualClock();
    const b = new SubscriptionBook(clock, 1_000);
    b.add(topicEntries(['AAPL'], ['T']));
    b.markSent('subscribe', ['T.AAPL']);
    b.arm();
    const waiting = b.waitFor('subscribe', ['T.AAPL']);
    clock.advance(40);
    b.acknowledge('subscribe', 'T.AAPL');
    expect(await waiting).toBe(true);
    expect(b.list()[0]).toMatchObject({ status: 'confirmed', confirmMs: 40 });
    expect(b.confirmLatency()).toMatchObject({ count: 1, meanMs: 40, maxMs: 40 });
    expect(b.confirmedCount).toBe(1);
  });

  it('runs the confirm timeout only while a connection is up', async () => {
    const clock = createManualClock();
    const b = new SubscriptionBook(clock, 1_000);
    b.add(topicEntries(['AAPL'], ['T']));
    let result: boolean | undefined;
    void b.waitFor('subscribe', ['T.AAPL']).then((r) => (result = r));
    clock.advance(60_000); // no connection: nothing can be confirmed, nothing times out
    await Promise.resolve();
    expect(result).toBeUndefined();
    b.arm();
    clock.advance(999);
    await Promise.resolve();
    expect(result).toBeUndefined();
    clock.advance(1);
    await Promise.resolve();
    expect(result).toBe(false);
  });

  it('unsubscribes only what was sent, and puts every topic back to pending when the socket goes', () => {
    const changes: string[] = [];
    const b = book((t, s) => changes.push(`${t} ${s}`));
    b.add(topicEntries(['AAPL', 'MSFT', 'NVDA'], ['T']));
    b.markSent('subscribe', ['T.AAPL', 'T.NVDA']);
    b.acknowledge('subscribe', 'T.NVDA');
    expect(b.remove(['T.AAPL', 'T.MSFT'])).toEqual(['T.AAPL']);
    b.connectionLost();
    expect(b.pending()).toEqual(['T.NVDA']);
    expect(b.confirmedCount).toBe(0);
    expect(changes).toEqual([
      'T.AAPL pending',
      'T.MSFT pending',
      'T.NVDA pending',
      'T.NVDA confirmed',
      'T.AAPL removed',
      'T.MSFT removed',
      'T.NVDA pending',
    ]);
  });

  it('matches a refusal to the topic it names, else to the oldest reply owed', async () => {
    const b = book();
    b.add(topicEntries(['AAPL', 'MSFT', 'NVDA'], ['T']));
    b.markSent('subscribe', ['T.AAPL', 'T.MSFT', 'T.NVDA']);
    b.arm();
    const all = b.waitFor('subscribe', ['T.AAPL', 'T.MSFT', 'T.NVDA']);
    expect(b.refuse('not authorized to access T.NVDA')).toBe('T.NVDA');
    expect(await all).toBe(false);
    expect(b.refuse('not authorized')).toBe('T.AAPL');
    b.acknowledge('subscribe', 'T.MSFT');
    expect(b.refuse('unknown')).toBeUndefined(); // nothing owed
    expect(b.list().map((t) => t.status)).toEqual(['refused', 'confirmed', 'refused']);
    expect(b.pending()).toEqual([]); // refused topics are not re-sent on a new socket
    expect(b.add(topicEntries(['AAPL'], ['T']))).toEqual(['T.AAPL']); // until subscribed again
  });
});

describe('EventStream', () => {
  it('drop-oldest keeps at most highWaterMark items and counts the drops', async () => {
    const s = new EventStream(
      { highWaterMark: 3 },
      () => undefined,
      () => undefined,
    );
    for (let i = 1; i <= 10; i++) s.push(item(i));
    expect(s.size).toBe(3);
    expect(s.dropped).toBe(7);
    // The three newest remain, oldest first.
    expect(((await s.next()).value as StreamItem).tick).toMatchObject({ price: 8 });
    expect(((await s.next()).value as StreamItem).event).toMatchObject({ p: 9 });
    expect(((await s.next()).value as StreamItem).tick).toMatchObject({ price: 10 });
  });

  it('pause signals pressure when full and release when half drained', async () => {
    const signals: boolean[] = [];
    const s = new EventStream(
      { highWaterMark: 4, overflow: 'pause' },
      (_s, full) => signals.push(full),
      () => undefined,
    );
    for (let i = 1; i <= 5; i++) s.push(item(i));
    expect(s.size).toBe(5);
    expect(signals[0]).toBe(true);
    for (let i = 0; i < 3; i++) await s.next();
    expect(signals.at(-1)).toBe(false);
  });

  it('hands items straight to a waiting consumer and ends cleanly', async () => {
    const ended: EventStream[] = [];
    const s = new EventStream(
      {},
      () => undefined,
      (x) => ended.push(x),
    );
    const next = s.next();
    s.push(item(1));
    expect((await next).done).toBe(false);
    const pending = s.next();
    s.end();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(ended).toEqual([s]);
  });
});
