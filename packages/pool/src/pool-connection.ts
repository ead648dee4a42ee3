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
import type { SlotGateFn, SlotPass } from './slot-gate.js';
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
 * ended), its de-duplication source and its health counters. With a slot gate (`slotGate`), each
 * socket also waits for the gate's pass for its slot, and is closed at once when the pass's signal
 * aborts; the connection then waits at the gate again (its tickers stay routed to it).
 */
export class PoolConnection {
  readonly client: PoolClient;
  /** Authenticated at least once (a later authentication is a reconnect). */
  everConnected = false;
  /** `clock.now()` of the last authentication (a sign of life when no frame came since). */
  connectedAt: number | undefined;
  /** Being removed for good: its lifecycle no longer drives failover. */
  removed = false;
  /**
   * Tickers failed over from this connection that its client still holds: they are unsubscribed
   * (`releaseFailedOver`) once the survivors have confirmed them or before its next socket opens,
   * whichever comes first, so it never resubscribes them on its own.
   */
  failedOver: string[] | undefined;
  /** What `onTick` gets with this connection's events (shared, so the hot path allocates nothing). */
  readonly info: TickInfo;
  readonly correctionInfo: TickInfo;
  private slot: SocketSlot | undefined;
  /** The slot gate's pass the current socket holds, and how to stop watching it. */
  private pass: { pass: SlotPass; unwatch: () => void } | undefined;
  /** `close()` was called: a lost pass no longer reconnects. */
  private closed = false;

  constructor(
    readonly id: string,
    readonly name: string,
    clientOptions: Omit<MassiveClientOptions, 'apiKey'>,
    apiKey: string,
    createClient: ClientFactory,
    private readonly budget: () => SocketBudget,
    readonly source: DedupSource,
    readonly stats: ConnectionStats,
    hooks: ConnectionHooks,
    /** The gate consulted before each socket, with this connection's slot (from 1). */
    readonly slotGate?: { readonly slot: number; readonly gate: SlotGateFn },
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
        this.endPass({
          wasClean: info.wasClean || !info.opened,
          abandoned: info.abandoned && info.opened,
        });
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
    this.closed = true;
    await this.client.disconnect();
    // A gate that passed for an attempt that then stopped opened no socket: nothing to wait for.
    this.slot?.release({ wasClean: true, abandoned: false });
    this.slot = undefined;
    this.endPass({ wasClean: true, abandoned: false });
  }

  private async gate(signal: AbortSignal): Promise<void> {
    // A slot still held here belongs to an attempt whose socket never reported its end: count it
    // as a socket the server may still hold.
    this.slot?.release({ wasClean: false, abandoned: true });
    this.slot = undefined;
    this.slot = await this.budget().acquire(signal);
    if (this.slotGate === undefined) return;
    this.endPass({ wasClean: false, abandoned: true });
    let pass: SlotPass | undefined;
    try {
      pass = await this.slotGate.gate(this.slotGate.slot, signal);
      if (pass.signal.aborted) throw pass.signal.reason;
    } catch (err) {
      // No socket was opened, under the budget's slot or the pass.
      pass?.socketClosed?.({ wasClean: true, abandoned: false });
      this.slot?.release({ wasClean: true, abandoned: false });
      this.slot = undefined;
      throw err;
    }
    const onLost = () => this.passLost();
    pass.signal.addEventListener('abort', onLost, { once: true });
    this.pass = { pass, unwatch: () => pass.signal.removeEventListener('abort', onLost) };
  }

  /** Reports how the socket under the current pass ended, and stops watching the pass. */
  private endPass(info: { wasClean: boolean; abandoned: boolean }): void {
    const held = this.pass;
    if (held === undefined) return;
    this.pass = undefined;
    held.unwatch();
    held.pass.socketClosed?.(info);
  }

  /**
   * The pass was withdrawn (the slot's lease lost): close the socket now, with a close handshake,
   * and wait at the gate again. The connection stays in its routing (no failover: in leader mode
   * every slot is lost together); its tickers' gaps open as the socket closes.
   */
  private passLost(): void {
    if (this.closed) return;
    void this.client.disconnect().then(() => {
      // A pass whose socket never opened (or never reported its end) owes nothing to the server.
      this.endPass({ wasClean: true, abandoned: false });
      if (!this.closed) void this.client.connect();
    });
  }
}
