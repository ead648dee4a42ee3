import type { ClosingStatus, StatusMessage, TickmuxError } from '@tickmux/core';
import {
  AuthFailedError,
  AuthTimeoutError,
  ForceDisconnectError,
  MaxConnectionsError,
  SlowConsumerError,
} from './errors.js';

/** What a server status means for the session. */
export type StatusEffect =
  | { kind: 'authenticated' }
  /** The server says why it ends the socket; `fatal`: never retried (a bad key or plan). */
  | { kind: 'closing'; status: ClosingStatus; error: TickmuxError; fatal: boolean }
  | { kind: 'ack'; action: 'subscribe' | 'unsubscribe'; topic: string }
  | { kind: 'refused'; message: string }
  | { kind: 'none' };

const SUBSCRIBED = 'subscribed to: ';
const UNSUBSCRIBED = 'unsubscribed to: ';

/**
 * The policy for server statuses, pure: `authenticating` says whether the session waits for its
 * auth reply (the seed-era reply is a bare `success`); `maxConnectionsWaitMs` draws the wait after
 * `max_connections`.
 */
export function statusEffect(
  s: StatusMessage,
  authenticating: boolean,
  maxConnectionsWaitMs: () => number,
): StatusEffect {
  const message = typeof s.message === 'string' ? s.message : '';
  switch (s.status) {
    case 'auth_success':
      return { kind: 'authenticated' };
    case 'auth_failed':
      return closing('auth_failed', new AuthFailedError(message), true);
    case 'auth_timeout':
      return closing('auth_timeout', new AuthTimeoutError(message), false);
    case 'max_connections':
      return closing(
        'max_connections',
        new MaxConnectionsError(message, maxConnectionsWaitMs()),
        false,
      );
    case 'force_disconnect':
      return closing('force_disconnect', new ForceDisconnectError(message), false);
    case 'slow_consumer':
      return closing('slow_consumer', new SlowConsumerError(message), false);
    case 'success':
      if (message.startsWith(SUBSCRIBED))
        return { kind: 'ack', action: 'subscribe', topic: message.slice(SUBSCRIBED.length).trim() };
      if (message.startsWith(UNSUBSCRIBED))
        return {
          kind: 'ack',
          action: 'unsubscribe',
          topic: message.slice(UNSUBSCRIBED.length).trim(),
        };
      // Seed-era servers answer auth with {"status":"success", ...}.
      return authenticating ? { kind: 'authenticated' } : { kind: 'none' };
    case 'error':
      return { kind: 'refused', message };
    default:
      return { kind: 'none' };
  }
}

function closing(status: ClosingStatus, error: TickmuxError, fatal: boolean): StatusEffect {
  return { kind: 'closing', status, error, fatal };
}
