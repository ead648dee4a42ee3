import type { Clock, TickmuxError } from '@tickmux/core';
import { CallbackQueue } from './callback-queue.js';
import { Connection } from './connection.js';
import { EventStream, type EventStreamOptions } from './event-stream.js';
import type { ClientState, TopicLifecycleState } from './lifecycle.js';
import type { MassiveClientOptions, ResolvedClientOptions } from './options.js';
import { Reporter } from './reporter.js';
import { resolveClientOptions } from './resolve-options.js';
import { Counters, snapshotStats, type ClientStats } from './stats.js';
import { SubscriptionBook, type TopicState } from './subscription-book.js';
import { selectTickers, selectTopics, type TopicSelection } from './topics.js';

/**
 * One resilient connection to a Massive feed: authenticates, keeps its subscriptions across
 * reconnects, retries with backoff behind a circuit breaker, detects dead and silent sockets, and
 * delivers every event once, in arrival order, to callbacks and/or bounded async streams. It never
 * holds two sockets at once. See the package README for the full contract.
 */
export class MassiveClient {
  readonly #o: ResolvedClientOptions;
  readonly #counters = new Counters();
  readonly #callbacks: CallbackQueue;
  readonly #book: SubscriptionBook;
  readonly #streams = new Set<EventStream>();
  readonly #conn: Connection;

  constructor(options: MassiveClientOptions) {
    const o = (this.#o = resolveClientOptions(options));
    const { clock, onTopicState } = o;
    const reporter = new Reporter(o.logger, clock, this.#counters);
    const callbacks = (this.#callbacks = new CallbackQueue((name, err) =>
      reporter.callbackFailed(name, err),
    ));
    this.#book = new SubscriptionBook(
      clock,
      o.confirmTimeoutMs,
      onTopicState === undefined ? undefined : topicChanges(callbacks, clock, onTopicState),
    );
    this.#conn = new Connection({
      o,
      apiKey: options.apiKey,
      counters: this.#counters,
      reporter,
      callbacks,
      book: this.#book,
      streams: this.#streams,
      gaveUp: () => {
        this.#book.failWaiters();
        this.#endStreams();
      },
    });
  }

  get state(): ClientState {
    return this.#conn.state;
  }

  /** The last failure (typed, with a stable `code`), if any. */
  get lastError(): TickmuxError | undefined {
    return this.#conn.lastError;
  }

  /** `clock.now()` of the last frame received on the current (or last) socket; null before its first. */
  get lastMessageAt(): number | null {
    return this.#counters.lastMessageAt;
  }

  /** A snapshot of the counters (cheap: no per-topic copy). */
  get stats(): ClientStats {
    const conn = this.#conn;
    return snapshotStats(
      this.#counters,
      conn.state,
      conn.wire.connectedAt,
      this.#book,
      conn.retries.breaker,
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
   * authenticated, false when it gives up or `disconnect()` is called (`lastError` says why).
   * Concurrent calls share one attempt.
   */
  connect(): Promise<boolean> {
    return this.#conn.connect();
  }

  /**
   * Subscribes a {@link TopicSelection}: tickers on every configured channel, `{ T: [...], Q: [...] }`,
   * or `{ topics: ['T.AAPL', 'AM.*'] }`. Idempotent: a topic already wanted sends nothing.
   * Resolves true once the server has confirmed every topic (waiting through a reconnect);
   * false as soon as one is refused, after `confirmTimeoutMs` on a live connection, or when the
   * client is not connecting (idle, closed, failed: the topics are kept and sent after the next
   * `connect()`). Invalid input rejects with a typed error naming the field.
   */
  async subscribe(selection: TopicSelection): Promise<boolean> {
    // Everything up to the first await runs at call time, so concurrent calls never race.
    const entries = selectTopics(selection, this.#o.channels, this.#o.cluster);
    const toSend = this.#book.add(entries);
    const state = this.#conn.state;
    let result: Promise<boolean> | boolean = false;
    if (state !== 'idle' && state !== 'closed' && state !== 'failed') {
      if (state === 'connected') this.#conn.wire.send('subscribe', toSend);
      result = this.#book.waitFor(
        'subscribe',
        entries.map((e) => e.topic),
      );
    }
    this.#callbacks.flush();
    return result;
  }

  /**
   * Unsubscribes: tickers on every channel they are wanted on, or the topics a per-channel or
   * `{ topics }` selection names. Resolves true once the server has acked (at once when no socket
   * holds them), false if it refuses or does not ack within `confirmTimeoutMs`.
   */
  async unsubscribe(selection: TopicSelection): Promise<boolean> {
    const { channels, cluster } = this.#o;
    const topics =
      typeof selection === 'string' || Array.isArray(selection)
        ? this.#book.topicsOf(
            new Set(selectTickers(selection as string | readonly string[], cluster)),
          )
        : selectTopics(selection, channels, cluster).map((e) => e.topic);
    return this.#unsubscribeTopics(topics);
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
      (_s, full) => this.#conn.wire.pressure(full),
      (s) => {
        this.#streams.delete(s);
        this.#conn.wire.pressure(false);
      },
    );
    this.#streams.add(stream);
    return stream;
  }

  /**
   * Closes the socket (1000; cut off after 1 s without a close handshake), stops every timer,
   * retry and pending `socketGate`, resolves pending `connect()`/`subscribe()` with false, forgets
   * the subscriptions and ends the streams. Idempotent; resolves once the socket is closed.
   */
  async disconnect(): Promise<void> {
    const closed = this.#conn.disconnect();
    this.#book.failWaiters();
    this.#book.clear();
    this.#endStreams();
    this.#callbacks.flush();
    await closed;
  }

  #endStreams(): void {
    for (const s of [...this.#streams]) s.end();
  }

  #unsubscribeTopics(topics: string[]): Promise<boolean> {
    const held = this.#book.remove(topics);
    let result = Promise.resolve(true);
    if (this.#conn.state === 'connected' && held.length > 0) {
      this.#conn.wire.send('unsubscribe', held);
      result = this.#book.waitFor('unsubscribe', held);
    }
    this.#callbacks.flush();
    return result;
  }
}

/**
 * The book's topic changes as `onTopicState(topic, state, at)` calls, queued behind the work that
 * caused them; a burst of them (a failover's thousands) shares one queue entry.
 */
function topicChanges(
  callbacks: CallbackQueue,
  clock: Clock,
  onTopicState: NonNullable<MassiveClientOptions['onTopicState']>,
): (topic: string, state: TopicLifecycleState) => void {
  const run = (c: { topic: string; state: TopicLifecycleState; at: number }) =>
    onTopicState(c.topic, c.state, c.at);
  return (topic, state) =>
    callbacks.pushBatched('onTopicState', run, run, { topic, state, at: clock.now() });
}
