import { createManualClock } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import { CallbackQueue } from '../src/callback-queue.js';
import { SubscriptionBook } from '../src/subscription-book.js';

const entries = (...topics: string[]) =>
  topics.map((topic) => ({ topic, channel: topic.split('.')[0]!, ticker: topic.split('.')[1]! }));

function book() {
  const changes: string[] = [];
  const b = new SubscriptionBook(createManualClock(), 1_000, (t, s) => changes.push(`${t} ${s}`));
  return { b, changes };
}

describe('SubscriptionBook: matching a refusal to the reply owed', () => {
  it('takes the topic the message names, of either action', () => {
    const { b } = book();
    b.markSent('subscribe', b.add(entries('T.A', 'T.B')));
    b.markSent('unsubscribe', ['T.C']);
    expect(b.refuse('not allowed: T.C')).toBe('T.C');
    expect(b.refuse('bad ticker "T.B"')).toBe('T.B');
    expect(b.list().map((s) => [s.topic, s.status])).toEqual([
      ['T.A', 'sent'],
      ['T.B', 'refused'],
    ]);
  });

  it.each([
    { first: 'subscribe', then: 'unsubscribe', oldest: 'T.S' },
    { first: 'unsubscribe', then: 'subscribe', oldest: 'T.U' },
  ] as const)(
    'a message naming no topic refuses the reply owed longest ($first before $then)',
    ({ first, then, oldest }) => {
      const { b } = book();
      const send = (action: 'subscribe' | 'unsubscribe') =>
        action === 'subscribe'
          ? b.markSent('subscribe', b.add(entries('T.S')))
          : b.markSent('unsubscribe', ['T.U']);
      send(first);
      send(then);
      expect(b.refuse('something went wrong')).toBe(oldest);
      expect(b.refuse('something went wrong')).toBe(oldest === 'T.S' ? 'T.U' : 'T.S');
      expect(b.refuse('something went wrong')).toBeUndefined();
    },
  );

  it('a topic sent again keeps its place among the replies owed', () => {
    const { b } = book();
    b.markSent('unsubscribe', ['T.X']);
    b.markSent('unsubscribe', ['T.Y']);
    b.markSent('unsubscribe', ['T.X']);
    expect(b.refuse('?')).toBe('T.X');
    expect(b.refuse('?')).toBe('T.Y');
  });

  it('an ack, a removal or a lost socket settles what was owed', () => {
    const { b } = book();
    b.markSent('subscribe', b.add(entries('T.A', 'T.B', 'T.C')));
    b.acknowledge('subscribe', 'T.A');
    b.remove(['T.B']);
    expect(b.refuse('?')).toBe('T.C');
    b.markSent('unsubscribe', ['T.A']);
    b.connectionLost();
    expect(b.refuse('?')).toBeUndefined();
  });

  it('a new topic is stored with its own fields, not the caller’s object', () => {
    const { b, changes } = book();
    const e = { topic: 'Q.MSFT', channel: 'Q', ticker: 'MSFT', extra: 1 };
    expect(b.add([e])).toEqual(['Q.MSFT']);
    e.ticker = 'CHANGED';
    expect(b.list()).toEqual([
      {
        topic: 'Q.MSFT',
        ticker: 'MSFT',
        channel: 'Q',
        status: 'pending',
        sentAt: null,
        confirmMs: null,
      },
    ]);
    expect(changes).toEqual(['Q.MSFT pending']);
  });
});

describe('CallbackQueue.pushBatched', () => {
  it('runs a burst of items as one entry, in order with what was queued around it', () => {
    const failed: string[] = [];
    const q = new CallbackQueue((name) => failed.push(name));
    const order: string[] = [];
    const key = {};
    const item = (s: string) => {
      if (s === 'boom') throw new Error(s);
      order.push(s);
    };
    q.push('before', () => order.push('before'));
    q.pushBatched('topic', key, item, 'a');
    q.pushBatched('topic', key, item, 'boom');
    q.pushBatched('topic', key, item, 'b');
    q.push('state', () => order.push('state'));
    // After another entry, the same key starts a new batch behind it.
    q.pushBatched('topic', key, item, 'c');
    q.flush();
    expect(order).toEqual(['before', 'a', 'b', 'state', 'c']);
    expect(failed).toEqual(['topic']);
  });

  it('queues what a batch causes behind it, never into it', () => {
    const q = new CallbackQueue(() => undefined);
    const order: string[] = [];
    const key = {};
    const item = (s: string) => {
      order.push(s);
      if (s === 'a') q.pushBatched('topic', key, item, 'caused by a');
    };
    q.pushBatched('topic', key, item, 'a');
    q.pushBatched('topic', key, item, 'b');
    q.flush();
    expect(order).toEqual(['a', 'b', 'caused by a']);
  });

  it('keeps batches of different keys apart', () => {
    const q = new CallbackQueue(() => undefined);
    const order: string[] = [];
    const k1 = {};
    const k2 = {};
    const item = (s: string) => void order.push(s);
    q.pushBatched('one', k1, item, '1a');
    q.pushBatched('two', k2, item, '2a');
    q.pushBatched('one', k1, item, '1b');
    q.flush();
    expect(order).toEqual(['1a', '2a', '1b']);
  });
});
