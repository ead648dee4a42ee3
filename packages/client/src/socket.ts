/**
 * The WebSocket a client drives: the `ws` package's class (the default) or anything with the
 * browser WebSocket API (`mock-socket`, a browser's). With `ws`, the client also pings, answers
 * pause/resume for backpressure, and terminates dead sockets; a browser-style socket cannot ping,
 * so its heartbeat is off (see Liveness).
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  // `ws` extras, used when present.
  on?: (event: string, listener: (...args: never[]) => void) => unknown;
  ping?: () => void;
  terminate?: () => void;
  pause?: () => void;
  resume?: () => void;
  // Browser API.
  addEventListener?: (type: string, listener: (ev: never) => void) => void;
}

/** A WebSocket constructor: `new WebSocketImpl(url)`. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** What the client hears from a socket, whatever its API. */
export interface SocketHandlers {
  open(): void;
  /** A text frame. */
  text(data: string): void;
  /** A binary frame (the vendor sends none: counted as malformed). */
  binary(size: number): void;
  /** The socket ended; `wasClean`: the close handshake completed. */
  close(code: number, reason: string, wasClean: boolean): void;
  error(err: Error): void;
  pong(): void;
}

/** A socket behind one interface, whatever its implementation. */
export interface Socket {
  readonly raw: WebSocketLike;
  send(data: string): void;
  /** Sends a ping when the implementation can; false if it cannot. */
  ping(): boolean;
  close(code?: number, reason?: string): void;
  /** Destroys the connection at once (no close handshake). */
  terminate(): void;
  pause(): void;
  resume(): void;
}

const OPEN = 1;

export function openSocket(Impl: WebSocketConstructor, url: string, h: SocketHandlers): Socket {
  const raw = new Impl(url);
  if (typeof raw.on === 'function') {
    const on: (event: string, listener: (...args: never[]) => void) => unknown = raw.on.bind(raw);
    on('open', () => h.open());
    on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) h.binary(data.length);
      else h.text(data.toString());
    });
    // `ws` reports 1006 when no close frame arrived: the handshake did not complete.
    on('close', (code: number, reason: Buffer) => h.close(code, reason.toString(), code !== 1006));
    on('error', (err: Error) => h.error(err));
    on('pong', () => h.pong());
  } else {
    const add: (type: string, listener: (ev: never) => void) => void =
      raw.addEventListener!.bind(raw);
    add('open', () => h.open());
    add('message', (ev: { data: unknown }) => {
      if (typeof ev.data === 'string') h.text(ev.data);
      else
        h.binary(
          (ev.data as { byteLength?: number; size?: number }).byteLength ??
            (ev.data as { size?: number }).size ??
            0,
        );
    });
    add('close', (ev: { code: number; reason: string; wasClean?: boolean }) =>
      h.close(ev.code, ev.reason, ev.wasClean ?? ev.code !== 1006),
    );
    add('error', () => h.error(new Error('WebSocket error')));
  }
  return {
    raw,
    send: (data) => {
      if (raw.readyState === OPEN) raw.send(data);
    },
    ping() {
      if (typeof raw.ping !== 'function' || raw.readyState !== OPEN) return false;
      raw.ping();
      return true;
    },
    close(code, reason) {
      try {
        raw.close(code, reason);
      } catch {
        raw.terminate?.();
      }
    },
    terminate() {
      if (typeof raw.terminate === 'function') raw.terminate();
      else raw.close();
    },
    pause: () => raw.pause?.(),
    resume: () => raw.resume?.(),
  };
}
