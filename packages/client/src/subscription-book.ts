import type { Clock, TimerHandle } from '@tickmux/core';

/** Where a topic stands on the current connection. */
export type TopicStatus = 'pending' | 'sent' | 'confirmed';

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

interface Waiter {
  remaining: Set<string>;
  action: 'subscribe' | 'unsubscribe';
  resolve: (ok: boolean) => void;
  timer: TimerHandle;
}

/** Latency of subscription confirmations. */
export interface ConfirmLatency {
  count: number;
  meanMs: number;
  maxMs: number;
  lastMs: number;
}

/**
 * The topics a client wants, their state on the current connection, and callers waiting for
 * acks. Adding a topic twice is a no-op, so no call ever sends a duplicate subscribe.
 */
export class SubscriptionBook {
  private readonly topics = new Map<string, TopicState>();
  private waiters: Waiter[] = [];
  private readonly latency = { count: 0, sum: 0, max: 0, last: 0 };

  constructor(
    private readonly clock: Clock,
    private readonly confirmTimeoutMs: number,
  ) {}

  get size(): number {
    return this.topics.size;
  }

  /** Adds topics; returns only those that were new (the ones to send). */
  add(entries: readonly { topic: string; ticker: string; channel: string }[]): string[] {
    const added: string[] = [];
    for (const e of entries) {
      if (this.topics.has(e.topic)) continue;
      this.topics.set(e.topic, { ...e, status: 'pending', sentAt: null, confirmMs: null });
      added.push(e.topic);
    }
    return added;
  }

  /** Removes topics; returns those that had been sent on this connection (the ones to unsubscribe). */
  remove(topics: readonly string[]): string[] {
    const sent: string[] = [];
    for (const t of topics) {
      const state = this.topics.get(t);
      if (state === undefined) continue;
      if (state.status !== 'pending') sent.push(t);
      this.topics.delete(t);
    }
    return sent;
  }

  /** Every wanted topic is pending again (a new connection): returns them all, to send. */
  resetForNewConnection(): string[] {
    for (const s of this.topics.values()) {
      s.status = 'pending';
      s.sentAt = null;
    }
    return [...this.topics.keys()];
  }

  markSent(topics: readonly string[]): void {
    const now = this.clock.monotonic();
    for (const t of topics) {
      const s = this.topics.get(t);
      if (s !== undefined && s.status === 'pending') {
        s.status = 'sent';
        s.sentAt = now;
      }
    }
  }

  /** The server acked `topic` (subscribe or unsubscribe). */
  acknowledge(action: 'subscribe' | 'unsubscribe', topic: string): void {
    if (action === 'subscribe') {
      const s = this.topics.get(topic);
      if (s !== undefined && s.status !== 'confirmed') {
        s.status = 'confirmed';
        if (s.sentAt !== null) {
          const ms = this.clock.monotonic() - s.sentAt;
          s.confirmMs = ms;
          const l = this.latency;
          l.count++;
          l.sum += ms;
          l.last = ms;
          if (ms > l.max) l.max = ms;
        }
      }
    }
    for (const w of this.waiters) if (w.action === action) w.remaining.delete(topic);
    this.settle();
  }

  /**
   * Resolves true once every topic is acked for `action`, false after the confirm timeout (or when
   * `failAll` runs). Topics already in the wanted state count as acked.
   */
  waitFor(action: 'subscribe' | 'unsubscribe', topics: readonly string[]): Promise<boolean> {
    const remaining = new Set(
      topics.filter((t) =>
        action === 'subscribe'
          ? this.topics.get(t)?.status !== 'confirmed' && this.topics.has(t)
          : !this.topics.has(t),
      ),
    );
    if (remaining.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        remaining,
        action,
        resolve,
        timer: this.clock.setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(false);
        }, this.confirmTimeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** Resolves every waiter with false and clears their timers. */
  failAll(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) {
      this.clock.clearTimeout(w.timer);
      w.resolve(false);
    }
  }

  clear(): void {
    this.topics.clear();
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

  private settle(): void {
    if (this.waiters.length === 0) return;
    const open: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.remaining.size === 0) {
        this.clock.clearTimeout(w.timer);
        w.resolve(true);
      } else open.push(w);
    }
    this.waiters = open;
  }
}
