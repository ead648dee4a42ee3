import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { AccountBook, type LimitPolicy } from './account-book.js';
import type { ResolvedKey } from './accounts.js';
import { SimConnection, type ConnectionContext, type ConnectionState } from './connection.js';
import { Engine } from './engine.js';
import type { EventSource } from './event-source.js';
import { listenOn } from './listen.js';
import { CloseCode, frameOf, Status } from './messages.js';
import type { ResolvedSimOptions } from './options.js';
import { handleClientMessage, type ProtocolHost } from './protocol.js';
import { createRandom } from './random.js';
import { SocketLifecycle } from './socket-lifecycle.js';

/** Settings the control API may change while the simulator runs. */
export interface RuntimeSettings {
  limitPolicy: LimitPolicy;
  zombieMs: number;
  slowConsumerBytes: number;
  maxConnectionsAfterAuth: boolean;
}

/**
 * The WebSocket side of the simulator: accepts sockets on the configured path, runs the session
 * protocol (auth, account limits, topics), and owns every socket and timer until `close()`.
 */
export class SimHost implements ProtocolHost {
  readonly engine: Engine;
  readonly accounts: AccountBook<SimConnection>;
  readonly lifecycle: SocketLifecycle;
  readonly settings: RuntimeSettings;
  port = 0;
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly ctx: ConnectionContext;
  private nextId = 1;
  private closed = false;
  /** Restarts issued so far: only the latest one listens again. */
  private restarts = 0;

  constructor(
    readonly o: ResolvedSimOptions,
    source: EventSource,
    createDelayed?: () => EventSource,
  ) {
    const { limitPolicy, zombieMs, slowConsumerBytes, maxConnectionsAfterAuth } = o;
    this.settings = { limitPolicy, zombieMs, slowConsumerBytes, maxConnectionsAfterAuth };
    this.engine = new Engine(
      source,
      {
        clock: o.clock,
        tickMs: o.tickMs,
        acceleration: o.acceleration,
        virtualPaced: o.virtualPaced,
        maxEventsPerTick: o.maxEventsPerTick,
        maxLagMs: o.maxLagMs,
        groundTruth: o.groundTruth,
        drainMark: () => this.settings.slowConsumerBytes / 4,
        wallClock: o.wallClock,
      },
      createDelayed,
    );
    const keyIds = new Map<string, string[]>();
    for (const k of o.keys.values())
      keyIds.set(k.account, [...(keyIds.get(k.account) ?? []), k.keyId]);
    this.accounts = new AccountBook(o.limits, keyIds);
    this.lifecycle = new SocketLifecycle(
      this.engine,
      this.accounts,
      o.wallClock,
      o.logger,
      this.settings,
    );
    const jitter = createRandom(o.seed ^ 0x5eed);
    this.ctx = {
      clock: o.wallClock,
      shaping: { latencyMs: o.latencyMs, bandwidthBytesPerSec: o.bandwidthBytesPerSec },
      index: this.engine.index,
      channels: source.channels,
      eventsPerFrame: o.eventsPerFrame,
      benchStamp: o.benchStamp,
      slowConsumerBytes: () => this.settings.slowConsumerBytes,
      jitter: () => jitter.next(),
      onSlowConsumer: (conn) => this.lifecycle.slowConsumer(conn),
      truth: () => this.engine.truth?.socket(),
    };
    this.wss = new WebSocketServer({
      noServer: true,
      autoPong: false,
      perMessageDeflate: false,
      maxPayload: 1 << 20,
    });
    this.http = createServer((_req, res) => {
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

  /** Sockets in a state (live = open + zombie), oldest first. */
  connectionList(state: ConnectionState | 'live' | 'all' = 'live'): SimConnection[] {
    const live = [...this.engine.connections.values()];
    if (state === 'live') return live;
    if (state === 'all') return [...this.lifecycle.history, ...live].sort(byId);
    if (state === 'closed') return [...this.lifecycle.history];
    return live.filter((c) => c.state === state);
  }

  /** A socket by id, live or closed (the last 1,000 closed are kept). */
  find(id: string): SimConnection | undefined {
    return this.engine.connections.get(id) ?? this.lifecycle.history.find((c) => c.id === id);
  }

  keyOf(apiKey: string): ResolvedKey | undefined {
    return this.o.keys.get(apiKey);
  }

  onAuthenticated(conn: SimConnection): void {
    if (conn.authTimer !== undefined) this.o.wallClock.clearTimeout(conn.authTimer);
    conn.authTimer = undefined;
    const account = conn.key!.account;
    const { admitted, victims } = this.accounts.admit(account, conn, this.settings.limitPolicy);
    if (!admitted) {
      if (this.settings.maxConnectionsAfterAuth) conn.sendRaw(frameOf(Status.authSuccess()));
      return this.lifecycle.maxConnections(conn);
    }
    conn.authenticated = true;
    conn.sendRaw(frameOf(Status.authSuccess()));
    this.engine.refreshReceivers();
    for (const v of victims) this.lifecycle.maxConnections(v);
  }

  rejectAuth(conn: SimConnection, plan: boolean): void {
    this.o.logger.info({ connection: conn.id }, plan ? 'auth failed: plan' : 'auth failed');
    const status = plan ? Status.authFailedPlan() : Status.authFailed();
    this.lifecycle.closeGracefully(
      conn,
      CloseCode.POLICY,
      'authentication failed',
      frameOf(status),
    );
  }

  onTopicsChanged(): void {
    this.engine.refreshReceivers();
  }

  /**
   * Closes every socket (code 1012 by default), stops listening, waits, and listens again on the
   * same port. A restart issued while the server is down from an earlier one replaces it: the
   * server comes back at the end of the latest restart's down time, and listens once.
   */
  async restart(downMs: number, code: number = CloseCode.RESTART): Promise<void> {
    const generation = ++this.restarts;
    this.closeAll(code, 'service restart');
    await this.stopListening();
    await new Promise<void>((resolve) => this.o.wallClock.setTimeout(resolve, downMs));
    if (this.closed || generation !== this.restarts) return;
    await listenOn(this.http, this.port, this.o.host);
  }

  /** Closes every socket (1001), stops the market and the listener. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.engine.stop();
    this.closeAll(CloseCode.NORMAL, 'server shutdown');
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
    await this.stopListening();
  }

  private closeAll(code: number, reason: string): void {
    for (const conn of this.connectionList()) {
      if (conn.state === 'zombie') this.lifecycle.kill(conn);
      else this.lifecycle.drop(conn, code, reason);
    }
    this.accounts.clear();
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
    const { remoteAddress = '', remotePort = 0 } = req.socket;
    const conn = new SimConnection(
      id,
      ws,
      remoteAddress,
      remotePort,
      this.o.wallClock.now(),
      this.ctx,
      req.socket,
    );
    this.engine.connections.set(id, conn);
    this.o.logger.debug({ connection: id }, 'connected');
    conn.authTimer = this.o.wallClock.setTimeout(() => {
      conn.authTimer = undefined;
      this.lifecycle.closeGracefully(
        conn,
        CloseCode.POLICY,
        'authentication timeout',
        frameOf(Status.authTimeout()),
      );
    }, this.o.authTimeoutMs);
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (conn.closing || conn.state === 'closed') return;
      handleClientMessage(conn, isBinary ? data.toString('utf8') : data.toString(), this);
    });
    ws.on('ping', (data: Buffer) => {
      if (!conn.stalled && ws.readyState === 1) ws.pong(data);
    });
    ws.on('error', (err: Error) =>
      this.o.logger.debug({ connection: id, err: err.message }, 'socket error'),
    );
    ws.on('close', (code: number) => this.lifecycle.onTransportClosed(conn, code));
    conn.sendRaw(frameOf(Status.connected()));
  }
}

const byId = (a: SimConnection, b: SimConnection) => Number(a.id.slice(1)) - Number(b.id.slice(1));
