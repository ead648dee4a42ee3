import type { Clock, Logger } from '@tickmux/core';
import type { AccountBook } from './account-book.js';
import type { SimConnection } from './connection.js';
import type { Engine } from './engine.js';
import { CloseCode, frameOf, Status } from './messages.js';

/** Closed sockets kept for `connection(id)` and `connections({ state: 'closed' })`. */
const HISTORY = 1_000;
/** A close seen this soon after a stall ended is the server noticing, not a new zombie. */
const NOTICE_MS = 1_000;

/** What the lifecycle reads from the server's runtime settings. */
export interface LifecycleSettings {
  zombieMs: number;
  slowConsumerBytes: number;
}

/**
 * How sockets end: gracefully (status, close frame after the queued frames), dropped, killed, as
 * zombies (still counted against their account until the server notices), stalled, or killed as
 * slow consumers. Every ending goes through {@link finish}, which stops counting the socket,
 * keeps its ground truth and moves it to the history.
 */
export class SocketLifecycle {
  readonly history: SimConnection[] = [];

  constructor(
    private readonly engine: Engine,
    private readonly accounts: AccountBook<SimConnection>,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly settings: LifecycleSettings,
  ) {}

  /** Sends `status` (if any) and closes with `code` once the frames already accepted are out. */
  closeGracefully(conn: SimConnection, code: number, reason: string, status?: string): void {
    if (conn.closing || conn.state === 'closed') return;
    if (status !== undefined) conn.sendRaw(status);
    conn.closing = true;
    this.engine.refreshReceivers();
    conn.afterDrain(() => {
      this.finish(conn, code);
      conn.ws.close(code, reason);
    });
  }

  /** Closes at once with a close frame (fault injection). */
  drop(conn: SimConnection, code: number, reason: string): void {
    this.finish(conn, code);
    conn.ws.close(code, reason);
  }

  /** Destroys the socket without a close frame (fault injection: the peer sees 1006). */
  kill(conn: SimConnection): void {
    this.finish(conn, 1006);
    conn.ws.terminate();
  }

  /** `max_connections`, then close 1008: the vendor's answer at the account limit. */
  maxConnections(conn: SimConnection): void {
    if (conn.state === 'zombie') return this.kill(conn);
    this.logger.info({ connection: conn.id }, 'max_connections');
    this.closeGracefully(
      conn,
      CloseCode.POLICY,
      'max connections',
      frameOf(Status.maxConnections()),
    );
  }

  /** `force_disconnect`, then close 1008 (ours). */
  forceDisconnect(conn: SimConnection): void {
    this.closeGracefully(
      conn,
      CloseCode.POLICY,
      'force disconnect',
      frameOf(Status.forceDisconnect()),
    );
  }

  /**
   * The slow-consumer kill: the `slow_consumer` status if it fits (the socket is already over its
   * limit; allow 2x), close 1008, and destroy the socket 2 s later if the peer does not answer.
   */
  slowConsumer(conn: SimConnection): void {
    if (conn.slow || conn.closing || conn.state === 'closed') return;
    conn.slow = true;
    const unsent = conn.unsentBytes;
    this.logger.warn({ connection: conn.id, unsent }, 'slow consumer');
    const limit = this.settings.slowConsumerBytes;
    if (unsent < 2 * limit) conn.sendRaw(frameOf(Status.slowConsumer(limit)));
    this.finish(conn, CloseCode.POLICY);
    conn.ws.close(CloseCode.POLICY, 'slow consumer');
    const t = this.clock.setTimeout(() => conn.ws.terminate(), 2_000);
    conn.ws.once('close', () => this.clock.clearTimeout(t));
  }

  /**
   * Stops reading and writing the socket for `ms` (no frames, no pongs; the socket stays counted
   * as a zombie), then resumes it: a client that left in the meantime is noticed then.
   */
  stall(conn: SimConnection, ms: number): void {
    if (conn.state === 'closed') return;
    conn.stalledUntil = this.clock.monotonic() + ms;
    conn.state = 'zombie';
    conn.ws.pause();
    this.engine.refreshReceivers();
    this.rearm(conn, ms, () => {
      conn.stalledUntil = 0;
      conn.stallEndedAt = this.clock.monotonic();
      if (conn.state === 'closed') return;
      if (conn.transportCode !== undefined) return this.finish(conn, conn.transportCode);
      conn.state = 'open';
      conn.ws.resume();
      this.engine.refreshReceivers();
    });
  }

  /** The socket's transport closed (`code` as the server saw it). */
  onTransportClosed(conn: SimConnection, code: number): void {
    if (conn.state === 'closed') return;
    conn.transportCode = code;
    if (conn.stalled) return; // the server notices when the stall ends
    const noticed = this.clock.monotonic() - conn.stallEndedAt < NOTICE_MS;
    const abandoned = code === 1006 && !conn.closing && !noticed && conn.authenticated;
    if (!abandoned || this.settings.zombieMs <= 0) return this.finish(conn, code);
    // Abandoned without a close handshake: the server keeps counting it until it notices.
    conn.state = 'zombie';
    conn.closeCode = code;
    this.engine.refreshReceivers();
    this.rearm(conn, this.settings.zombieMs, () => this.finish(conn, code));
  }

  /** Ends a socket's life on the server: uncounted, its truth kept, into the history. Idempotent. */
  finish(conn: SimConnection, code: number): void {
    if (conn.state === 'closed') return;
    conn.state = 'closed';
    conn.closedAt = this.clock.now();
    conn.closeCode ??= code;
    if (conn.faultTimer !== undefined) this.clock.clearTimeout(conn.faultTimer);
    conn.faultTimer = undefined;
    if (conn.stalledUntil > 0) {
      conn.stalledUntil = 0;
      conn.ws.resume();
    }
    conn.dispose((t) => this.clock.clearTimeout(t));
    if (conn.key !== undefined && conn.authenticated) this.accounts.release(conn.key.account, conn);
    if (this.engine.connections.delete(conn.id)) this.engine.refreshReceivers();
    if (conn.truth !== undefined) this.engine.truth?.retire(conn.id, conn.truth);
    this.history.push(conn);
    if (this.history.length > HISTORY) this.history.shift();
  }

  private rearm(conn: SimConnection, ms: number, fn: () => void): void {
    if (conn.faultTimer !== undefined) this.clock.clearTimeout(conn.faultTimer);
    conn.faultTimer = this.clock.setTimeout(() => {
      conn.faultTimer = undefined;
      fn();
    }, ms);
  }
}
