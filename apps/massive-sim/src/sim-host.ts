import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { SimConnection, type ConnectionContext } from './connection.js';
import { Engine } from './engine.js';
import { CloseCode, frameOf, Status } from './messages.js';
import type { ResolvedSimOptions } from './options.js';
import { listenOn } from './listen.js';
import { handleClientMessage, type ProtocolHost } from './protocol.js';
import { createRandom } from './random.js';

/**
 * The WebSocket side of the simulator: accepts sockets on the configured path, runs the session
 * protocol (auth, limits, topics), and owns every socket and timer until `close()`.
 */
export class SimHost implements ProtocolHost {
  readonly engine: Engine;
  readonly limits: ReadonlyMap<string, number>;
  port = 0;
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly ctx: ConnectionContext;
  private nextId = 1;
  private closed = false;

  constructor(readonly o: ResolvedSimOptions) {
    this.engine = new Engine(o);
    this.limits = o.limits;
    const jitter = createRandom(o.seed ^ 0x5eed);
    this.ctx = {
      clock: o.wallClock,
      shaping: { latencyMs: o.latencyMs, bandwidthBytesPerSec: o.bandwidthBytesPerSec },
      index: this.engine.index,
      eventsPerFrame: o.eventsPerFrame,
      benchStamp: o.benchStamp,
      slowConsumerBytes: o.slowConsumerBytes,
      jitter: () => jitter.next(),
      onSlowConsumer: (conn) => this.slowConsumer(conn),
    };
    this.wss = new WebSocketServer({
      noServer: true,
      autoPong: false,
      perMessageDeflate: false,
      maxPayload: 1 << 20,
    });
    this.http = createServer((req, res) => {
      res
        .writeHead(426, { 'content-type': 'text/plain' })
        .end(`massive-sim: connect a WebSocket to ${o.path}\n`);
    });
    this.http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.upgrade(req, socket, head),
    );
  }

  /** Listens on `port` (0 = a free one) and starts the market. */
  async listen(port: number): Promise<void> {
    this.port = await listenOn(this.http, port, this.o.host);
    this.engine.start();
  }

  /** Every live connection, oldest first. */
  connectionList(): SimConnection[] {
    return [...this.engine.connections.values()];
  }

  /** Closes a socket with a close frame, after the frames already accepted for it. */
  closeGracefully(conn: SimConnection, code: number, reason: string, status?: string): void {
    if (conn.closing) return;
    if (status !== undefined) conn.sendRaw(status);
    conn.closing = true;
    this.forget(conn);
    conn.afterDrain(() => conn.ws.close(code, reason));
  }

  /** Closes a socket at once with a close frame (fault injection). */
  drop(conn: SimConnection, code: number, reason: string): void {
    this.forget(conn);
    conn.dispose();
    conn.ws.close(code, reason);
  }

  /** Destroys a socket without a close frame (fault injection: the peer sees 1006). */
  kill(conn: SimConnection): void {
    this.forget(conn);
    conn.dispose();
    conn.ws.terminate();
  }

  onAuthenticated(conn: SimConnection): void {
    if (conn.authTimer !== undefined) this.o.wallClock.clearTimeout(conn.authTimer);
    conn.authTimer = undefined;
    const key = conn.apiKey!;
    const limit = this.limits.get(key)!;
    const others = this.connectionList().filter(
      (c) => c !== conn && c.authenticated && c.apiKey === key && !c.closing,
    );
    if (others.length < limit) {
      this.admit(conn);
    } else if (this.o.limitPolicy === 'kick-oldest') {
      this.admit(conn);
      const victims = others
        .sort((a, b) => a.authenticatedAt - b.authenticatedAt)
        .slice(0, others.length - limit + 1);
      for (const v of victims) this.forceMaxConnections(v);
    } else {
      if (this.o.maxConnectionsAfterAuth) conn.sendRaw(frameOf(Status.authSuccess()));
      this.forceMaxConnections(conn);
    }
  }

  rejectAuth(conn: SimConnection): void {
    this.o.logger.info({ connection: conn.id }, 'auth failed');
    this.closeGracefully(
      conn,
      CloseCode.POLICY,
      'authentication failed',
      frameOf(Status.authFailed()),
    );
  }

  onTopicsChanged(): void {
    this.engine.refreshReceivers();
  }

  /** Sends `max_connections` and closes with 1008. */
  forceMaxConnections(conn: SimConnection): void {
    this.o.logger.info({ connection: conn.id }, 'max_connections');
    this.closeGracefully(
      conn,
      CloseCode.POLICY,
      'max connections',
      frameOf(Status.maxConnections()),
    );
  }

  /** Closes every socket (code 1012 by default), stops listening, waits, and listens again on the same port. */
  async restart(downMs: number, code: number = CloseCode.RESTART): Promise<void> {
    for (const conn of this.connectionList()) this.drop(conn, code, 'service restart');
    await this.stopListening();
    await new Promise<void>((resolve) => this.o.wallClock.setTimeout(resolve, downMs));
    if (this.closed) return;
    await listenOn(this.http, this.port, this.o.host);
  }

  /** Closes every socket (1001), stops the market and the listener. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.engine.stop();
    for (const conn of this.connectionList()) this.drop(conn, CloseCode.NORMAL, 'server shutdown');
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
    await this.stopListening();
  }

  private async stopListening(): Promise<void> {
    if (!this.http.listening) return;
    const done = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeAllConnections();
    await done;
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (req.url ?? '/').split('?')[0];
    if (this.closed || path !== this.o.path) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req));
  }

  private accept(ws: WebSocket, req: IncomingMessage): void {
    const id = `c${this.nextId++}`;
    const conn = new SimConnection(
      id,
      ws,
      req.socket.remoteAddress ?? '',
      this.o.wallClock.now(),
      this.ctx,
    );
    this.engine.connections.set(id, conn);
    this.o.logger.debug({ connection: id }, 'connected');
    conn.authTimer = this.o.wallClock.setTimeout(() => {
      conn.authTimer = undefined;
      this.closeGracefully(
        conn,
        CloseCode.POLICY,
        'authentication timeout',
        frameOf(Status.authTimeout()),
      );
    }, this.o.authTimeoutMs);
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (conn.closing) return;
      handleClientMessage(conn, isBinary ? data.toString('utf8') : data.toString(), this);
    });
    ws.on('ping', (data: Buffer) => {
      if (!conn.stalled && ws.readyState === 1) ws.pong(data);
    });
    ws.on('error', (err: Error) =>
      this.o.logger.debug({ connection: id, err: err.message }, 'socket error'),
    );
    ws.on('close', () => {
      this.forget(conn);
      conn.dispose();
    });
    conn.sendRaw(frameOf(Status.connected()));
  }

  private admit(conn: SimConnection): void {
    conn.authenticated = true;
    conn.authenticatedAt = this.o.wallClock.monotonic();
    conn.sendRaw(frameOf(Status.authSuccess()));
    this.engine.refreshReceivers();
  }

  private forget(conn: SimConnection): void {
    if (this.engine.connections.delete(conn.id)) this.engine.refreshReceivers();
  }

  private slowConsumer(conn: SimConnection): void {
    if (conn.slow || conn.closing) return;
    conn.slow = true;
    const unsent = conn.unsentBytes;
    this.o.logger.warn({ connection: conn.id, unsent }, 'slow consumer');
    // The status goes out only if it fits: the socket is already over its limit, allow 2x.
    if (unsent < 2 * this.o.slowConsumerBytes)
      conn.sendRaw(frameOf(Status.slowConsumer(this.o.slowConsumerBytes)));
    this.forget(conn);
    conn.dispose();
    conn.ws.close(CloseCode.POLICY, 'slow consumer');
    // A consumer that is not reading will not answer the close handshake either.
    const t = this.o.wallClock.setTimeout(() => conn.ws.terminate(), 2_000);
    conn.ws.once('close', () => this.o.wallClock.clearTimeout(t));
  }
}
