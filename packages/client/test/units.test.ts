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
  tick: null,
});

describe('client options', () => {
  it('initialises with config and documented defaults', () => {
    const o = resolveClientOptions({ apiKey: 'k', url: 'ws://127.0.0.1:1/stocks' });
    expect(o).toMatchObject({
      channels: ['T', 'Q', 'AM'],
      maxRetries: 3,
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
      [{ apiKey: 'k', backoff: { jitter: 2 } }, 'backoff.jitter'],
      [{ apiKey: 'k', onTick: 5 }, 'onTick'],
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

describe('SubscriptionBook', () => {
  it('adds each topic once and reports only new ones', () => {
    const book = new SubscriptionBook(createManualClock(), 1_000);
    const e = topicEntries(['AAPL'], ['T', 'Q']);
    expect(book.add(e)).toEqual(['T.AAPL', 'Q.AAPL']);
    expect(book.add(e)).toEqual([]);
  });

  it('tracks time to confirm and resolves waiters on acks', async () => {
    const clock = createManualClock();
    const book = new SubscriptionBook(clock, 1_000);
    book.add(topicEntries(['AAPL'], ['T']));
    book.markSent(['T.AAPL']);
    const waiting = book.waitFor('subscribe', ['T.AAPL']);
    clock.advance(40);
    book.acknowledge('subscribe', 'T.AAPL');
    expect(await waiting).toBe(true);
    expect(book.list()[0]).toMatchObject({ status: 'confirmed', confirmMs: 40 });
    expect(book.confirmLatency()).toMatchObject({ count: 1, meanMs: 40, maxMs: 40 });
  });

  it('resolves false when the confirmation does not come in time', async () => {
    const clock = createManualClock();
    const book = new SubscriptionBook(clock, 1_000);
    book.add(topicEntries(['AAPL'], ['T']));
    const waiting = book.waitFor('subscribe', ['T.AAPL']);
    clock.advance(1_000);
    expect(await waiting).toBe(false);
  });

  it('unsubscribes only what was sent, and puts everything back to pending on a new connection', () => {
    const book = new SubscriptionBook(createManualClock(), 1_000);
    book.add(topicEntries(['AAPL', 'MSFT'], ['T']));
    book.markSent(['T.AAPL']);
    expect(book.remove(['T.AAPL', 'T.MSFT'])).toEqual(['T.AAPL']);
    book.add(topicEntries(['NVDA'], ['T']));
    book.markSent(['T.NVDA']);
    expect(book.resetForNewConnection()).toEqual(['T.NVDA']);
    expect(book.list()[0]!.status).toBe('pending');
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
    expect(((await s.next()).value as StreamItem).tick).toBeNull();
    expect(((await s.next()).value as StreamItem).event).toMatchObject({ p: 9 });
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
