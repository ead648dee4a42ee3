import type { ClosingStatus, TickmuxError } from '@tickmux/core';
import type { SocketCloseInfo } from './lifecycle.js';
import type { Socket } from './socket.js';

/** One socket's life as the client tracks it, from creation to its close event. */
export class SocketRecord {
  sock!: Socket;
  /** The WebSocket handshake completed. */
  opened = false;
  /** Monotonic ms of authentication; null until then. */
  authenticatedAt: number | null = null;
  /** The client destroyed it without a close handshake. */
  abandoned = false;
  /** The status in which the server said why it closes. */
  serverStatus: ClosingStatus | undefined;
  /** The failure its close stands for, once known. */
  error: TickmuxError | undefined;
  /** Resolves on the close event. */
  readonly closed: Promise<void>;
  private markClosed!: () => void;

  constructor(readonly openedAt: number) {
    this.closed = new Promise((r) => (this.markClosed = r));
  }

  /** Destroys the socket at once (no close handshake): it may linger on the server as a zombie. */
  abandon(): void {
    this.abandoned = true;
    this.sock.terminate();
  }

  /** Records the close; returns what `onSocketClose` reports. */
  ended(code: number, reason: string, wasClean: boolean, closedAt: number): SocketCloseInfo {
    this.markClosed();
    const info: SocketCloseInfo = {
      code,
      reason,
      wasClean,
      abandoned: this.abandoned,
      opened: this.opened,
      authenticated: this.authenticatedAt !== null,
      openedAt: this.openedAt,
      closedAt,
      ...(this.serverStatus === undefined ? {} : { serverStatus: this.serverStatus }),
      ...(this.error === undefined ? {} : { error: this.error }),
    };
    return info;
  }
}

/**
 * Awaits the `socketGate` option, its abort controller handed to `hold` (so that `disconnect()`
 * can abort it). Never rejects: a rejection comes back as `{ rejected }`.
 */
export async function passGate(
  gate: (signal: AbortSignal) => Promise<void>,
  hold: (abort: AbortController | undefined) => void,
): Promise<{ rejected: unknown } | undefined> {
  const abort = new AbortController();
  hold(abort);
  try {
    await gate(abort.signal);
    return undefined;
  } catch (rejected) {
    return { rejected };
  } finally {
    hold(undefined);
  }
}
