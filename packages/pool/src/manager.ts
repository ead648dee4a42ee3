import {
  EventStream,
  selectTopics,
  type ClientState,
  type EventStreamOptions,
  type TopicSelection,
} from '@tickmux/client';
import {
  DEFAULT_CHANNELS,
  ErrorCode,
  InvalidArgumentError,
  type Clock,
  type Logger,
  type TimerHandle,
} from '@tickmux/core';
import {
  addConnection as routeAddConnection,
  addTickers,
  assign,
  connectionsNeeded,
  rebalance as routeRebalance,
  removeConnection as routeRemoveConnection,
  removeTickers,
  restore,
  UnknownConnectionError,
  type Assignment,
  type Move,
} from '@tickmux/routing';
import { Dedup, type DedupStats } from './dedup.js';
import { GapLedger } from './gap-ledger.js';
import type { GapReport, OpenGap } from './gap-ledger-options.js';
import { HealthStats, type HealthStatus } from './health-stats.js';
import {
  poolConnectionId,
  resolveManagerOptions,
  type ConnectionSpec,
  type MultiConnectionManagerOptions,
  type ResolvedManagerOptions,
} from './manager-options.js';
import { RoutingDriver, type DriverContext } from './routing-driver.js';
import { ConnectionEvents } from './connection-events.js';
import { PoolConnection } from './pool-connection.js';
import { gateForNewConnection } from './slot-gate.js';
import { SocketBudget, type SocketBudgetStats } from './socket-budget.js';
import { assertName } from './validate.js';
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
  readonly #conns = new Map<string, PoolConnection>();
  readonly #streams = new Set<EventStream>();
  readonly #driverContext: DriverContext;
  readonly #events: ConnectionEvents;
  #budget: SocketBudget;
  #gaps: GapLedger;
  #r: RoutingDriver;
  #ratesSince = 0;
  #started = false;
  #closing = false;
  #ended = false;
  #loaded = false;
  #connecting: Promise<boolean> | undefined;
  #healthTimer: TimerHandle | undefined;

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
    for (const spec of o.connections) this.#createConnection(spec);
    this.#driverContext = {
      connections: this.#conns,
      clock: this.#clock,
      logger: this.#logger,
      gaps: () => this.#gaps,
      active: () => !this.#closing && !this.#ended,
    };
    this.#r = this.#newDriver(undefined);
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
    const states = [...this.#conns.values()].map((c) => c.state);
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
    return this.#want(this.#select(selection), undefined);
  }

  /** Lets go of a selection (one consumer's count). Resolves true once applied. */
  async unsubscribe(selection: TopicSelection): Promise<boolean> {
    return this.#unwant(this.#select(selection, true));
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
    this.#stopHealthLoop();
    await Promise.all([...this.#conns.values()].map((c) => c.close()));
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
    return this.#want(this.#select([ticker]), connectionId);
  }

  /** Lets go of one ticker on every configured channel (one consumer's count). */
  async unsubscribeTicker(ticker: string): Promise<boolean> {
    return this.#unwant(this.#select([ticker], true));
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
    assertName('id', id);
    if (this.#conns.has(id)) throw new InvalidArgumentError('id', id, 'is already a connection');
    if (!this.#o.multiConnection || this.#conns.size >= this.#o.maxConnections)
      throw new InvalidArgumentError(
        'id',
        id,
        `the pool already has ${this.#conns.size} connections (maxConnections ${this.#o.multiConnection ? this.#o.maxConnections : 1})`,
      );
    const wants = tickers === undefined ? [] : this.#select(tickers);
    const conn = this.#createConnection({ id });
    if (this.#started) await conn.client.connect();
    await this.#r.adopt(routeAddConnection(this.#r.assignment, id));
    if (wants.length > 0) await this.#want(wants, id);
  }

  /**
   * Removes a connection at runtime: its tickers are subscribed elsewhere (confirmed) before it
   * is closed. A ticker that found no room is reported as a gap.
   */
  async removeConnection(id: string): Promise<void> {
    const conn = this.#conns.get(id);
    if (conn === undefined) throw new UnknownConnectionError(id, [...this.#conns.keys()]);
    const a = this.#r.assignment;
    if (a.hasConnection(id) || a.downConnections.includes(id))
      await this.#r.adopt(routeRemoveConnection(a, id));
    conn.removed = true;
    await conn.close();
    this.#events.markLost(conn, this.#clock.now(), 'connection_removed');
    this.#conns.delete(id);
    this.#health.remove(id);
    conn.source.release();
  }

  /**
   * Restores connections that recovered (when auto-rebalance did not), then rebalances by the
   * strategy (observed rates under `load-balanced`), with hysteresis. Resolves with the moves made.
   */
  async rebalance(): Promise<Move[]> {
    const moves: Move[] = [];
    const work: Promise<unknown>[] = [];
    for (const id of this.#r.assignment.downConnections) {
      if (this.#conns.get(id)?.state !== 'connected') continue;
      const change = restore(this.#r.assignment, id);
      moves.push(...change.plan.moves);
      work.push(this.#r.adopt(change));
    }
    const stats = this.#takeRates();
    const change = routeRebalance(this.#r.assignment, {
      tolerance: this.#o.rebalanceTolerance,
      ...(stats === undefined ? {} : { stats }),
    });
    moves.push(...change.plan.moves);
    work.push(this.#r.adopt(change));
    await Promise.all(work);
    return moves;
  }

  /** The health object of architecture.md (snake_case). */
  getHealthStatus(): HealthStatus {
    const a = this.#r.assignment;
    for (const [id, conn] of this.#conns) {
      conn.stats.status = conn.state;
      conn.stats.tickers = a.hasConnection(id) ? a.load(id) : 0;
    }
    const d = this.#dedup.stats();
    return this.#health.snapshot({
      total_tickers: this.#r.wants.size,
      duplicates_dropped: d.duplicates_dropped,
      corrections: d.corrections,
      gaps: this.#gaps.stats().opened,
      account_contention: this.#budget.stats().account_contention,
    });
  }

  /** The current routing (immutable). */
  get assignment(): Assignment {
    return this.#r.assignment;
  }

  /** The connection ids, in order. */
  get connectionIds(): string[] {
    return [...this.#conns.keys()];
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
    if (!this.#started || this.#closing) return;
    const a = this.#r.assignment;
    for (const conn of this.#conns.values()) {
      if (conn.state !== 'connected') continue;
      if (a.downConnections.includes(conn.id) && this.#o.autoRebalance)
        void this.#r.adopt(restore(this.#r.assignment, conn.id));
      this.#r.reconcile(conn);
    }
    if (this.#events.rates !== undefined && this.#o.autoRebalance) {
      const stats = this.#takeRates();
      if (stats !== undefined)
        void this.#r.adopt(
          routeRebalance(this.#r.assignment, { stats, tolerance: this.#o.rebalanceTolerance }),
        );
    }
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
    this.#startHealthLoop();
    const results = await Promise.all([...this.#conns.values()].map((c) => c.client.connect()));
    return results.some(Boolean);
  }

  async #loadInitial(): Promise<void> {
    const initial: Want[] = [];
    const add = (tickers: readonly string[]) => initial.push(...this.#select(tickers));
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
    if (initial.length > 0) void this.#want(initial, undefined);
  }

  #newDriver(
    universe:
      | {
          connections: readonly { id: string; tickers: readonly string[] }[];
          tiers?: ReadonlyMap<string, number>;
        }
      | undefined,
  ): RoutingDriver {
    const o = this.#o;
    const manual = new Map(o.routing.manual ?? []);
    for (const spec of o.connections)
      if (spec.tickers !== undefined && !manual.has(spec.id)) manual.set(spec.id, spec.tickers);
    for (const c of universe?.connections ?? [])
      if (this.#conns.has(c.id)) manual.set(c.id, c.tickers);
    const tiers = universe?.tiers ?? o.routing.tiers;
    const assignment = assign(o.strategy, {
      ...o.routing,
      tickers: [],
      connections: [...this.#conns.keys()],
      replication: o.replication,
      manual,
      ...(tiers === undefined ? {} : { tiers }),
    });
    const driver = new RoutingDriver(assignment, this.#driverContext);
    for (const c of this.#channels) driver.channels.add(c);
    return driver;
  }

  #createConnection(spec: ConnectionSpec): PoolConnection {
    const conn = new PoolConnection(
      spec.id,
      spec.name ?? spec.id,
      this.#o.client,
      this.#o.apiKey,
      this.#o.createClient,
      () => this.#budget,
      this.#dedup.source(spec.id),
      this.#health.add(spec.id, spec.name ?? spec.id),
      this.#events,
      gateForNewConnection(this.#o.slotGate, this.#conns.values(), this.#o.maxConnections),
    );
    this.#conns.set(spec.id, conn);
    return conn;
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

  #startHealthLoop(): void {
    const every = this.#o.healthCheckIntervalMs;
    if (every === 0 || this.#healthTimer !== undefined) return;
    this.#ratesSince = this.#clock.now();
    this.#healthTimer = this.#clock.setInterval(() => this.healthCheck(), every);
  }

  #stopHealthLoop(): void {
    if (this.#healthTimer !== undefined) this.#clock.clearInterval(this.#healthTimer);
    this.#healthTimer = undefined;
  }

  // ---------------------------------------------------------------- wants and routing

  #select(selection: TopicSelection | readonly string[], forRemoval = false): Want[] {
    const entries = selectTopics(selection, this.#channels, this.#o.client.cluster ?? 'stocks');
    const out: Want[] = [];
    for (const e of entries) {
      if (e.ticker === '*')
        throw new InvalidArgumentError(
          'tickers',
          '*',
          'the pool routes tickers; subscribe the wildcard on a single MassiveClient',
          ErrorCode.INVALID_TICKER,
        );
      if (!forRemoval) this.#r.channels.add(e.channel);
      out.push({ ticker: e.ticker, channel: e.channel });
    }
    return out;
  }

  async #want(wants: readonly Want[], connection: string | undefined): Promise<boolean> {
    const change = this.#r.wants.add(wants);
    const work: Promise<unknown>[] = [];
    if (change.added.length > 0) {
      // New connections authenticate first, so that the plan's subscribes are confirmed on them.
      if (this.#o.autoScale) await Promise.all(this.#scale());
      const options = connection === undefined ? {} : { connection };
      work.push(this.#r.adopt(addTickers(this.#r.assignment, change.added, options)));
    }
    for (const t of change.changed) work.push(this.#r.syncChannels(t));
    await Promise.all(work);
    if (!this.#started || this.#ended) return false;
    // Wants another consumer (or the universe) already asked for may still be on their way:
    // wait for the plans in flight, as the first consumer does, before answering.
    if (!this.#r.allLive(wants)) await this.#r.settled();
    return this.#r.allLive(wants);
  }

  async #unwant(wants: readonly Want[]): Promise<boolean> {
    const change = this.#r.wants.remove(wants);
    const work: Promise<unknown>[] = [];
    const now = this.#clock.now();
    for (const t of change.removed) {
      this.#gaps.forget(t, now);
      this.#r.forget(t);
    }
    if (change.removed.length > 0) {
      const gone = change.removed;
      work.push(
        this.#r.adopt(removeTickers(this.#r.assignment, gone)).then(() => {
          // Acked: no more events of these tickers will come, so their dedup state can go.
          for (const t of gone) if (!this.#r.wants.has(t)) this.#dedup.forget(t);
        }),
      );
    }
    for (const t of change.changed) work.push(this.#r.syncChannels(t));
    await Promise.all(work);
    return true;
  }

  /** Adds connections until the wanted tickers fit (autoScale); returns their connects. */
  #scale(): Promise<unknown>[] {
    const o = this.#o;
    const capacity = o.routing.capacity ?? Number.POSITIVE_INFINITY;
    const need = connectionsNeeded([...this.#r.wants.tickers()], {
      capacity,
      replication: o.replication,
      maxConnections: o.maxConnections,
    }).connections;
    const connecting: Promise<unknown>[] = [];
    for (let n = 1; this.#conns.size < Math.min(need, o.maxConnections); n++) {
      const id = poolConnectionId(n);
      if (this.#conns.has(id)) continue;
      const conn = this.#createConnection({ id });
      if (this.#started && !this.#closing) connecting.push(conn.client.connect());
      // It takes its share of what is placed; its subscribes confirm once it is up.
      connecting.push(this.#r.adopt(routeAddConnection(this.#r.assignment, id)));
    }
    return connecting;
  }

  #takeRates(): Map<string, number> | undefined {
    const rates = this.#events.rates;
    if (rates === undefined) return undefined;
    const now = this.#clock.now();
    const seconds = Math.max(0.001, (now - this.#ratesSince) / 1000);
    this.#ratesSince = now;
    if (rates.size === 0) return undefined;
    const stats = new Map<string, number>();
    for (const [t, n] of rates) if (this.#r.wants.has(t)) stats.set(t, n / seconds);
    rates.clear();
    return stats;
  }
}
