import { selectTopics, type ClientState, type MassiveClientOptions } from '@tickmux/client';
import type { ManualClock } from '@tickmux/core';
import type { PoolClient, SlotGateFn, SlotPass } from '../src/index.js';

/**
 * A client without a socket for the slot gate's tests: every "socket" goes through the pool's
 * `socketGate` first, authenticates and confirms its topics at once, and ends with a close
 * handshake on `disconnect()`; it reports through the callbacks `MassiveClient` has.
 */
export class GatedFakeClient implements PoolClient {
  state: ClientState = 'idle';
  lastMessageAt: number | null = null;
  readonly topics = new Set<string>();
  /** Sockets opened so far. */
  opened = 0;
  socket = false;
  private openedAt = 0;
  private abort: AbortController | undefined;

  constructor(
    readonly o: MassiveClientOptions,
    private readonly clock: ManualClock,
  ) {}

  get tickers(): string[] {
    return [...new Set([...this.topics].map((t) => t.slice(t.indexOf('.') + 1)))];
  }

  async connect(): Promise<boolean> {
    if (this.state === 'connected') return true;
    this.setState('connecting', 'connect');
    this.abort = new AbortController();
    try {
      await this.o.socketGate?.(this.abort.signal);
    } catch {
      return false;
    }
    if (this.state !== 'connecting') return false;
    this.socket = true;
    this.opened++;
    this.openedAt = this.clock.now();
    this.setState('authenticating', 'socket-open');
    this.setState('connected', 'authenticated');
    for (const topic of this.topics) this.o.onTopicState?.(topic, 'confirmed', this.clock.now());
    return true;
  }

  subscribe(selection: Parameters<PoolClient['subscribe']>[0]): Promise<boolean> {
    const entries = selectTopics(selection, this.o.channels ?? ['T', 'Q', 'AM'], 'stocks');
    for (const { topic } of entries) {
      if (this.topics.has(topic)) continue;
      this.topics.add(topic);
      if (this.state === 'connected') this.o.onTopicState?.(topic, 'confirmed', this.clock.now());
    }
    return Promise.resolve(this.state === 'connected');
  }

  unsubscribe(selection: Parameters<PoolClient['unsubscribe']>[0]): Promise<boolean> {
    const tickers = new Set(Array.isArray(selection) ? (selection as string[]) : []);
    for (const topic of [...this.topics]) {
      if (!tickers.has(topic.slice(topic.indexOf('.') + 1))) continue;
      this.topics.delete(topic);
      this.o.onTopicState?.(topic, 'removed', this.clock.now());
    }
    return Promise.resolve(true);
  }

  disconnect(): Promise<void> {
    this.abort?.abort();
    if (this.socket) {
      this.socket = false;
      this.o.onSocketClose?.({
        code: 1000,
        reason: 'client disconnect',
        wasClean: true,
        abandoned: false,
        opened: true,
        authenticated: true,
        openedAt: this.openedAt,
        closedAt: this.clock.now(),
      });
    }
    for (const topic of [...this.topics]) {
      this.topics.delete(topic);
      this.o.onTopicState?.(topic, 'removed', this.clock.now());
    }
    if (this.state !== 'closed') this.setState('closed', 'disconnect');
    return Promise.resolve();
  }

  private setState(
    next: ClientState,
    cause: 'connect' | 'socket-open' | 'authenticated' | 'disconnect',
  ): void {
    const previous = this.state;
    this.state = next;
    this.o.onStateChange?.(next, previous, { cause });
  }
}

/**
 * A slot gate a test drives: `grant(slot)` lets that slot's waiting socket open (and the next
 * ones at once), `revoke(slot)` aborts its pass (the lease lost). Records every call and close.
 */
export function testSlotGate() {
  const passes = new Map<number, AbortController>();
  const waiting = new Map<number, Array<(pass: SlotPass) => void>>();
  const calls: number[] = [];
  const closed: Array<[number, { wasClean: boolean; abandoned: boolean }]> = [];
  const pass = (slot: number, ctl: AbortController): SlotPass => ({
    signal: ctl.signal,
    socketClosed: (info) => void closed.push([slot, info]),
  });
  const gate: SlotGateFn = (slot, signal) => {
    calls.push(slot);
    const held = passes.get(slot);
    if (held !== undefined && !held.signal.aborted) return Promise.resolve(pass(slot, held));
    return new Promise((resolve, reject) => {
      const list = waiting.get(slot) ?? [];
      list.push(resolve);
      waiting.set(slot, list);
      signal.addEventListener('abort', () => reject(new Error('gate aborted')), { once: true });
    });
  };
  return {
    gate,
    calls,
    closed,
    waiting: (slot: number) => waiting.get(slot)?.length ?? 0,
    grant(slot: number): void {
      const ctl = new AbortController();
      passes.set(slot, ctl);
      const list = waiting.get(slot) ?? [];
      waiting.delete(slot);
      for (const resolve of list) resolve(pass(slot, ctl));
    },
    revoke(slot: number): void {
      passes.get(slot)?.abort(new Error('lease lost'));
    },
  };
}
