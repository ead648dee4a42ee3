import { InvalidArgumentError, type Clock } from '@tickmux/core';
import {
  addConnection as routeAddConnection,
  connectionsNeeded,
  removeConnection as routeRemoveConnection,
  UnknownConnectionError,
} from '@tickmux/routing';
import type { ConnectionEvents } from './connection-events.js';
import type { Dedup } from './dedup.js';
import type { HealthStats } from './health-stats.js';
import {
  poolConnectionId,
  type ConnectionSpec,
  type ResolvedManagerOptions,
} from './manager-options.js';
import { PoolConnection } from './pool-connection.js';
import type { RoutingDriver } from './routing-driver.js';
import { gateForNewConnection } from './slot-gate.js';
import type { SocketBudget } from './socket-budget.js';
import { assertName } from './validate.js';

/** What the connection set reads from its manager. */
export interface ConnectionSetContext {
  readonly o: ResolvedManagerOptions;
  readonly clock: Clock;
  readonly dedup: Dedup;
  readonly health: HealthStats;
  readonly events: ConnectionEvents;
  driver(): RoutingDriver;
  budget(): SocketBudget;
  /** True from `connect()` until `disconnect()` finished: new connections connect at once. */
  started(): boolean;
  /** True while the manager is closing. */
  closing(): boolean;
}

/**
 * The manager's connections, in order: each made with its dedup source, health counters and slot
 * gate; added and removed at runtime (routing told first, so a removed connection's tickers are
 * subscribed elsewhere before it closes), and added by `autoScale` until the wanted tickers fit.
 */
export class ConnectionSet {
  readonly byId = new Map<string, PoolConnection>();

  constructor(private readonly x: ConnectionSetContext) {}

  /** Makes a connection (not connected) and appends it. */
  create(spec: ConnectionSpec): PoolConnection {
    const { o } = this.x;
    const conn = new PoolConnection(
      spec.id,
      spec.name ?? spec.id,
      o.client,
      o.apiKey,
      o.createClient,
      () => this.x.budget(),
      this.x.dedup.source(spec.id),
      this.x.health.add(spec.id, spec.name ?? spec.id),
      this.x.events,
      gateForNewConnection(o.slotGate, this.byId.values(), o.maxConnections),
    );
    this.byId.set(spec.id, conn);
    return conn;
  }

  /** Throws `InvalidArgumentError` unless a connection `id` may be added now. */
  assertCanAdd(id: string): void {
    const { o } = this.x;
    assertName('id', id);
    if (this.byId.has(id)) throw new InvalidArgumentError('id', id, 'is already a connection');
    if (!o.multiConnection || this.byId.size >= o.maxConnections)
      throw new InvalidArgumentError(
        'id',
        id,
        `the pool already has ${this.byId.size} connections (maxConnections ${o.multiConnection ? o.maxConnections : 1})`,
      );
  }

  /** Adds connection `id` (checked by {@link assertCanAdd}): connects it, then routes its share to it. */
  async add(id: string): Promise<void> {
    const conn = this.create({ id });
    if (this.x.started()) await conn.client.connect();
    await this.x.driver().adopt(routeAddConnection(this.x.driver().assignment, id));
  }

  /**
   * Removes connection `id`: its tickers are routed elsewhere (confirmed) before it is closed;
   * its counters and dedup source go with it.
   */
  async remove(id: string): Promise<void> {
    const conn = this.byId.get(id);
    if (conn === undefined) throw new UnknownConnectionError(id, [...this.byId.keys()]);
    const driver = this.x.driver();
    const a = driver.assignment;
    if (a.hasConnection(id) || a.downConnections.includes(id))
      await driver.adopt(routeRemoveConnection(a, id));
    conn.removed = true;
    await conn.close();
    this.x.events.markLost(conn, this.x.clock.now(), 'connection_removed');
    this.byId.delete(id);
    this.x.health.remove(id);
    conn.source.release();
  }

  /** Adds connections until the wanted tickers fit (autoScale); returns their connects. */
  scale(): Promise<unknown>[] {
    const { o } = this.x;
    const capacity = o.routing.capacity ?? Number.POSITIVE_INFINITY;
    const need = connectionsNeeded([...this.x.driver().wants.tickers()], {
      capacity,
      replication: o.replication,
      maxConnections: o.maxConnections,
    }).connections;
    const connecting: Promise<unknown>[] = [];
    for (let n = 1; this.byId.size < Math.min(need, o.maxConnections); n++) {
      const id = poolConnectionId(n);
      if (this.byId.has(id)) continue;
      const conn = this.create({ id });
      if (this.x.started() && !this.x.closing()) connecting.push(conn.client.connect());
      // It takes its share of what is placed; its subscribes confirm once it is up.
      connecting.push(this.x.driver().adopt(routeAddConnection(this.x.driver().assignment, id)));
    }
    return connecting;
  }
}
