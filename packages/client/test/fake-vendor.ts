import type { WebSocketConstructor, WebSocketLike } from '../src/index.js';

type Listener = (...args: never[]) => void;

/** A client control message as the fake server parsed it. */
export interface ClientMessage {
  action: string;
  params: string;
}

/** The server's end of one fake socket. */
export interface FakeConn {
  /** 1 for the first socket the client opened. */
  readonly n: number;
  /** Every text frame the client sent on this socket. */
  readonly sent: string[];
  /** Pings the client sent on this socket. */
  pings: number;
  /** Whether the server answers pings (true by default). */
  answerPings: boolean;
  /** Sends a text frame to the client (held while the client has paused reading). */
  send(frame: string): void;
  /** Server-side close with a close handshake (the client sees `code`). */
  close(code?: number, reason?: string): void;
  /** The connection is cut without a handshake (the client sees 1006). */
  drop(): void;
  /** Whether the socket has ended. */
  readonly ended: boolean;
  /** How the socket ended: `terminated` when the client destroyed it without a handshake. */
  endedBy: 'client-close' | 'client-terminate' | 'server' | undefined;
}

export interface FakeVendorOptions {
  /** A browser-style socket: no ping, pause or terminate. */
  browser?: boolean;
  /** Runs when the client opens its n-th socket, after the handshake. Default: the vendor's `connected`. */
  onOpen?: (conn: FakeConn) => void;
  /** Handles a client message. Default: the vendor's protocol (auth → auth_success, one ack frame per topic). */
  onMessage?: (conn: FakeConn, msg: ClientMessage) => void;
  /** The n-th socket (from 1) fails to open (1006, no handshake) when this returns true. */
  refuse?: (n: number) => boolean;
}

export const CONNECTED =
  '[{"ev":"status","status":"connected","message":"Connected Successfully"}]';
export const AUTH_SUCCESS = '[{"ev":"status","status":"auth_success","message":"authenticated"}]';

/** The vendor's answer to a message: auth succeeds, each topic acked in a frame of its own. */
export function vendorReply(conn: FakeConn, msg: ClientMessage): void {
  if (msg.action === 'auth') conn.send(AUTH_SUCCESS);
  if (msg.action === 'subscribe' || msg.action === 'unsubscribe') {
    const verb = msg.action === 'subscribe' ? 'subscribed' : 'unsubscribed';
    for (const topic of msg.params.split(',')) {
      conn.send(
        JSON.stringify([{ ev: 'status', status: 'success', message: `${verb} to: ${topic}` }]),
      );
    }
  }
}

/**
 * An in-memory vendor for manual-clock tests: a WebSocket class the client can be given, whose
 * events are delivered on microtasks (call `flushMicrotasks()` after `clock.advance()`).
 * The `ws`-style variant answers pings with pongs and honours pause/resume the way `ws` does:
 * a paused socket reads nothing, pongs included.
 */
export function fakeVendor(options: FakeVendorOptions = {}) {
  const conns: FakeConn[] = [];
  const onOpen = options.onOpen ?? ((c: FakeConn) => c.send(CONNECTED));
  const onMessage = options.onMessage ?? vendorReply;

  class FakeSocket implements WebSocketLike {
    readyState = 0;
    private readonly listeners = new Map<string, Listener[]>();
    private paused = false;
    private held: (() => void)[] = [];
    private readonly conn: FakeConn;

    constructor(_url: string) {
      const n = conns.length + 1;
      const conn: FakeConn = {
        n,
        sent: [],
        pings: 0,
        answerPings: true,
        ended: false,
        endedBy: undefined,
        send: (frame) => this.deliver(() => this.emitMessage(frame)),
        close: (code = 1000, reason = '') => this.end(code, reason, true, 'server'),
        drop: () => this.end(1006, '', false, 'server'),
      };
      this.conn = conn;
      conns.push(conn);
      queueMicrotask(() => {
        if (this.readyState !== 0) return;
        if (options.refuse?.(n) === true) {
          this.emit('error', new Error('connect ECONNREFUSED'));
          this.end(1006, '', false, 'server');
          return;
        }
        this.readyState = 1;
        this.emit('open');
        onOpen(conn);
      });
    }

    on(event: string, fn: Listener): void {
      this.listen(event, fn);
    }

    addEventListener(type: string, fn: Listener): void {
      this.listen(type, fn);
    }

    private listen(event: string, fn: Listener): void {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
    }

    send(data: string): void {
      if (this.readyState !== 1) return;
      this.conn.sent.push(data);
      const msg = JSON.parse(data) as ClientMessage;
      queueMicrotask(() => {
        if (this.readyState === 1) onMessage(this.conn, msg);
      });
    }

    ping(): void {
      this.conn.pings++;
      if (this.conn.answerPings) this.deliver(() => this.emit('pong', Buffer.alloc(0)));
    }

    pause(): void {
      this.paused = true;
    }

    resume(): void {
      this.paused = false;
      const held = this.held;
      this.held = [];
      for (const fn of held) queueMicrotask(fn);
    }

    close(code = 1000, reason = ''): void {
      if (this.readyState >= 2) return;
      this.readyState = 2;
      queueMicrotask(() => this.end(code, reason, true, 'client-close'));
    }

    terminate(): void {
      this.end(1006, '', false, 'client-terminate');
    }

    private deliver(fn: () => void): void {
      queueMicrotask(() => {
        if (this.readyState !== 1) return;
        if (this.paused) this.held.push(fn);
        else fn();
      });
    }

    private emitMessage(frame: string): void {
      if (options.browser === true) this.emit('message', { data: frame });
      else this.emit('message', Buffer.from(frame), false);
    }

    private end(code: number, reason: string, wasClean: boolean, by: FakeConn['endedBy']): void {
      if (this.readyState === 3) return;
      this.readyState = 3;
      (this.conn as { ended: boolean }).ended = true;
      this.conn.endedBy = by;
      if (options.browser === true) this.emit('close', { code, reason, wasClean });
      else this.emit('close', code, Buffer.from(reason));
    }

    private emit(event: string, ...args: unknown[]): void {
      for (const fn of this.listeners.get(event) ?? []) (fn as (...a: unknown[]) => void)(...args);
    }
  }

  if (options.browser === true) {
    // The browser API has none of these.
    for (const m of ['on', 'ping', 'pause', 'resume', 'terminate'] as const)
      Object.defineProperty(FakeSocket.prototype, m, { value: undefined });
  }

  return {
    Impl: FakeSocket as unknown as WebSocketConstructor,
    conns,
    /** The socket opened last. */
    last: () => conns.at(-1)!,
    /** Sockets not yet ended. */
    open: () => conns.filter((c) => !c.ended).length,
    /** Every topic the client sent in subscribe frames on connection `conn`. */
    subscribed: (conn: FakeConn) =>
      conn.sent
        .map((s) => JSON.parse(s) as ClientMessage)
        .filter((m) => m.action === 'subscribe')
        .flatMap((m) => m.params.split(',')),
  };
}

/** Lets pending microtasks (and promise continuations) run. */
export async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
