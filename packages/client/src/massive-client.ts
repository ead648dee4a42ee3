import {
  chunkTopics,
  encodeAuth,
  encodeSubscribe,
  encodeUnsubscribe,
  ErrorCode,
  type TickmuxError,
} from '@tickmux/core';
import { backoffDelay } from './backoff.js';
import { CircuitBreaker } from './circuit-breaker.js';
import {
  ConnectTimeoutError,
  ConnectionClosedError,
  MaxConnectionsError,
  RetriesExhaustedError,
} from './errors.js';
import { EventStream, type EventStreamOptions } from './event-stream.js';
import { FrameHandler } from './frame-handler.js';
import { Liveness } from './liveness.js';
import { OneShot } from './one-shot.js';
import {
  resolveClientOptions,
  type MassiveClientOptions,
  type ResolvedClientOptions,
} from './options.js';
import { openSocket, type Socket } from './socket.js';
import { Counters, snapshotStats, type ClientStats } from './stats.js';
import { SubscriptionBook, type TopicState } from './subscription-book.js';
import { topicEntries } from './topics.js';

/** Where a client is in its life. */
export type ClientState =
  'idle' | 'connecting' | 'authenticating' | 'connected' | 'reconnecting' | 'closed' | 'failed';

/**
 * One resilient connection to the Massive stocks feed: authenticates, keeps its subscriptions
 * across reconnects, retries with backoff behind a circuit breaker, detects dead and silent
 * sockets, and delivers every event once, in arrival order, to callbacks and/or bounded async
 * streams. It never holds two sockets at once. See the package README for the full contract.
 */
export class MassiveClient {
  readonly #apiKey: string;
  readonly #o: ResolvedClientOptions;
  readonly #book: SubscriptionBook;
  readonly #breaker: CircuitBreaker;
  readonly #counters = new Counters();
  readonly #streams = new Set<EventStream>();
  readonly #frames: FrameHandler;
  readonly #live: Liveness;
  #state: ClientState = 'idle';
  #lastError: TickmuxError | undefined;
  #sock: Socket | undefined;
  /** Resolves when the socket last opened has closed; undefined when none is open. */
  #sockClosed: Promise<void> | undefined;
  #wantOpen = false;
  #connectPromise: Promise<boolean> | undefined;
  #connectWaiters: ((ok: boolean) => void)[] = [];
  /** Consecutive failures since the last stable connection. */
  #retry = 0;
  /** The error that explains the next close of the current socket. */
  #pendingError: TickmuxError | undefined;
  readonly #connectTimer: OneShot;
  readonly #retryTimer: OneShot;
  #connectedAt: number | null = null;
  #connectedMono = 0;
  #paused = false;

  constructor(options: MassiveClientOptions) {
    this.#o = resolveClientOptions(options);
    this.#apiKey = options.apiKey;
    this.#book = new SubscriptionBook(this.#o.clock, this.#o.confirmTimeoutMs);
    this.#breaker = new CircuitBreaker(this.#o.circuitBreaker, this.#o.clock);
    this.#connectTimer = new OneShot(this.#o.clock);
    this.#retryTimer = new OneShot(this.#o.clock);
    this.#frames = new FrameHandler(this.#o, this.#counters, this.#book, this.#streams, {
      authenticated: () => this.#onAuthenticated(),
      explainClose: (err, closeNow) => this.#explainClose(err, closeNow),
      fail: (err) => this.#fail(err),
      isAuthenticating: () => this.#state === 'authenticating',
    });
    this.#live = new Liveness(this.#o, {
      ping: () => void this.#sock?.ping(),
      dead: (err) => this.#kill(err),
      healthy: () => this.#breaker.recordSuccess(),
      subscribed: () => this.#book.size > 0,
    });
  }

  get state(): ClientState {
    return this.#state;
  }

  /** The last failure (typed, with a stable `code`), if any. */
  get lastError(): TickmuxError | undefined {
    return this.#lastError;
  }

  get stats(): ClientStats {
    return snapshotStats(
      this.#counters,
      this.#state,
      this.#connectedAt,
      this.#book,
      this.#breaker,
      this.#streams,
    );
  }

  /** Every wanted topic with its state on the current connection and its time-to-confirm. */
  subscriptions(): TopicState[] {
    return this.#book.list();
  }

  /** The tickers subscribed (on any channel). */
  get tickers(): string[] {
    return this.#book.tickers();
  }

  /**
   * Opens the connection and authenticates, retrying with backoff. Resolves true once
   * authenticated, false when it gives up (`lastError` says why). Concurrent calls share one attempt.
   */
  connect(): Promise<boolean> {
    if (this.#state === 'connected') return Promise.resolve(true);
    if (this.#connectPromise !== undefined) return this.#connectPromise;
    const fresh = !this.#wantOpen;
    this.#wantOpen = true;
    this.#connectPromise = new Promise((resolve) => this.#connectWaiters.push(resolve));
    if (fresh) {
      this.#retry = 0;
      this.#lastError = undefined;
      void this.#attempt();
    }
    return this.#connectPromise;
  }

  /**
   * Subscribes tickers on every configured channel (`'*'` for all tickers). Idempotent: a topic
   * already wanted sends nothing. While disconnected the topics are queued and sent after auth,
   * and the promise resolves true at once; when connected it resolves true once the server has
   * confirmed every topic, false after `confirmTimeoutMs`. Invalid tickers reject with
   * `InvalidTickerError` naming the entry.
   */
  async subscribe(tickers: string | readonly string[]): Promise<boolean> {
    // Everything up to the first await runs at call time, so concurrent calls never race.
    const entries = topicEntries(tickers, this.#o.channels);
    const added = this.#book.add(entries);
    if (this.#state !== 'connected') return true;
    if (added.length > 0) {
      this.#send('subscribe', added);
      this.#live.lastData = this.#o.clock.monotonic();
    }
    return this.#book.waitFor(
      'subscribe',
      entries.map((e) => e.topic),
    );
  }

  /** Unsubscribes tickers on every channel; resolves once the server confirms (or at once when offline). */
  async unsubscribe(tickers: string | readonly string[]): Promise<boolean> {
    const entries = topicEntries(tickers, this.#o.channels);
    return await this.#unsubscribeTopics(entries.map((e) => e.topic));
  }

  /** Unsubscribes everything. */
  unsubscribeAll(): Promise<boolean> {
    return this.#unsubscribeTopics(this.#book.list().map((t) => t.topic));
  }

  /**
   * An async iterator over every event (with its tick), bounded by `highWaterMark` and the stated
   * overflow policy. Ends when the client is disconnected or fails; `break` ends it early.
   */
  events(options: EventStreamOptions = {}): EventStream {
    const stream = new EventStream(
      options,
      (_s, full) => this.#pressure(full),
      (s) => {
        this.#streams.delete(s);
        this.#pressure(false);
      },
    );
    this.#streams.add(stream);
    return stream;
  }

  /**
   * Closes the socket, stops every timer and retry, forgets the subscriptions and ends the
   * streams. Idempotent; resolves once the socket is closed.
   */
  async disconnect(): Promise<void> {
    // Everything but the socket's close happens now, so a connect() right after starts cleanly.
    this.#wantOpen = false;
    this.#retryTimer.clear();
    this.#clearConnectionTimers();
    const sock = this.#sock;
    const closed = this.#sockClosed;
    this.#sock = undefined; // its close is expected now, not a failure
    this.#connectedAt = null;
    if (this.#state !== 'closed') this.#setState('closed');
    this.#settleConnect(false);
    this.#book.failAll();
    this.#book.clear();
    for (const s of [...this.#streams]) s.end();
    if (sock === undefined || closed === undefined) return;
    // A peer that does not answer the close handshake within 1 s is cut off.
    const deadline = new OneShot(this.#o.clock);
    deadline.set(1_000, () => sock.terminate());
    sock.close(1000, 'client disconnect');
    await closed;
    deadline.clear();
  }

  // ---- connection lifecycle -------------------------------------------------------------------

  async #attempt(): Promise<void> {
    if (this.#sockClosed !== undefined) await this.#sockClosed; // never two sockets at once
    if (!this.#wantOpen || this.#sock !== undefined) return;
    const wait = this.#breaker.msUntilAllowed();
    if (wait > 0) {
      this.#schedule(wait, ErrorCode.CIRCUIT_OPEN);
      return;
    }
    const { clock, WebSocket: Impl, url, connectTimeoutMs } = this.#o;
    this.#counters.attempts++;
    this.#setState('connecting', { attempt: this.#retry + 1 });
    this.#pendingError = undefined;
    let markClosed!: () => void;
    const closed = new Promise<void>((r) => (markClosed = r));
    let sock: Socket;
    try {
      sock = openSocket(Impl, url, {
        open: () => {
          if (sock !== this.#sock) return;
          this.#setState('authenticating');
          sock.send(encodeAuth(this.#apiKey));
        },
        text: (data) => {
          if (sock !== this.#sock) return;
          const now = clock.monotonic();
          this.#live.lastActivity = now;
          if (this.#frames.handle(data) > 0) this.#live.lastData = now;
        },
        binary: () => {
          if (sock === this.#sock) this.#frames.binary();
        },
        pong: () => {
          if (sock === this.#sock) this.#live.lastActivity = clock.monotonic();
        },
        error: (err) => {
          if (sock !== this.#sock) return;
          this.#o.logger.debug({ url, err: err.message }, 'socket error');
          this.#pendingError ??= new ConnectionClosedError(1006, err.message, { cause: err });
        },
        close: (code, reason) => {
          this.#counters.liveSockets--;
          if (this.#sockClosed === closed) this.#sockClosed = undefined;
          markClosed();
          if (sock !== this.#sock) return;
          this.#sock = undefined;
          this.#onSocketClosed(code, reason);
        },
      });
    } catch (err) {
      markClosed();
      this.#lastError = new ConnectionClosedError(1006, (err as Error).message, { cause: err });
      this.#afterFailure(this.#lastError, false);
      return;
    }
    this.#sock = sock;
    this.#sockClosed = closed;
    this.#counters.socketsOpened++;
    this.#counters.liveSockets++;
    this.#connectTimer.set(connectTimeoutMs, () =>
      this.#kill(new ConnectTimeoutError(connectTimeoutMs)),
    );
  }

  #onAuthenticated(): void {
    if (this.#state !== 'authenticating' && this.#state !== 'connecting') return;
    const { clock } = this.#o;
    this.#connectTimer.clear();
    this.#connectedAt = clock.now();
    this.#connectedMono = clock.monotonic();
    this.#breaker.recordSuccess();
    this.#setState('connected');
    this.#send('subscribe', this.#book.resetForNewConnection());
    this.#live.start();
    this.#settleConnect(true);
  }

  #onSocketClosed(code: number, reason: string): void {
    this.#clearConnectionTimers();
    const wasConnected = this.#state === 'connected';
    this.#connectedAt = null;
    const err = this.#pendingError ?? new ConnectionClosedError(code, reason);
    this.#pendingError = undefined;
    if (!this.#wantOpen) return;
    this.#lastError = err;
    this.#o.logger.warn({ code: err.code, closeCode: code, wasConnected }, 'connection lost');
    this.#afterFailure(err, wasConnected);
  }

  #afterFailure(err: TickmuxError, wasConnected: boolean): void {
    const { clock, stableAfterMs, maxRetries, backoff, random } = this.#o;
    if (wasConnected) {
      this.#counters.reconnects++;
      if (clock.monotonic() - this.#connectedMono >= stableAfterMs) this.#retry = 0;
    } else {
      this.#breaker.recordFailure();
    }
    this.#retry++;
    if (this.#retry > maxRetries) {
      this.#fail(new RetriesExhaustedError(this.#retry, err));
      return;
    }
    const delay =
      err instanceof MaxConnectionsError
        ? err.retryAfterMs
        : backoffDelay(this.#retry - 1, backoff, random);
    this.#schedule(Math.max(delay, this.#breaker.msUntilAllowed()), err.code);
  }

  #schedule(delayMs: number, reason: string): void {
    this.#setState('reconnecting', { attempt: this.#retry, delayMs, reason });
    this.#retryTimer.clear();
    this.#retryTimer.set(delayMs, () => void this.#attempt());
  }

  /** Gives up for good (until `connect()` is called again). */
  #fail(err: TickmuxError): void {
    this.#wantOpen = false;
    this.#lastError = err;
    this.#retryTimer.clear();
    this.#clearConnectionTimers();
    this.#o.logger.error({ code: err.code, message: err.message }, 'giving up');
    this.#sock?.close(1000, 'giving up');
    this.#setState('failed', { error: err.code, message: err.message });
    this.#settleConnect(false);
    this.#book.failAll();
    for (const s of [...this.#streams]) s.end();
  }

  /** A status explained why the server will close; `closeNow` closes from our side too. */
  #explainClose(err: TickmuxError, closeNow: boolean): void {
    this.#pendingError = err;
    this.#lastError = err;
    if (closeNow) this.#sock?.close(1000, err.code);
  }

  /** Declares the current socket dead: destroys it; its close event drives the retry. */
  #kill(err: TickmuxError): void {
    this.#pendingError = err;
    this.#o.logger.warn({ code: err.code, message: err.message }, 'terminating socket');
    this.#sock?.terminate();
  }

  #settleConnect(ok: boolean): void {
    const waiters = this.#connectWaiters;
    this.#connectWaiters = [];
    this.#connectPromise = undefined;
    for (const w of waiters) w(ok);
  }

  #setState(next: ClientState, extra: Record<string, unknown> = {}): void {
    const previous = this.#state;
    this.#state = next;
    this.#o.logger.info({ state: next, previous, ...extra }, 'state');
    this.#frames.emitStatus(next, { kind: 'lifecycle', state: next, previous, ...extra });
  }

  // ---- helpers --------------------------------------------------------------------------------

  #send(action: 'subscribe' | 'unsubscribe', topics: string[]): void {
    if (topics.length === 0 || this.#sock === undefined) return;
    const encode = action === 'subscribe' ? encodeSubscribe : encodeUnsubscribe;
    for (const chunk of chunkTopics(topics, { ...this.#o.chunk, action }))
      this.#sock.send(encode(chunk));
    if (action === 'subscribe') this.#book.markSent(topics);
  }

  #unsubscribeTopics(topics: string[]): Promise<boolean> {
    const sent = this.#book.remove(topics);
    if (this.#state !== 'connected' || sent.length === 0) return Promise.resolve(true);
    this.#send('unsubscribe', sent);
    return this.#book.waitFor('unsubscribe', sent);
  }

  #pressure(full: boolean): void {
    const sock = this.#sock;
    if (full && !this.#paused) {
      this.#paused = true;
      sock?.pause();
    } else if (!full && this.#paused && ![...this.#streams].some((s) => s.full)) {
      this.#paused = false;
      sock?.resume();
    }
  }

  #clearConnectionTimers(): void {
    this.#connectTimer.clear();
    this.#live.stop();
    this.#paused = false;
  }
}
