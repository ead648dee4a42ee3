import { selectTopics, type ClientState, type MassiveClientOptions } from '@tickmux/client';
import type { ManualClock, MassiveEvent, ServerStatus, StatusMessage } from '@tickmux/core';
import type { PoolClient } from '../src/index.js';

/**
 * A client without a socket, for unit tests of the manager: it goes through the pool's
 * `socketGate` before every "socket", confirms topics at once while connected (unless told not
 * to), and reports through the same callbacks as `MassiveClient`. Every subscribe and unsubscribe
 * is written to a log shared by all fakes, so tests can check the order across connections.
 */
export class FakeClient implements PoolClient {
  state: ClientState = 'idle';
  lastMessageAt: number | null = null;
  /** topic → confirmed on the current "socket". */
  readonly topics = new Map<string, boolean>();
  /** Off: topics stay unconfirmed (and `subscribe()` pending, as a real client's) until `confirmAll()`. */
  autoConfirm = true;
  /** `subscribe()` calls waiting for their topics' confirmation. */
  private waiting: { topics: string[]; resolve: (ok: boolean) => void }[] = [];
  private openedAt = 0;
  private socket = false;
  private abort: AbortController | undefined;

  constructor(
    readonly name: string,
    readonly o: MassiveClientOptions,
    private readonly clock: ManualClock,
    private readonly log: string[],
  ) {}

  get tickers(): string[] {
    return [...new Set([...this.topics.keys()].map((t) => t.slice(t.indexOf('.') + 1)))];
  }

  /** Tickers this fake holds, with their confirmed channels, sorted (for assertions). */
  held(): string[] {
    return [...this.topics.keys()].sort();
  }

  async connect(): Promise<boolean> {
    if (this.state === 'connected') return true;
    this.setState('connecting', 'connect');
    return this.open();
  }

  /** The socket comes back (after a loss): through the gate, then authenticated. */
  async reconnect(): Promise<boolean> {
    this.setState('connecting', 'retry');
    return this.open();
  }

  subscribe(selection: Parameters<PoolClient['subscribe']>[0]): Promise<boolean> {
    const entries = selectTopics(selection, this.o.channels ?? ['T', 'Q', 'AM'], 'stocks');
    for (const { topic } of entries) {
      if (this.topics.has(topic)) continue;
      this.topics.set(topic, false);
      this.o.onTopicState?.(topic, 'pending', this.clock.now());
      if (this.state === 'connected') this.log.push(`${this.name} +${topic}`);
    }
    if (this.state === 'connected' && this.autoConfirm) this.confirmAll();
    const topics = entries.map((e) => e.topic);
    if (this.state === 'connected' && !this.autoConfirm && !this.confirmed(topics))
      return new Promise((resolve) => this.waiting.push({ topics, resolve }));
    return Promise.resolve(this.state === 'connected' && this.confirmed(topics));
  }

  unsubscribe(selection: Parameters<PoolClient['unsubscribe']>[0]): Promise<boolean> {
    const topics =
      typeof selection === 'string' || Array.isArray(selection)
        ? [...this.topics.keys()].filter((t) =>
            (selection as readonly string[]).includes(t.slice(t.indexOf('.') + 1)),
          )
        : selectTopics(selection, this.o.channels ?? [], 'stocks').map((e) => e.topic);
    for (const topic of topics) {
      if (!this.topics.delete(topic)) continue;
      if (this.state === 'connected') this.log.push(`${this.name} -${topic}`);
      this.o.onTopicState?.(topic, 'removed', this.clock.now());
    }
    return Promise.resolve(true);
  }

  disconnect(): Promise<void> {
    this.abort?.abort();
    for (const w of this.waiting.splice(0)) w.resolve(false);
    if (this.socket) this.closeSocket({ wasClean: true, abandoned: false });
    for (const topic of [...this.topics.keys()]) {
      this.topics.delete(topic);
      this.o.onTopicState?.(topic, 'removed', this.clock.now());
    }
    if (this.state !== 'closed') this.setState('closed', 'disconnect');
    return Promise.resolve();
  }

  /** Confirms every pending topic now (and settles the `subscribe()` calls waiting for them). */
  confirmAll(): void {
    for (const [topic, ok] of this.topics) {
      if (ok) continue;
      this.topics.set(topic, true);
      this.o.onTopicState?.(topic, 'confirmed', this.clock.now());
    }
    const waiting = this.waiting;
    this.waiting = [];
    for (const w of waiting) w.resolve(this.confirmed(w.topics));
  }

  private confirmed(topics: readonly string[]): boolean {
    return topics.every((t) => this.topics.get(t) === true);
  }

  /** A frame with `event` arrives. */
  deliver(event: MassiveEvent): void {
    this.lastMessageAt = this.clock.now();
    this.o.onEvent?.(event);
  }

  /** The server sends a status. */
  status(kind: ServerStatus['kind'], message = ''): void {
    const raw = { ev: 'status', status: kind, message } as StatusMessage;
    this.o.onStatus?.({ kind, message, raw });
  }

  /** The socket dies (as a kill or a heartbeat timeout would end it): the client will retry. */
  lose(how: { wasClean?: boolean; abandoned?: boolean; code?: number } = {}): void {
    this.closeSocket(
      { wasClean: how.wasClean ?? false, abandoned: how.abandoned ?? false },
      how.code,
    );
    for (const topic of this.topics.keys()) {
      if (!this.topics.get(topic)) continue;
      this.topics.set(topic, false);
      this.o.onTopicState?.(topic, 'pending', this.clock.now());
    }
    this.setState('reconnecting', 'failure');
  }

  private async open(): Promise<boolean> {
    this.abort = new AbortController();
    try {
      await this.o.socketGate?.(this.abort.signal);
    } catch {
      return false;
    }
    if (this.state === 'closed') return false;
    this.socket = true;
    this.openedAt = this.clock.now();
    this.lastMessageAt = null;
    this.setState('authenticating', 'socket-open');
    this.setState('connected', 'authenticated');
    for (const topic of this.topics.keys()) this.log.push(`${this.name} +${topic}`);
    if (this.autoConfirm) this.confirmAll();
    return true;
  }

  private closeSocket(how: { wasClean: boolean; abandoned: boolean }, code = 1006): void {
    if (!this.socket) return;
    this.socket = false;
    this.o.onSocketClose?.({
      code,
      reason: '',
      wasClean: how.wasClean,
      abandoned: how.abandoned,
      opened: true,
      authenticated: true,
      openedAt: this.openedAt,
      closedAt: this.clock.now(),
    });
  }

  private setState(
    next: ClientState,
    cause: 'connect' | 'retry' | 'socket-open' | 'authenticated' | 'failure' | 'disconnect',
  ): void {
    const previous = this.state;
    this.state = next;
    this.o.onStateChange?.(next, previous, { cause });
  }
}

/** A factory of fakes over one clock; `fakes[i]` is the i-th connection created. */
export function fakeFactory(clock: ManualClock) {
  const log: string[] = [];
  const fakes: FakeClient[] = [];
  const createClient = (o: MassiveClientOptions) => {
    const f = new FakeClient(`c${fakes.length + 1}`, o, clock, log);
    fakes.push(f);
    return f;
  };
  return { log, fakes, createClient };
}
