import { decodeFrame, ErrorCode, toTick, type StatusMessage } from '@tickmux/core';
import type { EventStream } from './event-stream.js';
import type { ResolvedClientOptions } from './options.js';
import type { Reporter } from './reporter.js';
import type { Counters } from './stats.js';

/**
 * Turns frames into deliveries: decodes, and hands each event to the callbacks and streams and
 * each status to the session, in the order the server sent them. A throwing callback is caught,
 * counted and logged, and the next event is still delivered; malformed frames are counted, never
 * fatal. When a callback ends the session (`disconnect()`), the rest of the frame is dropped.
 */
export class FrameHandler {
  /** Bumped by the client whenever the current socket changes: a frame in progress then stops. */
  epoch = 0;

  constructor(
    private readonly o: ResolvedClientOptions,
    private readonly counters: Counters,
    private readonly streams: ReadonlySet<EventStream>,
    private readonly reporter: Reporter,
    private readonly onStatus: (s: StatusMessage) => void,
  ) {}

  /** Handles one text frame; returns the number of data events it delivered. */
  handle(text: string): number {
    const epoch = this.epoch;
    const c = this.counters;
    const now = this.o.clock.now();
    c.messages++;
    c.bytes += text.length;
    c.lastMessageAt = now;
    const { events, statuses, statusAt, issues } = decodeFrame(text);
    if (issues.length > 0) this.reporter.issues(issues);
    const nStatuses = statuses.length;
    const { onTick, onEvent } = this.o;
    const streams = this.streams;
    const counts = c.events;
    let si = 0;
    for (let i = 0; ; i++) {
      while (si < nStatuses && statusAt[si] === i) {
        this.onStatus(statuses[si++]!);
        if (this.epoch !== epoch) return i;
      }
      if (i === events.length) return i;
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
      const tick = onTick !== undefined || streams.size > 0 ? toTick(event, now) : null;
      if (onTick !== undefined && tick !== null) {
        try {
          onTick(tick, event);
        } catch (err) {
          this.reporter.callbackFailed('onTick', err);
        }
      }
      if (onEvent !== undefined) {
        try {
          onEvent(event);
        } catch (err) {
          this.reporter.callbackFailed('onEvent', err);
        }
      }
      if (streams.size > 0) for (const s of streams) s.push({ event, tick });
      if (this.epoch !== epoch) return i + 1;
    }
  }

  /** A binary frame: the vendor sends none, so it is counted as malformed. */
  binary(): void {
    this.reporter.issues([
      { code: ErrorCode.FRAME_NOT_ARRAY, message: 'binary frame (the feed sends text)' },
    ]);
  }
}
