import {
  EventStream,
  type ClientState,
  type EventStreamOptions,
  type TopicSelection,
} from '@tickmux/client';
import { DEFAULT_CHANNELS, InvalidArgumentError, type Clock, type Logger } from '@tickmux/core';
import { UnknownConnectionError, type Assignment, type Move } from '@tickmux/routing';
import { ConnectionEvents } from './connection-events.js';
import { ConnectionSet } from './connection-set.js';
import { Dedup, type DedupStats } from './dedup.js';
import { GapLedger } from './gap-ledger.js';
import type { GapReport, OpenGap } from './gap-ledger-options.js';
import { HealthLoop } from './health-loop.js';
import { HealthStats, type HealthStatus } from './health-stats.js';
import { initialDriver } from './initial-routing.js';
import {
  resolveManagerOptions,
  type MultiConnectionManagerOptions,
  type ResolvedManagerOptions,
  type ResolvedPoolUniverse,
} from './manager-options.js';
import { poolHealthStatus } from './pool-health.js';
import type { DriverContext, RoutingDriver } from './routing-driver.js';
import { SocketBudget, type SocketBudgetStats } from './socket-budget.js';
import { Subscriptions } from './subscriptions.js';
import type { Want } from './wants.js';

/**
 * A drop-in for `MassiveClient` over N connections (README: "MultiConnectionManager"): routing
 * decides where each ticker goes (`@tickmux/routing`), and the manager only applies and observes.
 * It opens each connection's socket through the account's `SocketBudget`, de-duplicates every
 * event across connections (`Dedup`), reports every interval a ticker had no live subscription
 * (`GapLedger`), fails a dead connection's tickers over to survivors and back, and keeps the
 * health object.
 */
export class MultiConnectionManager {
  readonly #o: ResolvedManagerOptions;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #channels: readonly string[];
  readonly #dedup: Dedup;
  readonly #health = new HealthStats();
  readonly #streams = new Set<EventStream>();
  readonly #driverContext: DriverContext;
  readonly #events: ConnectionEvents;
  readonly #connections: ConnectionSet;
  readonly #subs: Subscriptions;
  readonly #loop: HealthLoop;
  #budget: SocketBudget;
  #gaps: GapLedger;
  #r: RoutingDriver;
  #started = false;
  #closing = false;
  #ended = false;
  #loaded = false;
  #connecting: Promise<boolean> | undefined;

  constructor(options: MultiConnectionManagerOptions) {
    const o = (this.#o = resolveManagerOptions(options));
    this.#clock = o.client.clock!;
    this.#logger = o.client.logger!;
    this.#channels = o.client.channels ?? DEFAULT_CHANNELS;
    this.#dedup = new Dedup({
      ...o.dedup,
      clock: this.#clock,
      maxSources: Math.min(64, Math.max(8, o.maxConnections * 2)),
    });
    this.#budget = this.#newBudget();
    this.#gaps = this.#newGaps();
    this.#events = new ConnectionEvents({
      o,
      clock: this.#clock,
      logger: this.#logger,
      health: this.#health,
      streams: this.#streams,
      driver: () => this.#r,
      gaps: () => this.#gaps,
      budget: () => this.#budget,
      closing: () => this.#closing,
    });
    this.#connections = new ConnectionSet({
      o,
      clock: this.#clock,
      dedup: this.#dedup,
      health: this.#health,
      events: this.#events,
      driver: () => this.#r,
      budget: () => this.#budget,
      started: () => this.#started,
      closing: () => this.#closing,
    });
    for (const spec of o.connections) this.#connections.create(spec);
    this.#driverContext = {
      connections: this.#connections.byId,
      clock: this.#clock,
      logger: this.#logger,
      gaps: () => this.#gaps,
      active: () => !this.#closing && !this.#ended,
    };
    this.#r = this.#newDriver(undefined);
    this.#subs = new Subscriptions({
      o,
      clock: this.#clock,
      channels: this.#channels,
      dedup: this.#dedup,
      connections: this.#connections,
      driver: () => this.#r,
      gaps: () => this.#gaps,
      running: () => this.#started && !this.#ended,
    });
    this.#loop = new HealthLoop({
      o,
      clock: this.#clock,
      connections: this.#connections.byId,
      events: this.#events,
      driver: () => this.#r,
      running: () => this.#started && !this.#closing,
    });
  }

  // ---------------------------------------------------------------- the MassiveClient surface

  /**
   * `'connected'` while any connection is; `'idle'` before `connect()`, `'closed'` after
   * `disconnect()`, `'failed'` when every connection gave up, else `'reconnecting'` or
   * `'connecting'`.
   */
  get state(): ClientState {
    if (this.#ended) return 'closed';
    if (!this.#started) return 'idle';
    const states = [...this.#connections.byId.values()].map((c) => c.state);
    if (states.includes('connected')) return 'connected';
    if (states.length > 0 && states.every((s) => s === 'failed')) return 'failed';
    if (states.includes('reconnecting')) return 'reconnecting';
    return 'connecting';
  }

  /**
   * Loads the initial tickers (the connections' lists and the `universe`), opens every connection
   * (each socket waits for a slot of the account) and starts the health loop. Resolves true once
   * every connection has answered, if at least one authenticated. Concurrent calls share one.
   */
  connect(): Promise<boolean> {
    this.#connecting ??= this.#connect().finally(() => (this.#connecting = undefined));
    return this.#connecting;
  }

  /**
   * Subscribes a `TopicSelection` (tickers on every configured channel, `{ T: [...] }`, or
   * `{ topics }`), counted per consumer: a topic asked for twice is subscribed once per connection
   * and stays until both let it go. New tickers are placed by the routing strategy. Resolves true
   * once every topic is confirmed on every connection routing put it on; false before `connect()`
   * or when a confirmation did not come. The wildcard `*` is refused (the pool routes tickers).
   */
  async subscribe(selection: TopicSelection): Promise<boolean> {
    return this.#subs.want(this.#subs.select(selection), undefined);
  }

  /** Lets go of a selection (one consumer's count). Resolves true once applied. */
  async unsubscribe(selection: TopicSelection): Promise<boolean> {
    return this.#subs.unwant(this.#subs.select(selection, true));
  }

  /**
   * An async iterator over every delivered event (with its tick), bounded by `highWaterMark`
   * (default 10,000). Overflow policy: `drop-oldest` only: a full buffer drops its oldest item,
   * counted in `stream.dropped`, and the pool's sockets keep reading (one slow consumer never
   * stalls the feed). Ends on `disconnect()`.
   */
  events(options: EventStreamOptions = {}): EventStream {
    if (options.overflow !== undefined && options.overflow !== 'drop-oldest')
      throw new InvalidArgumentError(
        'overflow',
        options.overflow,
        "the pool's stream supports 'drop-oldest' only (pausing one reader would stall every connection)",
      );
    const stream = new EventStream(
      { ...options, overflow: 'drop-oldest' },
      () => {},
      (s) => this.#streams.delete(s),
    );
    if (this.#ended) stream.end();
    else this.#streams.add(stream);
    return stream;
  }

  /**
   * Closes every connection (each slot released as its socket ends), stops the health loop and
   * every timer, reports open gaps as closed now, ends the streams and forgets the subscriptions.
   * Idempotent; `connect()` may be called again afterwards.
   */
  async disconnect(): Promise<void> {
    if (this.#ended && !this.#started) return;
    this.#closing = true;
    this.#loop.stop();
    await Promise.all([...this.#connections.byId.values()].map((c) => c.close()));
    const now = this.#clock.now();
    for (const t of this.#r.wants.tickers()) this.#gaps.forget(t, now);
    this.#gaps.close();
    this.#budget.close();
    for (const s of [...this.#streams]) s.end();
    this.#r = this.#newDriver(undefined);
    this.#started = false;
    this.#loaded = false;
    this.#ended = true;
    this.#closing = false;
  }

  // ---------------------------------------------------------------- the pool's own surface

  /** Subscribes one ticker on every configured channel, on `connectionId` if given (while it has room). */
  async subscribeTicker(ticker: string, connectionId?: string): Promise<boolean> {
    if (connectionId !== undefined && !this.#r.assignment.hasConnection(connectionId))
      throw new UnknownConnectionError(connectionId, this.#r.assignment.connections);
    return this.#subs.want(this.#subs.select([ticker]), connectionId);
  }

  /** Lets go of one ticker on every configured channel (one consumer's count). */
  async unsubscribeTicker(ticker: string): Promise<boolean> {
    return this.#subs.unwant(this.#subs.select([ticker], true));
  }

  /** The connection carrying `ticker` (its primary copy), or undefined. O(1). */
  getConnectionForTicker(ticker: string): string | undefined {
    return this.#r.assignment.connectionFor(ticker);
  }

  /** Every connection carrying `ticker`, primary first. O(1). */
  getConnectionsForTicker(ticker: string): readonly string[] {
    return this.#r.assignment.connectionsFor(ticker);
  }

  /**
   * Adds a connection at runtime (up to `maxConnections`): it connects (once a slot is free),
   * takes its share of the tickers by the strategy, then `tickers` are subscribed on it.
   */
  async addConnection(id: string, tickers?: readonly string[]): Promise<void> {
    this.#connections.assertCanAdd(id);
    const wants = tickers === undefined ? [] : this.#subs.select(tickers);
    await this.#connections.add(id);
    if (wants.length > 0) await this.#subs.want(wants, id);
  }

  /**
   * Removes a connection at runtime: its tickers are subscribed elsewhere (confirmed) before it
   * is closed. A ticker that found no room is reported as a gap.
   */
  removeConnection(id: string): Promise<void> {
    return this.#connections.remove(id);
  }

  /**
   * Restores connections that recovered (when auto-rebalance did not), then rebalances by the
   * strategy (observed rates under `load-balanced`), with hysteresis. Resolves with the moves made.
   */
  rebalance(): Promise<Move[]> {
    return this.#loop.rebalance();
  }

  /** The health object of architecture.md (snake_case). */
  getHealthStatus(): HealthStatus {
    return poolHealthStatus({
      health: this.#health,
      connections: this.#connections.byId,
      driver: this.#r,
      dedup: this.#dedup,
      gaps: this.#gaps,
      budget: this.#budget,
    });
  }

  /** The current routing (immutable). */
  get assignment(): Assignment {
    return this.#r.assignment;
  }

  /** The connection ids, in order. */
  get connectionIds(): string[] {
    return [...this.#connections.byId.keys()];
  }

  /** Gaps reported so far (the last `gaps.historySize`), oldest first. */
  gapHistory(): GapReport[] {
    return this.#gaps.history();
  }

  /** Gaps still open (a ticker without a live subscription right now). */
  openGaps(): OpenGap[] {
    return this.#gaps.openGaps();
  }

  /** De-duplication, gap ledger, socket budget and callback figures. */
  get stats(): {
    dedup: DedupStats;
    gaps: ReturnType<GapLedger['stats']>;
    budget: SocketBudgetStats;
    callbackErrors: number;
  } {
    return {
      dedup: this.#dedup.stats(),
      gaps: this.#gaps.stats(),
      budget: this.#budget.stats(),
      callbackErrors: this.#events.callbackErrors,
    };
  }

  /** Resolves once every plan started so far has been applied (tests, benchmarks). */
  async settled(): Promise<void> {
    await this.#r.settled();
  }

  /** Runs one health check now (what the loop does every `healthCheckIntervalMs`). */
  healthCheck(): void {
    this.#loop.check();
  }

  // ---------------------------------------------------------------- lifecycle

  async #connect(): Promise<boolean> {
    if (this.#ended) {
      this.#budget = this.#newBudget();
      this.#gaps = this.#newGaps();
      this.#ended = false;
    }
    this.#started = true;
    if (!this.#loaded) {
      this.#loaded = true;
      await this.#loadInitial();
    }
    this.#loop.start(() => this.healthCheck());
    const results = await Promise.all(
      [...this.#connections.byId.values()].map((c) => c.client.connect()),
    );
    return results.some(Boolean);
  }

  async #loadInitial(): Promise<void> {
    const initial: Want[] = [];
    const add = (tickers: readonly string[]) => initial.push(...this.#subs.select(tickers));
    for (const spec of this.#o.connections) if (spec.tickers !== undefined) add(spec.tickers);
    if (this.#o.universe !== undefined) {
      const u = await this.#o.universe();
      if (this.#r.wants.size === 0) this.#r = this.#newDriver(u);
      else
        this.#logger.warn(
          {},
          'tickers were subscribed before connect(): universe lists not pinned',
        );
      add(u.tickers);
    }
    if (initial.length > 0) void this.#subs.want(initial, undefined);
  }

  #newDriver(universe: ResolvedPoolUniverse | undefined): RoutingDriver {
    return initialDriver(
      {
        o: this.#o,
        connections: this.#connections.byId,
        channels: this.#channels,
        driver: this.#driverContext,
      },
      universe,
    );
  }

  #newBudget(): SocketBudget {
    return new SocketBudget({
      ...this.#o.budget,
      maxSockets: this.#o.maxConnections,
      clock: this.#clock,
      logger: this.#logger,
    });
  }

  #newGaps(): GapLedger {
    const g = this.#o.gaps;
    return new GapLedger({
      ...g,
      channels: this.#channels,
      ...(g.contiguous === true ? { lastSeq: (c, t) => this.#dedup.lastSeq(c, t) } : {}),
      onGap: (gap) => this.#o.onGap?.(gap),
      clock: this.#clock,
      logger: this.#logger,
    });
  }
}
