import { InvalidArgumentError, type TickData } from '@tickmux/core';
import type { WebSocket } from 'ws';
import { BoundedQueue } from './bounded-queue.js';
import type { FilterMessage } from './ws-client-message.js';
import { encodeTick } from './tick-format.js';

/** One browser connection of the fan-out: its filter and its bounded queue of ticks to send. */
export class FanoutClient {
  /** Tickers this client wants, or '*' for all. */
  filter: Set<string> | '*' = new Set();
  readonly queue: BoundedQueue<TickData>;
  /** Ticks dropped for this client and not yet reported to it. */
  unreported = 0;

  constructor(
    readonly id: number,
    readonly ws: WebSocket,
    bufferSize: number,
  ) {
    this.queue = new BoundedQueue(bufferSize, 'drop-oldest');
  }

  /**
   * The filter after `msg`, without applying it. Unsubscribing single tickers from '*' is refused
   * (send a `filter` with the tickers wanted instead).
   */
  nextFilter(msg: FilterMessage, maxTickers: number): Set<string> | '*' {
    if (msg.tickers === '*') return msg.action === 'unsubscribe' ? new Set() : '*';
    if (msg.action === 'filter') return new Set(msg.tickers);
    if (this.filter === '*') {
      if (msg.action === 'subscribe') return '*';
      throw new InvalidArgumentError(
        'tickers',
        msg.tickers,
        'cannot unsubscribe single tickers from "*"; send a filter with the tickers wanted',
      );
    }
    const next = new Set(this.filter);
    for (const t of msg.tickers) {
      if (msg.action === 'subscribe') next.add(t);
      else next.delete(t);
    }
    if (next.size > maxTickers)
      throw new InvalidArgumentError(
        'tickers',
        msg.tickers,
        `at most ${maxTickers} tickers in all`,
      );
    return next;
  }

  /** The filter as the client is told it: '*' or the sorted tickers. */
  describeFilter(): string {
    return JSON.stringify({
      type: 'filter',
      tickers: this.filter === '*' ? '*' : [...this.filter].sort(),
    });
  }

  /** Sends the queued ticks as one frame (after a drop notice, if any); returns how many. */
  sendQueued(scratch: TickData[]): number {
    if (this.unreported > 0) {
      this.ws.send(`{"type":"dropped","count":${this.unreported}}`);
      this.unreported = 0;
    }
    const n = this.queue.shiftInto(scratch, this.queue.size);
    if (n === 0) return 0;
    let frame = '{"type":"ticks","ticks":[';
    for (let i = 0; i < n; i++) frame += (i === 0 ? '' : ',') + encodeTick(scratch[i]!);
    this.ws.send(`${frame}]}`);
    scratch.length = 0;
    return n;
  }
}
