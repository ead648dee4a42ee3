import {
  chunkTopics,
  encodeAuth,
  encodeSubscribe,
  encodeUnsubscribe,
  toServerStatus,
  type StatusMessage,
  type TickmuxError,
} from '@tickmux/core';
import { jittered } from './backoff.js';
import type { CallbackQueue } from './callback-queue.js';
import { ConnectTimeoutError, ConnectionClosedError } from './errors.js';
import type { EventStream } from './event-stream.js';
import { FrameHandler } from './frame-handler.js';
import type { ClientState, StateChangeReason } from './lifecycle.js';
import { Liveness } from './liveness.js';
import { OneShot } from './one-shot.js';
import type { ResolvedClientOptions } from './options.js';
import type { Reporter } from './reporter.js';
import { openSocket } from './socket.js';
import { SocketRecord } from './socket-record.js';
import type { Counters } from './stats.js';
import { statusEffect } from './status-effect.js';
import type { SubscriptionBook } from './subscription-book.js';

/** What the wire shares with the client around it. */
export interface ClientContext {
  readonly o: ResolvedClientOptions;
  readonly apiKey: string;
  readonly counters: Counters;
  readonly reporter: Reporter;
  readonly callbacks: CallbackQueue;
  readonly book: SubscriptionBook;
  readonly streams: ReadonlySet<EventStream>;
  /** The client gave up: end what waits on it. */
  gaveUp(): void;
}

/** What the wire asks of the lifecycle that drives it. */
export interface WireHost {
  state(): ClientState;
  setState(next: ClientState, reason: StateChangeReason): void;
  /** The server accepted the key; the wire's own work is done. */
  authenticated(): void;
  /** A connection that stayed up a full `stableAfterMs`. */
  stable(): void;
  /** The current socket ended unasked: `upMs` it had been authenticated. */
  lost(err: TickmuxError, closeCode: number, upMs: number): void;
  /** No socket could be created. */
  failedToOpen(err: TickmuxError): void;
  /** The server gave a reason never to retry (`auth_failed`). */
  fatal(err: TickmuxError): void;
  /** The server explained why it will close. */
  explained(err: TickmuxError): void;
}

/**
 * The socket in use and what runs on it: opening it, authenticating, the status protocol, the
 * frames, liveness, backpressure, and its end (reported once per socket). At most one socket is
 * current; events of any other are ignored. Each entry point flushes the callback queue when its
 * work is done, so callbacks always see the finished state.
 */
export class Wire {
  /** `clock.now()` of the current authentication; null when not connected. */
  connectedAt: number | null = null;
  readonly #x: ClientContext;
  readonly #host: WireHost;
  readonly #frames: FrameHandler;
  readonly #live: Liveness;
  readonly #connectTimer: OneShot;
  readonly #stableTimer: OneShot;
  #cur: SocketRecord | undefined;
  /** Resolves when the socket opened last has closed; undefined once it has. */
  #closed: Promise<void> | undefined;
  #paused = false;

  constructor(x: ClientContext, host: WireHost) {
    this.#x = x;
    this.#host = host;
    const { o, counters, streams, reporter } = x;
    this.#connectTimer = new OneShot(o.clock);
    this.#stableTimer = new OneShot(o.clock);
    this.#frames = new FrameHandler(o, counters, streams, reporter, (s) => this.#onStatus(s));
    this.#live = new Liveness(o, {
      ping: () => {
        const sent = this.#cur?.sock.ping() ?? false;
        if (sent) counters.pings++;
        return sent;
      },
      dead: (err) => this.abandon(err),
      subscribed: () => x.book.size > 0,
    });
  }

  /** Whether a socket is current. */
  get busy(): boolean {
    return this.#cur !== undefined;
  }

  /** Resolves when the last socket has closed (at once if none is open). */
  get closed(): Promise<void> | undefined {
    return this.#closed;
  }

  /** Opens a socket (sending the key once it is open); reports to the host if none could be created. */
  open(): void {
    const { clock, WebSocket: Impl, url, connectTimeoutMs, logger } = this.#x.o;
    const rec = new SocketRecord(clock.now());
    try {
      rec.sock = openSocket(Impl, url, {
        open: () => {
          if (rec !== this.#cur) return;
          rec.opened = true;
          this.#host.setState('authenticating', { cause: 'socket-open' });
          rec.sock.send(encodeAuth(this.#x.apiKey));
          this.#x.callbacks.flush();
        },
        text: (data) => {
          if (rec !== this.#cur) return;
          const now = clock.monotonic();
          this.#live.lastActivity = now;
          if (this.#frames.handle(data) > 0) this.#live.lastData = now;
          this.#x.callbacks.flush();
        },
        binary: () => {
          if (rec === this.#cur) this.#frames.binary();
        },
        pong: () => {
          if (rec === this.#cur) this.#live.lastActivity = clock.monotonic();
        },
        error: (err) => {
          if (rec !== this.#cur) return;
          logger.debug({ url, err: err.message }, 'socket error');
          rec.error ??= new ConnectionClosedError(1006, err.message, { cause: err });
        },
        close: (code, reason, wasClean) => this.#onClose(rec, code, reason, wasClean),
      });
    } catch (err) {
      const message = (err as Error).message;
      return this.#host.failedToOpen(new ConnectionClosedError(1006, message, { cause: err }));
    }
    this.#cur = rec;
    this.#closed = rec.closed;
    this.#frames.epoch++;
    const c = this.#x.counters;
    c.socketsOpened++;
    c.liveSockets++;
    c.lastMessageAt = null;
    this.#connectTimer.set(connectTimeoutMs, () => {
      this.abandon(new ConnectTimeoutError(connectTimeoutMs));
      this.#x.callbacks.flush();
    });
  }

  /** Sends subscribe/unsubscribe frames for `topics` (chunked) if a socket is authenticated. */
  send(action: 'subscribe' | 'unsubscribe', topics: string[]): void {
    const sock = this.#cur?.sock;
    if (topics.length === 0 || sock === undefined) return;
    const encode = action === 'subscribe' ? encodeSubscribe : encodeUnsubscribe;
    for (const chunk of chunkTopics(topics, { ...this.#x.o.chunk, action }))
      sock.send(encode(chunk));
    this.#x.book.markSent(action, topics);
    if (action === 'subscribe') this.#live.lastData = this.#x.o.clock.monotonic();
  }

  /** Backpressure from the streams: pause or resume reading (and the liveness that needs it). */
  pressure(full: boolean): void {
    const sock = this.#cur?.sock;
    if (full && !this.#paused) {
      this.#paused = true;
      sock?.pause();
      this.#live.suspend();
    } else if (!full && this.#paused && ![...this.#x.streams].some((s) => s.full)) {
      this.#paused = false;
      sock?.resume();
      this.#live.resume();
    }
  }

  /** Declares the current socket dead: destroys it; its close event drives the retry. */
  abandon(err: TickmuxError): void {
    const rec = this.#cur;
    if (rec === undefined) return;
    rec.error = err;
    this.#x.o.logger.warn({ code: err.code, message: err.message }, 'terminating socket');
    rec.abandon();
  }

  /**
   * Lets the current socket go (it is no longer current: its timers stop, a frame in progress
   * stops, its topics go pending) and closes it with `reason`; `graceMs` later, a peer that has not
   * completed the close handshake is cut off. Resolves once the last socket has closed.
   */
  async release(reason: string, err?: TickmuxError, graceMs = 1_000): Promise<void> {
    const rec = this.#cur;
    this.#retire();
    if (rec !== undefined) {
      if (err !== undefined) rec.error ??= err;
      const deadline = new OneShot(this.#x.o.clock);
      deadline.set(graceMs, () => rec.abandon());
      rec.sock.close(1000, reason);
      await rec.closed;
      deadline.clear();
    }
    await this.#closed;
  }

  #onStatus(s: StatusMessage): void {
    this.#x.counters.statuses++;
    const rec = this.#cur!;
    const { onStatus, maxConnectionsDelayMs, backoff, random, logger } = this.#x.o;
    if (onStatus !== undefined)
      this.#x.callbacks.push('onStatus', () => onStatus(toServerStatus(s)));
    const effect = statusEffect(s, this.#host.state() === 'authenticating', () =>
      jittered(maxConnectionsDelayMs, backoff.jitter, random),
    );
    switch (effect.kind) {
      case 'authenticated':
        this.#onAuthenticated(rec);
        break;
      case 'closing':
        rec.serverStatus = effect.status;
        rec.error = effect.error;
        this.#host.explained(effect.error);
        if (effect.fatal) this.#host.fatal(effect.error);
        // The server closes after these; closing from here too ends the socket even if it does not.
        else rec.sock.close(1000, effect.status);
        break;
      case 'ack':
        this.#x.book.acknowledge(effect.action, effect.topic);
        break;
      case 'refused': {
        const topic = this.#x.book.refuse(effect.message);
        logger.warn({ message: effect.message, topic }, 'server refused a request');
        break;
      }
      case 'none':
        break;
    }
    this.#x.callbacks.flush();
  }

  #onAuthenticated(rec: SocketRecord): void {
    const state = this.#host.state();
    if (state !== 'authenticating' && state !== 'connecting') return;
    const { clock, stableAfterMs } = this.#x.o;
    this.#connectTimer.clear();
    rec.authenticatedAt = clock.monotonic();
    this.connectedAt = clock.now();
    const stable = () => {
      this.#host.stable();
      this.#stableTimer.set(stableAfterMs, stable);
    };
    this.#stableTimer.set(stableAfterMs, stable);
    // Internal work first, callbacks after: a callback sees a finished, consistent client.
    this.#host.setState('connected', { cause: 'authenticated' });
    this.send('subscribe', this.#x.book.pending());
    this.#x.book.arm();
    this.#live.start();
    this.#host.authenticated();
  }

  #onClose(rec: SocketRecord, code: number, reason: string, wasClean: boolean): void {
    const { clock, onSocketClose, logger } = this.#x.o;
    this.#x.counters.liveSockets--;
    if (this.#closed === rec.closed) this.#closed = undefined;
    // A close nobody asked for: the status that explained it, or the loss itself, is the failure.
    const lost = rec === this.#cur;
    if (lost) rec.error ??= new ConnectionClosedError(code, reason);
    const info = rec.ended(code, reason, wasClean, clock.now());
    if (onSocketClose !== undefined)
      this.#x.callbacks.push('onSocketClose', () => onSocketClose(info));
    if (lost) {
      const upMs = rec.authenticatedAt === null ? 0 : clock.monotonic() - rec.authenticatedAt;
      this.#retire();
      logger.warn({ code: rec.error!.code, closeCode: code, upMs }, 'connection lost');
      this.#host.lost(rec.error!, code, upMs);
    }
    this.#x.callbacks.flush();
  }

  #retire(): void {
    this.#connectTimer.clear();
    this.#stableTimer.clear();
    this.#live.stop();
    this.#paused = false;
    this.connectedAt = null;
    if (this.#cur === undefined) return;
    this.#cur = undefined;
    this.#frames.epoch++;
    this.#x.book.connectionLost();
  }
}
