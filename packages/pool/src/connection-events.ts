import type {
  ClientState,
  EventStream,
  SocketCloseInfo,
  StateChangeReason,
  TopicLifecycleState,
} from '@tickmux/client';
import {
  ErrorCode,
  toTick,
  type Clock,
  type Logger,
  type MassiveEvent,
  type ServerStatus,
} from '@tickmux/core';
import { failConnection, restore } from '@tickmux/routing';
import type { GapLedger } from './gap-ledger.js';
import type { HealthStats } from './health-stats.js';
import type { ResolvedManagerOptions, TickInfo } from './manager-options.js';
import type { ConnectionHooks, PoolConnection } from './pool-connection.js';
import type { RoutingDriver } from './routing-driver.js';
import type { SocketBudget } from './socket-budget.js';

const DEAD_STATES: ReadonlySet<ClientState> = new Set(['reconnecting', 'failed']);
const ERROR_STATUSES: ReadonlySet<string> = new Set([
  'error',
  'auth_failed',
  'auth_timeout',
  'max_connections',
  'force_disconnect',
  'slow_consumer',
]);

/** What the connection events read from their manager. */
export interface EventsContext {
  readonly o: ResolvedManagerOptions;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly health: HealthStats;
  readonly streams: ReadonlySet<EventStream>;
  driver(): RoutingDriver;
  gaps(): GapLedger;
  budget(): SocketBudget;
  /** True while the manager is closing: lifecycle changes then drive nothing. */
  closing(): boolean;
}

/**
 * What the pool does with what its connections report: each event de-duplicated and delivered
 * (the hot path), statuses (`max_connections` backs the whole budget off), lifecycle changes (a
 * dead connection failed over, a recovered one restored), socket ends and topic confirmations fed
 * to the gap ledger and the live-topic map. Callbacks that throw are counted and logged.
 */
export class ConnectionEvents implements ConnectionHooks {
  /** Events delivered per ticker since the last health check (`load-balanced` only). */
  readonly rates: Map<string, number> | undefined;
  callbackErrors = 0;
  private lastCallbackLog = Number.NEGATIVE_INFINITY;

  constructor(private readonly x: EventsContext) {
    if (x.o.strategy === 'load-balanced') this.rates = new Map();
  }

  event(conn: PoolConnection, event: MassiveEvent): void {
    // The frame's arrival time: the client reads the clock once per frame, not per event.
    const now = conn.client.lastMessageAt ?? this.x.clock.now();
    conn.stats.message(now);
    const verdict = conn.source.offer(event);
    if (verdict === 'duplicate') return;
    const sym = (event as { sym?: string }).sym;
    if (this.x.o.gaps.contiguous === true && (event.ev === 'T' || event.ev === 'Q'))
      this.x.gaps().observe(event.ev, sym!, (event as { q: number }).q);
    if (this.rates !== undefined && sym !== undefined)
      this.rates.set(sym, (this.rates.get(sym) ?? 0) + 1);
    this.x.health.ticks++;
    const info: TickInfo = verdict === 'correction' ? conn.correctionInfo : conn.info;
    const { onTick, onEvent } = this.x.o;
    const tick = onTick !== undefined || this.x.streams.size > 0 ? toTick(event, now) : null;
    if (onTick !== undefined && tick !== null) {
      try {
        onTick(tick, event, info);
      } catch (err) {
        this.callbackFailed('onTick', err);
      }
    }
    if (onEvent !== undefined) {
      try {
        onEvent(event, info);
      } catch (err) {
        this.callbackFailed('onEvent', err);
      }
    }
    for (const s of this.x.streams) s.push({ event, tick });
  }

  status(conn: PoolConnection, status: ServerStatus): void {
    if (status.kind === 'max_connections') this.x.budget().maxConnections();
    if (ERROR_STATUSES.has(status.kind)) conn.stats.error();
    const onStatus = this.x.o.onStatus;
    if (onStatus === undefined) return;
    try {
      onStatus({ ...status, connection_id: conn.id });
    } catch (err) {
      this.callbackFailed('onStatus', err);
    }
  }

  state(
    conn: PoolConnection,
    state: ClientState,
    previous: ClientState,
    reason: StateChangeReason,
  ): void {
    conn.stats.status = state;
    // Its next socket must not take back what failed over (the 'connecting' callback runs before
    // the socket opens).
    if (state === 'connecting') this.releaseFailedOver(conn);
    if (!this.x.closing() && !conn.removed) {
      if (state === 'connected') {
        if (conn.everConnected) conn.stats.reconnected();
        conn.everConnected = true;
        conn.connectedAt = this.x.clock.now();
        conn.source.newSession();
        this.recovered(conn);
      } else if (DEAD_STATES.has(state)) {
        this.dead(conn, reason);
      }
    }
    const onStateChange = this.x.o.onStateChange;
    if (onStateChange === undefined) return;
    try {
      onStateChange(state, previous, { ...reason, connection_id: conn.id });
    } catch (err) {
      this.callbackFailed('onStateChange', err);
    }
  }

  socketClosed(conn: PoolConnection, info: SocketCloseInfo, lastSeenAt: number): void {
    if (info.error !== undefined) conn.stats.error();
    this.markLost(conn, lastSeenAt, closeReason(info));
    const onSocketClose = this.x.o.onSocketClose;
    if (onSocketClose === undefined) return;
    try {
      onSocketClose({ ...info, connection_id: conn.id });
    } catch (err) {
      this.callbackFailed('onSocketClose', err);
    }
  }

  topic(conn: PoolConnection, topic: string, state: TopicLifecycleState, at: number): void {
    const dot = topic.indexOf('.');
    const channel = topic.slice(0, dot);
    const ticker = topic.slice(dot + 1);
    if (state === 'confirmed') {
      this.x.driver().live.confirm(conn.id, ticker, channel);
      if (this.x.closing() || !this.x.driver().wants.wantsChannel(ticker, channel)) return;
      this.x.gaps().confirmed(ticker, conn.id, at, [channel]);
      this.x.driver().confirmed(ticker);
      return;
    }
    const wasLast = this.x.driver().live.drop(conn.id, ticker, channel);
    // A move (unsubscribed on a live socket while still wanted); a lost socket is `lost()`.
    if (
      state === 'removed' &&
      wasLast &&
      !this.x.closing() &&
      conn.state === 'connected' &&
      this.x.driver().wants.has(ticker)
    )
      this.x.gaps().unsubscribed(ticker, conn.id, at);
  }

  /** A connection's socket is gone: its topics are no longer live; gaps open from `lastSeenAt`. */
  markLost(conn: PoolConnection, lastSeenAt: number, reason: string): void {
    this.x.driver().live.clear(conn.id);
    if (this.x.closing()) return;
    const now = this.x.clock.now();
    this.x.gaps().lost(conn.id, Math.max(0, Math.min(lastSeenAt, now)), now, reason);
  }

  /** A connection is seen dead: fail its tickers over to survivors (failover on). */
  private dead(conn: PoolConnection, reason: StateChangeReason): void {
    const id = conn.id;
    const lastSeen = conn.client.lastMessageAt ?? conn.connectedAt ?? this.x.clock.now();
    this.markLost(conn, lastSeen, errorReason(reason.error?.code) ?? 'connection_lost');
    if (!this.x.o.failover || !this.x.driver().assignment.hasConnection(id)) return;
    const before = this.x.driver().assignment.tickersOn(id);
    // Its client must not resubscribe them on its own when it comes back (restore decides), but
    // forgetting thousands of topics is bookkeeping: the survivors' subscriptions go first.
    if (before.length > 0) conn.failedOver = [...(conn.failedOver ?? []), ...before];
    void this.x
      .driver()
      .adopt(failConnection(this.x.driver().assignment, id))
      .finally(() => this.releaseFailedOver(conn));
  }

  /** Unsubscribes a dead connection's client from what failed over (once). */
  private releaseFailedOver(conn: PoolConnection): void {
    const tickers = conn.failedOver;
    if (tickers === undefined) return;
    conn.failedOver = undefined;
    void conn.client.unsubscribe(tickers).catch(() => false);
  }

  /** A connection authenticated: move its tickers back (auto-rebalance) and reconcile. */
  private recovered(conn: PoolConnection): void {
    if (this.x.driver().assignment.downConnections.includes(conn.id) && this.x.o.autoRebalance)
      void this.x.driver().adopt(restore(this.x.driver().assignment, conn.id));
    this.x.driver().reconcile(conn);
  }

  private callbackFailed(name: string, err: unknown): void {
    this.callbackErrors++;
    const now = this.x.clock.now();
    if (now - this.lastCallbackLog < 1_000) return;
    this.lastCallbackLog = now;
    this.x.logger.error({ err, callback: name }, `${name} callback threw`);
  }
}

/** The gap reason for how a socket ended. */
function closeReason(info: SocketCloseInfo): string {
  if (info.serverStatus !== undefined) return info.serverStatus;
  const known = errorReason(info.error?.code);
  if (known !== undefined) return known;
  return info.abandoned ? 'abandoned' : info.code === 1006 ? 'connection_lost' : 'closed';
}

const ERROR_REASONS: ReadonlyMap<string, string> = new Map([
  [ErrorCode.HEARTBEAT_TIMEOUT, 'heartbeat'],
  [ErrorCode.DATA_SILENCE, 'data_silence'],
  [ErrorCode.CONNECT_TIMEOUT, 'connect_timeout'],
  [ErrorCode.MAX_CONNECTIONS, 'max_connections'],
  [ErrorCode.FORCE_DISCONNECT, 'force_disconnect'],
  [ErrorCode.SLOW_CONSUMER, 'slow_consumer'],
  [ErrorCode.AUTH_TIMEOUT, 'auth_timeout'],
]);

/** The gap reason for a client's failure code, if it names one. */
function errorReason(code: string | undefined): string | undefined {
  return code === undefined ? undefined : ERROR_REASONS.get(code);
}
