import type { Clock, TimerHandle } from '@tickmux/core';
import type { WebSocket } from 'ws';
import { Outbox, type Shaping } from './outbox.js';
import { Subscriptions } from './subscriptions.js';

/** A connection as the control API lists it. */
export interface ConnectionInfo {
  id: string;
  /** The API key it authenticated with, redacted to its first 4 characters. */
  apiKey: string | null;
  authenticated: boolean;
  remoteAddress: string;
  connectedAt: number;
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
  eventsPerFrame: number;
  benchStamp: boolean;
  slowConsumerBytes: number;
  jitter: () => number;
  onSlowConsumer(conn: SimConnection): void;
}

/** One client socket on the simulator: auth state, topics, pending events, shaping, faults. */
export class SimConnection {
  apiKey: string | null = null;
  authenticated = false;
  authenticatedAt = 0;
  readonly subs: Subscriptions;
  eventsSent = 0;
  framesSent = 0;
  bytesSent = 0;
  authTimer: TimerHandle | undefined;
  /** Monotonic ms until which the socket is open but silent (no frames, no pongs). */
  stalledUntil = 0;
  closing = false;
  /** Set once the slow-consumer kill has started. */
  slow = false;
  private pending: string[] = [];
  private readonly outbox: Outbox;

  constructor(
    readonly id: string,
    readonly ws: WebSocket,
    readonly remoteAddress: string,
    readonly connectedAt: number,
    private readonly ctx: ConnectionContext,
  ) {
    this.subs = new Subscriptions(ctx.index);
    this.outbox = new Outbox(ctx.clock, ctx.shaping, (frame) => this.write(frame), ctx.jitter);
  }

  get stalled(): boolean {
    return this.ctx.clock.monotonic() < this.stalledUntil;
  }

  get unsentBytes(): number {
    return this.outbox.pendingBytes + this.ws.bufferedAmount;
  }

  /** Queues one event for the frame being built; sends the frame when it is full. */
  push(json: string): void {
    const pending = this.pending;
    pending.push(json);
    if (pending.length >= this.ctx.eventsPerFrame) this.flush();
  }

  /** Sends the events gathered so far as one frame. */
  flush(): void {
    const pending = this.pending;
    if (pending.length === 0) return;
    this.pending = [];
    if (this.stalled || this.closing) return;
    let body: string;
    if (this.ctx.benchStamp) {
      const sent = `,"sim_sent_ms":${performance.timeOrigin + performance.now()}}`;
      body = pending.map((j) => j.slice(0, -1) + sent).join(',');
    } else {
      body = pending.join(',');
    }
    this.eventsSent += pending.length;
    this.sendRaw(`[${body}]`);
  }

  /** Sends a frame (status, malformed, ...) in order with the data frames. */
  sendRaw(frame: string | Buffer): void {
    if (this.stalled || this.closing) return;
    this.outbox.send(frame);
    if (this.unsentBytes > this.ctx.slowConsumerBytes) this.ctx.onSlowConsumer(this);
  }

  /** Runs `fn` after every frame already accepted is on its way (frames shaped by latency). */
  afterDrain(fn: () => void): void {
    this.outbox.afterDrain(fn);
  }

  setDelay(delayMs: number, jitterMs: number, untilMs?: number): void {
    this.outbox.setDelay(delayMs, jitterMs, untilMs);
  }

  /** Releases the outbox and the auth timer; the socket itself is closed by the caller. */
  dispose(): void {
    this.closing = true;
    this.pending = [];
    this.outbox.close();
    if (this.authTimer !== undefined) this.ctx.clock.clearTimeout(this.authTimer);
    this.authTimer = undefined;
  }

  info(): ConnectionInfo {
    return {
      id: this.id,
      apiKey: this.apiKey === null ? null : `${this.apiKey.slice(0, 4)}…`,
      authenticated: this.authenticated,
      remoteAddress: this.remoteAddress,
      connectedAt: this.connectedAt,
      topics: this.subs.list(),
      eventsSent: this.eventsSent,
      framesSent: this.framesSent,
      bytesSent: this.bytesSent,
      unsentBytes: this.unsentBytes,
      stalled: this.stalled,
    };
  }

  private write(frame: string | Buffer): void {
    if (this.ws.readyState !== 1) return;
    this.framesSent++;
    this.bytesSent += frame.length;
    this.ws.send(frame, { binary: typeof frame !== 'string' });
  }
}
