import {
  decodeFrame,
  ErrorCode,
  toTick,
  type DecodeIssue,
  type StatusMessage,
  type TickmuxError,
} from '@tickmux/core';
import { jittered } from './backoff.js';
import {
  AuthFailedError,
  AuthTimeoutError,
  ConnectionClosedError,
  MaxConnectionsError,
} from './errors.js';
import type { EventStream } from './event-stream.js';
import type { ResolvedClientOptions } from './options.js';
import type { Counters } from './stats.js';
import type { SubscriptionBook } from './subscription-book.js';

/** What the frame handler asks of the client around it. */
export interface FrameHost {
  authenticated(): void;
  explainClose(err: TickmuxError, closeNow: boolean): void;
  fail(err: TickmuxError): void;
  isAuthenticating(): boolean;
}

const SUBSCRIBED = 'subscribed to: ';
const UNSUBSCRIBED = 'unsubscribed to: ';

/**
 * Turns frames into deliveries: decodes, applies server statuses to the session, and hands each
 * event to the callbacks and streams in arrival order. A throwing callback is caught, counted and
 * logged, and the next event is still delivered; malformed frames are counted, never fatal.
 */
export class FrameHandler {
  private lastLog = { issues: Number.NEGATIVE_INFINITY, callbacks: Number.NEGATIVE_INFINITY };
  private suppressed = { issues: 0, callbacks: 0 };

  constructor(
    private readonly o: ResolvedClientOptions,
    private readonly counters: Counters,
    private readonly book: SubscriptionBook,
    private readonly streams: ReadonlySet<EventStream>,
    private readonly host: FrameHost,
  ) {}

  /** Handles one text frame; returns the number of data events it held. */
  handle(text: string): number {
    const c = this.counters;
    const now = this.o.clock.now();
    c.messages++;
    c.bytes += text.length;
    c.lastMessageAt = now;
    const frame = decodeFrame(text);
    if (frame.issues.length > 0) this.issues(frame.issues);
    const statuses = frame.statuses;
    for (let i = 0; i < statuses.length; i++) this.status(statuses[i]!);
    const events = frame.events;
    const { onTick, onEvent } = this.o;
    const streams = this.streams;
    const wantTick = onTick !== undefined || streams.size > 0;
    const counts = c.events;
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      switch (event.ev) {
        case 'T':
          counts.T++;
          break;
        case 'Q':
          counts.Q++;
          break;
        case 'AM':
          counts.AM++;
          break;
        case 'A':
          counts.A++;
          break;
        default:
          counts.other++;
      }
      const tick = wantTick ? toTick(event, now) : null;
      if (onTick !== undefined && tick !== null) {
        try {
          onTick(tick, event);
        } catch (err) {
          this.callbackFailed('onTick', err);
        }
      }
      if (onEvent !== undefined) {
        try {
          onEvent(event);
        } catch (err) {
          this.callbackFailed('onEvent', err);
        }
      }
      if (streams.size > 0) for (const s of streams) s.push({ event, tick });
    }
    return events.length;
  }

  /** A binary frame: the vendor sends none, so it is counted as malformed. */
  binary(): void {
    this.issues([
      { code: ErrorCode.FRAME_NOT_ARRAY, message: 'binary frame (the feed sends text)' },
    ]);
  }

  /** Calls onStatus, guarding against a throwing callback. */
  emitStatus(status: string, data: Record<string, unknown>): void {
    const { onStatus } = this.o;
    if (onStatus === undefined) return;
    try {
      onStatus(status, data);
    } catch (err) {
      this.callbackFailed('onStatus', err);
    }
  }

  private status(s: StatusMessage): void {
    this.counters.statuses++;
    const message = typeof s.message === 'string' ? s.message : '';
    switch (s.status) {
      case 'auth_success':
        this.host.authenticated();
        break;
      case 'auth_failed':
        this.host.fail(new AuthFailedError(message));
        break;
      case 'auth_timeout':
        this.host.explainClose(new AuthTimeoutError(message), false);
        break;
      case 'max_connections': {
        const { maxConnectionsDelayMs, backoff, random } = this.o;
        const delay = jittered(maxConnectionsDelayMs, backoff.jitter, random);
        this.host.explainClose(new MaxConnectionsError(message, delay), true);
        break;
      }
      case 'slow_consumer':
        this.host.explainClose(new ConnectionClosedError(1008, `slow consumer: ${message}`), false);
        break;
      case 'success':
        if (message.startsWith(SUBSCRIBED))
          this.book.acknowledge('subscribe', message.slice(SUBSCRIBED.length));
        else if (message.startsWith(UNSUBSCRIBED))
          this.book.acknowledge('unsubscribe', message.slice(UNSUBSCRIBED.length));
        // Seed-era servers answer auth with {"status":"success", ...}.
        else if (this.host.isAuthenticating()) this.host.authenticated();
        break;
      case 'error':
        this.o.logger.warn({ message }, 'server reported an error');
        break;
      default:
        break;
    }
    this.emitStatus(s.status, { kind: 'server', ...s });
  }

  private issues(issues: readonly DecodeIssue[]): void {
    this.counters.decodeErrors += issues.length;
    this.rateLimited('issues', () =>
      this.o.logger.warn({ issues: issues.slice(0, 3), count: issues.length }, 'malformed frame'),
    );
  }

  private callbackFailed(name: string, err: unknown): void {
    this.counters.callbackErrors++;
    const e = err instanceof Error ? err : new Error(String(err));
    this.rateLimited('callbacks', () =>
      this.o.logger.error(
        { callback: name, err: e.message, stack: e.stack },
        'callback threw; continuing',
      ),
    );
  }

  /** Logs at most once a second per kind, reporting how many were suppressed meanwhile. */
  private rateLimited(kind: 'issues' | 'callbacks', log: () => void): void {
    const now = this.o.clock.monotonic();
    if (now - this.lastLog[kind] < 1_000) {
      this.suppressed[kind]++;
      return;
    }
    if (this.suppressed[kind] > 0)
      this.o.logger.warn(
        { kind, suppressed: this.suppressed[kind] },
        'similar log lines suppressed',
      );
    this.lastLog[kind] = now;
    this.suppressed[kind] = 0;
    log();
  }
}
