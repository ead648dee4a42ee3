import type {
  ClientState,
  MassiveClientOptions,
  SocketCloseInfo,
  StateChangeReason,
  TopicLifecycleState,
} from '@tickmux/client';
import type { MassiveEvent, ServerStatus } from '@tickmux/core';
import type { DedupSource } from './dedup-source.js';
import type { ConnectionStats } from './health-stats.js';
import type { ClientFactory, PoolClient, TickInfo } from './manager-options.js';
import type { SocketBudget, SocketSlot } from './socket-budget.js';

/** What a connection reports to its manager (each with the connection). */
export interface ConnectionHooks {
  event(c: PoolConnection, event: MassiveEvent): void;
  status(c: PoolConnection, status: ServerStatus): void;
  state(
    c: PoolConnection,
    state: ClientState,
    previous: ClientState,
    reason: StateChangeReason,
  ): void;
  socketClosed(c: PoolConnection, info: SocketCloseInfo, lastSeenAt: number): void;
  topic(c: PoolConnection, topic: string, state: TopicLifecycleState, at: number): void;
}

/**
 * One connection of the pool: its client, the account slot its socket holds (taken through the
 * client's `socketGate` before the socket opens, released on the socket's close with how it
 * ended), its de-duplication source and its health counters.
 */
export class PoolConnection {
  readonly client: PoolClient;
  /** Authenticated at least once (a later authentication is a reconnect). */
  everConnected = false;
  /** `clock.now()` of the last authentication (a sign of life when no frame came since). */
  connectedAt: number | undefined;
  /** Being removed for good: its lifecycle no longer drives failover. */
  removed = false;
  /** What `onTick` gets with this connection's events (shared, so the hot path allocates nothing). */
  readonly info: TickInfo;
  readonly correctionInfo: TickInfo;
  private slot: SocketSlot | undefined;

  constructor(
    readonly id: string,
    readonly name: string,
    clientOptions: Omit<MassiveClientOptions, 'apiKey'>,
    apiKey: string,
    createClient: ClientFactory,
    private readonly budget: () => SocketBudget,
    private readonly extraGate: ((id: string, signal: AbortSignal) => Promise<void>) | undefined,
    readonly source: DedupSource,
    readonly stats: ConnectionStats,
    hooks: ConnectionHooks,
  ) {
    this.info = Object.freeze({ connection_id: id, correction: false });
    this.correctionInfo = Object.freeze({ connection_id: id, correction: true });
    this.client = createClient({
      ...clientOptions,
      apiKey,
      socketGate: (signal) => this.gate(signal),
      onEvent: (event) => hooks.event(this, event),
      onStatus: (status) => hooks.status(this, status),
      onStateChange: (state, previous, reason) => hooks.state(this, state, previous, reason),
      onSocketClose: (info) => {
        const lastSeenAt = Math.min(this.client.lastMessageAt ?? info.openedAt, info.closedAt);
        // A socket that never opened cannot count on the server.
        this.slot?.release({
          wasClean: info.wasClean || !info.opened,
          abandoned: info.abandoned && info.opened,
        });
        this.slot = undefined;
        hooks.socketClosed(this, info, lastSeenAt);
      },
      onTopicState: (topic, state, at) => hooks.topic(this, topic, state, at),
    });
  }

  get state(): ClientState {
    return this.client.state;
  }

  /** Disconnects the client and gives back a slot its (unopened) socket still held. */
  async close(): Promise<void> {
    await this.client.disconnect();
    // A gate that passed for an attempt that then stopped opened no socket: nothing to wait for.
    this.slot?.release({ wasClean: true, abandoned: false });
    this.slot = undefined;
  }

  private async gate(signal: AbortSignal): Promise<void> {
    // A slot still held here belongs to an attempt whose socket never reported its end: count it
    // as a socket the server may still hold.
    this.slot?.release({ wasClean: false, abandoned: true });
    this.slot = undefined;
    const slot = await this.budget().acquire(signal);
    this.slot = slot;
    if (this.extraGate === undefined) return;
    try {
      await this.extraGate(this.id, signal);
    } catch (err) {
      // No socket was opened on this slot: it is free again at once.
      slot.release({ wasClean: true, abandoned: false });
      if (this.slot === slot) this.slot = undefined;
      throw err;
    }
  }
}
