import type { Clock, TimerHandle } from '@tickmux/core';
import type { WebSocket } from 'ws';
import type { Feed, ResolvedKey } from './accounts.js';
import type { ChannelTable } from './channels.js';
import type { SocketTruth } from './ground-truth.js';
import { Outbox, type Shaping } from './outbox.js';
import type { SimEvent } from './sim-event.js';
import { Subscriptions } from './subscriptions.js';

/**
 * A socket as the server sees it: `open` (served), `zombie` (still counted against its account
 * but not served: stalled, or abandoned by its client without a close handshake and not yet
 * noticed), `closed`.
 */
export type ConnectionState = 'open' | 'zombie' | 'closed';

/** A connection as the control API lists it. Never carries the API key. */
export interface ConnectionInfo {
  id: string;
  account: string | null;
  /** Id of the API key it authenticated with (see `apiKeyId`), never the key. */
  keyId: string | null;
  feed: Feed | null;
  authenticated: boolean;
  state: ConnectionState;
  remoteAddress: string;
  /** The client's port: a test maps its own sockets to ids by their local port. */
  remotePort: number;
  /** Unix ms (the simulator's wall clock). */
  openedAt: number;
  closedAt: number | null;
  /** The close code as the server saw it (1006: no close frame). */
  closeCode: number | null;
  topics: string[];
  eventsSent: number;
  framesSent: number;
  bytesSent: number;
  /** Bytes accepted for this socket but not yet on the wire. */
  unsentBytes: number;
  stalled: boolean;
}

/** What a connection needs from the server around it. */
export interface ConnectionContext {
  clock: Clock;
  shaping: Shaping;
  index: ReadonlyMap<string, number>;
  channels: ChannelTable;
  eventsPerFrame: number;
  benchStamp: boolean;
  slowConsumerBytes: () => number;
  jitter: () => number;
  onSlowConsumer(conn: SimConnection): void;
  /** Per-socket ground-truth counters, or undefined when ground truth is off. */
  truth: () => SocketTruth | undefined;
}

/** One client socket on the simulator: auth, topics, pending events, shaping, faults, counters. */
export class SimConnection {
  key: ResolvedKey | undefined;
  authenticated = false;
  state: ConnectionState = 'open';
  closedAt: number | null = null;
  closeCode: number | null = null;
  readonly subs: Subscriptions;
  readonly truth: SocketTruth | undefined;
  eventsSent = 0;
  framesSent = 0;
  bytesSent = 0;
  authTimer: TimerHandle | undefined;
  /** Zombie expiry or stall end. */
  faultTimer: TimerHandle | undefined;
  /** Monotonic ms until which the socket is stalled: no reads, no frames, no pongs. */
  stalledUntil = 0;
  /** Monotonic ms at which a stall ended: a close seen right after it was noticed, not a zombie. */
  stallEndedAt = Number.NEGATIVE_INFINITY;
  /** The close code once the transport has closed (the server may not have noticed yet). */
  transportCode: number | undefined;
  /** Set once the server started closing it (no more frames are accepted). */
  closing = false;
  /** Set once the slow-consumer kill has started. */
  slow = false;
  private pending: SimEvent[] = [];
  private readonly outbox: Outbox;

  constructor(
    readonly id: string,
    readonly ws: WebSocket,
    readonly remoteAddress: string,
    readonly remotePort: number,
    readonly openedAt: number,
    private readonly ctx: ConnectionContext,
    /** The TCP socket under `ws` (the upgrade request's), for `batch`. */
    private readonly transport?: { cork(): void; uncork(): void },
  ) {
    this.subs = new Subscriptions(ctx.index, ctx.channels);
    this.truth = ctx.truth();
    this.outbox = new Outbox(
      ctx.clock,
      ctx.shaping,
      (frame, events) => this.write(frame, events),
      ctx.jitter,
    );
  }

  get stalled(): boolean {
    return this.ctx.clock.monotonic() < this.stalledUntil;
  }

  get unsentBytes(): number {
    return this.outbox.pendingBytes + this.ws.bufferedAmount;
  }

  /** Queues one event for the frame being built; sends the frame when it is full. */
  push(ev: SimEvent): void {
    if (this.pending.push(ev) >= this.ctx.eventsPerFrame) this.flush();
  }

  /** Sends the events gathered so far as one frame. */
  flush(): void {
    const events = this.pending;
    if (events.length === 0) return;
    this.pending = [];
    if (this.closing || this.stalled) return;
    let body = events[0]!.json;
    if (this.ctx.benchStamp) {
      const sent = `,"sim_sent_ms":${performance.timeOrigin + performance.now()}}`;
      body = body.slice(0, -1) + sent;
      for (let i = 1; i < events.length; i++) body += ',' + events[i]!.json.slice(0, -1) + sent;
    } else {
      for (let i = 1; i < events.length; i++) body += ',' + events[i]!.json;
    }
    this.send(`[${body}]`, events);
  }

  /**
   * Runs `fn` with the socket's writes held, so the frames it sends (a burst of acks, one per
   * topic as the vendor sends them) leave in one write instead of one system call each.
   */
  batch(fn: () => void): void {
    const socket = this.transport;
    socket?.cork();
    try {
      fn();
    } finally {
      socket?.uncork();
    }
  }

  /** Sends a frame (status, malformed, ...) in order with the data frames. */
  sendRaw(frame: string | Buffer): void {
    this.send(frame, undefined);
  }

  /** Runs `fn` after every frame already accepted is on its way (frames shaped by latency). */
  afterDrain(fn: () => void): void {
    this.outbox.afterDrain(fn);
  }

  setDelay(delayMs: number, jitterMs: number, untilMs?: number): void {
    this.outbox.setDelay(delayMs, jitterMs, untilMs);
  }

  /** Releases the outbox and the timers; the socket itself is closed by the caller. */
  dispose(clearTimer: (t: TimerHandle) => void): void {
    this.closing = true;
    this.pending = [];
    this.outbox.close();
    if (this.authTimer !== undefined) clearTimer(this.authTimer);
    this.authTimer = undefined;
  }

  info(): ConnectionInfo {
    return {
      id: this.id,
      account: this.key?.account ?? null,
      keyId: this.key?.keyId ?? null,
      feed: this.key?.feed ?? null,
      authenticated: this.authenticated,
      state: this.state,
      remoteAddress: this.remoteAddress,
      remotePort: this.remotePort,
      openedAt: this.openedAt,
      closedAt: this.closedAt,
      closeCode: this.closeCode,
      topics: this.subs.list(),
      eventsSent: this.eventsSent,
      framesSent: this.framesSent,
      bytesSent: this.bytesSent,
      unsentBytes: this.state === 'closed' ? 0 : this.unsentBytes,
      stalled: this.stalled,
    };
  }

  private send(frame: string | Buffer, events: SimEvent[] | undefined): void {
    if (this.stalled || this.closing) return;
    this.outbox.send(frame, events);
    if (this.unsentBytes > this.ctx.slowConsumerBytes()) this.ctx.onSlowConsumer(this);
  }

  private write(frame: string | Buffer, events: SimEvent[] | undefined): void {
    if (this.ws.readyState !== 1) return;
    this.framesSent++;
    this.bytesSent += frame.length;
    if (events !== undefined) {
      this.eventsSent += events.length;
      this.truth?.record(events);
    }
    this.ws.send(frame, { binary: typeof frame !== 'string' });
  }
}
