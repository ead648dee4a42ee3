import type { ClosingStatus, TickmuxError } from '@tickmux/core';

/** Where a client is in its life. */
export type ClientState =
  'idle' | 'connecting' | 'authenticating' | 'connected' | 'reconnecting' | 'closed' | 'failed';

/** What moved the client to a new state. */
export type StateChangeCause =
  /** `connect()` was called: idle/closed/failed → connecting. */
  | 'connect'
  /** A retry after backoff: reconnecting → connecting. */
  | 'retry'
  /** The socket's handshake completed: connecting → authenticating. */
  | 'socket-open'
  /** The server accepted the API key: authenticating → connected. */
  | 'authenticated'
  /** An attempt failed or a connection was lost (→ reconnecting), or the client gave up (→ failed). */
  | 'failure'
  /** An attempt is held back by the open circuit breaker (→ reconnecting). */
  | 'circuit-open'
  /** `disconnect()` was called (→ closed). */
  | 'disconnect';

/** Why the state changed: the third argument of `onStateChange`. */
export interface StateChangeReason {
  readonly cause: StateChangeCause;
  /** The failure behind a `failure` (with its stable `code`). */
  readonly error?: TickmuxError;
  /** Close code of the socket whose end caused the change. */
  readonly closeCode?: number;
  /** `connecting`: the attempt's number in the current outage (from 1); `reconnecting`: failures so far. */
  readonly attempt?: number;
  /** `reconnecting`: how long until the next attempt, ms. */
  readonly delayMs?: number;
}

/** One socket that ended: the argument of `onSocketClose`, called once per socket. */
export interface SocketCloseInfo {
  /** Close code (1006: no close frame, e.g. reset or terminated). */
  readonly code: number;
  readonly reason: string;
  /** The close handshake completed (both close frames exchanged). */
  readonly wasClean: boolean;
  /**
   * The client destroyed the socket without a close handshake (heartbeat or connect timeout, data
   * silence, a peer that did not answer `disconnect()`'s close within 1 s). The server may count
   * such a socket against the account's connection limit until it notices (a zombie).
   */
  readonly abandoned: boolean;
  /** The WebSocket handshake had completed. */
  readonly opened: boolean;
  /** The server had authenticated the socket. */
  readonly authenticated: boolean;
  /** When the client started opening the socket, and when it ended (`clock.now()`, Unix ms). */
  readonly openedAt: number;
  readonly closedAt: number;
  /** The status in which the server said why it closes, when it did. */
  readonly serverStatus?: ClosingStatus;
  /** The failure the close stands for, if any (none after `disconnect()`). */
  readonly error?: TickmuxError;
}

/** A topic as `onTopicState` reports it. */
export type TopicLifecycleState =
  /** Wanted, not (or no longer) confirmed on a live socket: new, or lost with a socket. */
  | 'pending'
  /** The server acknowledged it on the current socket: its events flow. */
  | 'confirmed'
  /** The server refused it (an `error` status); not re-sent until subscribed again. */
  | 'refused'
  /** No longer wanted (unsubscribed, or the client was disconnected). */
  | 'removed';
