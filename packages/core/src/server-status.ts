import type { StatusMessage } from './events.js';

/** The status names the vendor documents (massive-protocol.md). */
export const SERVER_STATUS_KINDS = Object.freeze([
  'connected',
  'auth_success',
  'auth_failed',
  'auth_timeout',
  'success',
  'error',
  'max_connections',
  'force_disconnect',
  'slow_consumer',
] as const);

/** A documented status name, or `other` for any status the vendor has not documented. */
export type ServerStatusKind = (typeof SERVER_STATUS_KINDS)[number] | 'other';

/** One server status of kind `K`: the vendor's whole status object in `raw`. */
export interface ServerStatusOf<K extends ServerStatusKind> {
  /** The status name when documented, else `other` (`raw.status` has the name as sent). */
  readonly kind: K;
  /** The status text (`''` when the server sent none). */
  readonly message: string;
  /** The status object as the server sent it, every field included. */
  readonly raw: StatusMessage;
}

/** A server status, discriminated by `kind`. */
export type ServerStatus = { [K in ServerStatusKind]: ServerStatusOf<K> }[ServerStatusKind];

/** Statuses that announce the end of a socket: the server says why it closes. */
export const CLOSING_STATUSES = Object.freeze([
  'auth_failed',
  'auth_timeout',
  'max_connections',
  'force_disconnect',
  'slow_consumer',
] as const);

export type ClosingStatus = (typeof CLOSING_STATUSES)[number];

/** Types a decoded status message. */
export function toServerStatus(raw: StatusMessage): ServerStatus {
  const name = raw.status;
  const kind = (SERVER_STATUS_KINDS as readonly string[]).includes(name)
    ? (name as ServerStatusKind)
    : 'other';
  const status: ServerStatusOf<ServerStatusKind> = {
    kind,
    message: typeof raw.message === 'string' ? raw.message : '',
    raw,
  };
  return status;
}
