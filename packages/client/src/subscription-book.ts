import type { Clock, TimerHandle } from '@tickmux/core';
import type { TopicLifecycleState } from './lifecycle.js';
import type { TopicEntry } from './topics.js';

/** Where a topic stands on the current connection. */
export type TopicStatus = 'pending' | 'sent' | 'confirmed' | 'refused';

/** One wanted topic and its confirmation. */
export interface TopicState {
  topic: string;
  ticker: string;
  channel: string;
  status: TopicStatus;
  /** When the subscribe frame carrying it was sent on this connection (monotonic ms). */
  sentAt: number | null;
  /** Time from send to the server's ack, ms, once confirmed. */
  confirmMs: number | null;
}

/** Latency of subscription confirmations. */
export interface ConfirmLatency {
  count: number;
  meanMs: number;
  maxMs: number;
  lastMs: number;
}

type Action = 'subscribe' | 'unsubscribe';

interface Waiter {
  action: Action;
  remaining: Set<string>;
  resolve: (ok: boolean) => void;
  /** The confirm timeout; unset while no connection is up to confirm anything. */
  timer: TimerHandle | undefined;
}

/**
 * The topics a client wants, their state on the current connection, the replies the server owes,
 * and the callers waiting for them. Adding a wanted topic again is a no-op, so no call ever sends
 * a duplicate subscribe. Every change a caller can observe is reported through `onChange`.
 */
export class SubscriptionBook {
  private readonly topics = new Map<string, TopicState>();
  private confirmed = 0;
  /**
   * Replies the server owes, per action: topic → the order it was first sent in. The server
   * answers control messages in order, one per topic, so each map is oldest first. No key string
   * or record per topic: a failover re-sends thousands at once.
   */
  private readonly owed: Record<Action, Map<string, number>> = {
    subscribe: new Map(),
    unsubscribe: new Map(),
  };
  private sentOrder = 0;
  private waiters: Waiter[] = [];
  /** Whether a connection is up, so that confirm timeouts run. */
  private armed = false;
  private readonly latency = { count: 0, sum: 0, max: 0, last: 0 };

  constructor(
    private readonly clock: Clock,
    private readonly confirmTimeoutMs: number,
    private readonly onChange: (topic: string, state: TopicLifecycleState) => void = () => {},
  ) {}

  get size(): number {
    return this.topics.size;
  }

  get confirmedCount(): number {
    return this.confirmed;
  }

  /** Adds topics (a refused one is wanted again); returns the ones to send. */
  add(entries: readonly TopicEntry[]): string[] {
    const added: string[] = [];
    for (const e of entries) {
      const s = this.topics.get(e.topic);
      if (s !== undefined && s.status !== 'refused') continue;
      if (s === undefined)
        this.topics.set(e.topic, {
          topic: e.topic,
          ticker: e.ticker,
          channel: e.channel,
          status: 'pending',
          sentAt: null,
          confirmMs: null,
        });
      else s.status = 'pending';
      added.push(e.topic);
      this.onChange(e.topic, 'pending');
    }
    return added;
  }

  /** Removes topics; returns those the server holds or may hold (the ones to unsubscribe). */
  remove(topics: readonly string[]): string[] {
    const held: string[] = [];
    for (const t of topics) {
      const s = this.topics.get(t);
      if (s === undefined) continue;
      if (s.status === 'sent' || s.status === 'confirmed') held.push(t);
      if (s.status === 'confirmed') this.confirmed--;
      this.topics.delete(t);
      this.owed.subscribe.delete(t);
      this.onChange(t, 'removed');
      this.settleTopic('subscribe', t, false);
    }
    return held;
  }

  /** Wanted topics of these tickers, on any channel. */
  topicsOf(tickers: ReadonlySet<string>): string[] {
    const out: string[] = [];
    for (const s of this.topics.values()) if (tickers.has(s.ticker)) out.push(s.topic);
    return out;
  }

  /** Topics to send on a new connection: every one wanted and not refused. */
  pending(): string[] {
    const out: string[] = [];
    for (const s of this.topics.values()) if (s.status === 'pending') out.push(s.topic);
    return out;
  }

  markSent(action: Action, topics: readonly string[]): void {
    const now = this.clock.monotonic();
    const owed = this.owed[action];
    for (const t of topics) {
      if (!owed.has(t)) owed.set(t, this.sentOrder++);
      const s = action === 'subscribe' ? this.topics.get(t) : undefined;
      if (s !== undefined && s.status === 'pending') {
        s.status = 'sent';
        s.sentAt = now;
      }
    }
  }

  /** The server acked `topic` (subscribe or unsubscribe). */
  acknowledge(action: Action, topic: string): void {
    this.owed[action].delete(topic);
    const s = action === 'subscribe' ? this.topics.get(topic) : undefined;
    if (s !== undefined && s.status !== 'confirmed') {
      s.status = 'confirmed';
      this.confirmed++;
      if (s.sentAt !== null) this.recordLatency(s, this.clock.monotonic() - s.sentAt);
      this.onChange(topic, 'confirmed');
    }
    this.settleTopic(action, topic, true);
  }

  /**
   * The server refused something (an `error` status). It names no topic in a fixed form, so the
   * reply is matched to a topic it mentions, else to the oldest reply still owed (the server
   * answers in order). Returns the topic refused, if any was owed.
   */
  refuse(message: string): string | undefined {
    const owed = this.mentioned(message) ?? this.oldestOwed();
    if (owed === undefined) return undefined;
    const [action, topic] = owed;
    this.owed[action].delete(topic);
    const s = action === 'subscribe' ? this.topics.get(topic) : undefined;
    if (s !== undefined) {
      if (s.status === 'confirmed') this.confirmed--;
      s.status = 'refused';
      this.onChange(topic, 'refused');
    }
    this.settleTopic(action, topic, false);
    return topic;
  }

  /** The first owed reply whose topic `message` names (subscribe before unsubscribe). */
  private mentioned(message: string): [Action, string] | undefined {
    for (const word of message.split(/[\s,;"']+/)) {
      if (this.owed.subscribe.has(word)) return ['subscribe', word];
      if (this.owed.unsubscribe.has(word)) return ['unsubscribe', word];
    }
    return undefined;
  }

  /** The reply owed longest, of either action. */
  private oldestOwed(): [Action, string] | undefined {
    const sub = this.owed.subscribe.entries().next().value;
    const unsub = this.owed.unsubscribe.entries().next().value;
    if (sub === undefined) return unsub === undefined ? undefined : ['unsubscribe', unsub[0]];
    if (unsub === undefined || sub[1] < unsub[1]) return ['subscribe', sub[0]];
    return ['unsubscribe', unsub[0]];
  }

  private forgetOwed(): void {
    this.owed.subscribe.clear();
    this.owed.unsubscribe.clear();
  }

  /** The socket is gone: nothing is confirmed, no reply is owed, confirm timeouts stop. */
  connectionLost(): void {
    for (const s of this.topics.values()) {
      if (s.status === 'confirmed') {
        this.confirmed--;
        s.status = 'pending';
        this.onChange(s.topic, 'pending');
      } else if (s.status === 'sent') s.status = 'pending';
      s.sentAt = null;
    }
    this.forgetOwed();
    this.armed = false;
    const open: Waiter[] = [];
    for (const w of this.waiters) {
      // An unsubscribe is done: no socket holds the topic any more.
      if (w.action === 'unsubscribe') this.finish(w, true);
      else {
        if (w.timer !== undefined) this.clock.clearTimeout(w.timer);
        w.timer = undefined;
        open.push(w);
      }
    }
    this.waiters = open;
  }

  /** A connection is up and the pending topics were sent: confirm timeouts run from now. */
  arm(): void {
    this.armed = true;
    for (const w of this.waiters) if (w.timer === undefined) this.startTimer(w);
  }

  /**
   * Resolves true once every topic is in the wanted state (subscribe: confirmed; unsubscribe: acked),
   * false as soon as one is refused or removed, after `confirmTimeoutMs` of a live connection, or
   * on `failWaiters()`.
   */
  waitFor(action: Action, topics: readonly string[]): Promise<boolean> {
    const remaining = new Set<string>();
    for (const t of topics) {
      if (action === 'unsubscribe') {
        if (this.owed.unsubscribe.has(t)) remaining.add(t);
        continue;
      }
      const s = this.topics.get(t);
      if (s === undefined || s.status === 'refused') return Promise.resolve(false);
      if (s.status !== 'confirmed') remaining.add(t);
    }
    if (remaining.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const w: Waiter = { action, remaining, resolve, timer: undefined };
      this.waiters.push(w);
      if (this.armed) this.startTimer(w);
    });
  }

  /** The client gave up or was closed: subscribes fail, unsubscribes are done. */
  failWaiters(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) this.finish(w, w.action === 'unsubscribe');
  }

  /** Forgets every topic (each reported `removed`). */
  clear(): void {
    for (const t of this.topics.keys()) this.onChange(t, 'removed');
    this.topics.clear();
    this.forgetOwed();
    this.confirmed = 0;
  }

  list(): TopicState[] {
    return [...this.topics.values()].map((s) => ({ ...s }));
  }

  tickers(): string[] {
    return [...new Set([...this.topics.values()].map((s) => s.ticker))];
  }

  confirmLatency(): ConfirmLatency {
    const l = this.latency;
    return {
      count: l.count,
      meanMs: l.count === 0 ? 0 : l.sum / l.count,
      maxMs: l.max,
      lastMs: l.last,
    };
  }

  private recordLatency(s: TopicState, ms: number): void {
    s.confirmMs = ms;
    const l = this.latency;
    l.count++;
    l.sum += ms;
    l.last = ms;
    if (ms > l.max) l.max = ms;
  }

  /** `topic` reached its wanted state (ok) or never will (not ok) for `action`'s waiters. */
  private settleTopic(action: Action, topic: string, ok: boolean): void {
    if (this.waiters.length === 0) return;
    const open: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.action !== action || !w.remaining.has(topic)) open.push(w);
      else if (!ok) this.finish(w, false);
      else {
        w.remaining.delete(topic);
        if (w.remaining.size === 0) this.finish(w, true);
        else open.push(w);
      }
    }
    this.waiters = open;
  }

  private startTimer(w: Waiter): void {
    w.timer = this.clock.setTimeout(() => {
      this.waiters = this.waiters.filter((x) => x !== w);
      w.resolve(false);
    }, this.confirmTimeoutMs);
  }

  private finish(w: Waiter, ok: boolean): void {
    if (w.timer !== undefined) this.clock.clearTimeout(w.timer);
    w.timer = undefined;
    w.resolve(ok);
  }
}
