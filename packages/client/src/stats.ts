import type { CircuitBreaker, CircuitSnapshot } from './circuit-breaker.js';
import type { EventStream } from './event-stream.js';
import type { ConfirmLatency, SubscriptionBook } from './subscription-book.js';

/** Counters of one client, as `client.stats` returns them (a snapshot). */
export interface ClientStats {
  state: string;
  /** Frames received. */
  messages: number;
  /** Bytes (characters) of text frames received. */
  bytes: number;
  /** Data events by channel (`other` = channels without a type). */
  events: { T: number; Q: number; A: number; AM: number; other: number };
  /** Server status messages received. */
  statuses: number;
  /** Decode issues: malformed frames, bad events, binary frames. */
  decodeErrors: number;
  /** Callbacks that threw (caught; the stream went on). */
  callbackErrors: number;
  /** Times an established connection was lost and then re-established (authenticated again). */
  reconnects: number;
  /** Pings sent. */
  pings: number;
  /** Connection attempts made. */
  attempts: number;
  /** Sockets opened over the client's life, and open right now (never more than 1). */
  socketsOpened: number;
  liveSockets: number;
  /** `clock.now()` of the last frame on the current (or last) socket, null before its first. */
  lastMessageAt: number | null;
  /** Unix ms the current connection authenticated, null when not connected. */
  connectedAt: number | null;
  /** Topics wanted, and how many the server has confirmed on this connection. */
  topics: number;
  confirmedTopics: number;
  /** Subscription confirmation latency. */
  confirmLatency: ConfirmLatency;
  circuit: CircuitSnapshot;
  /** Events dropped by `events()` streams under the drop-oldest policy. */
  streamDropped: number;
}

/** The mutable counters behind {@link ClientStats}. */
export class Counters {
  messages = 0;
  bytes = 0;
  readonly events = { T: 0, Q: 0, A: 0, AM: 0, other: 0 };
  statuses = 0;
  decodeErrors = 0;
  callbackErrors = 0;
  reconnects = 0;
  pings = 0;
  attempts = 0;
  socketsOpened = 0;
  liveSockets = 0;
  lastMessageAt: number | null = null;
}

/** The stats snapshot `client.stats` returns. */
export function snapshotStats(
  c: Counters,
  state: string,
  connectedAt: number | null,
  book: SubscriptionBook,
  breaker: CircuitBreaker,
  streams: ReadonlySet<EventStream>,
): ClientStats {
  return {
    state,
    messages: c.messages,
    bytes: c.bytes,
    events: { ...c.events },
    statuses: c.statuses,
    decodeErrors: c.decodeErrors,
    callbackErrors: c.callbackErrors,
    reconnects: c.reconnects,
    pings: c.pings,
    attempts: c.attempts,
    socketsOpened: c.socketsOpened,
    liveSockets: c.liveSockets,
    lastMessageAt: c.lastMessageAt,
    connectedAt,
    topics: book.size,
    confirmedTopics: book.confirmedCount,
    confirmLatency: book.confirmLatency(),
    circuit: breaker.snapshot(),
    streamDropped: droppedBy(streams),
  };
}

function droppedBy(streams: ReadonlySet<EventStream>): number {
  let n = 0;
  for (const s of streams) n += s.dropped;
  return n;
}
