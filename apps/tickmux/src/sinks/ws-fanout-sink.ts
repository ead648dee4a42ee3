import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  InvalidArgumentError,
  TickmuxError,
  silentLogger,
  systemClock,
  type Clock,
  type Logger,
  type TickData,
  type TimerHandle,
} from '@tickmux/core';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { GapReport } from '../service-source.js';
import { assertGap, assertTick, newCounters, type SinkCounters, type TickSink } from './sink.js';
import { encodeGap } from './tick-format.js';
import { FanoutClient } from './ws-fanout-client.js';
import { parseFilterMessage } from './ws-client-message.js';

/** What a client whose queue is full gets: its oldest ticks dropped (and told), or closed. */
export type SlowClientPolicy = 'drop-oldest' | 'disconnect';

export interface WebSocketFanoutOptions {
  /** The HTTP server whose upgrade requests on `path` this sink takes (the service's own). */
  server: Server;
  /** @default '/ws/ticks' */
  path?: string;
  /** Clients at once; one more is closed with 1013. @default 100 */
  maxClients?: number;
  /** Ticks queued per client. @default 5000 */
  clientBuffer?: number;
  /** Unsent bytes a socket may hold before its client counts as slow (not sent to). @default 1048576 */
  maxSocketBufferBytes?: number;
  /**
   * `drop-oldest`: a slow client's full queue drops its oldest ticks, and the next frame it gets
   * is `{"type":"dropped","count":n}`. `disconnect`: it is closed with 1008 "slow consumer".
   * @default 'drop-oldest'
   */
  slowClient?: SlowClientPolicy;
  /** Each client gets at most one frame of ticks per interval, ms. @default 50 */
  flushIntervalMs?: number;
  /** Tickers one client may filter on. @default 10000 */
  maxTickersPerClient?: number;
  /** @default 'websocket' */
  name?: string;
  /** @default systemClock */
  clock?: Clock;
  /** @default silent */
  logger?: Logger;
}

export const DEFAULT_WEBSOCKET_FANOUT_OPTIONS = Object.freeze({
  path: '/ws/ticks',
  maxClients: 100,
  clientBuffer: 5_000,
  maxSocketBufferBytes: 1 << 20,
  slowClient: 'drop-oldest',
  flushIntervalMs: 50,
  maxTickersPerClient: 10_000,
  name: 'websocket',
});

type Resolved = Required<Omit<WebSocketFanoutOptions, 'server'>>;

/**
 * Ticks to browser clients over WebSocket, each client with its own ticker filter (none until it
 * asks; see the README for the messages). `published` counts ticks sent (a tick sent to two
 * clients counts twice); `dropped` ticks a slow client lost; `buffered` ticks queued for clients;
 * `errors` bad client messages and socket errors.
 */
export class WebSocketFanoutSink implements TickSink {
  readonly name: string;
  readonly counters: SinkCounters = newCounters();
  private readonly o: Resolved;
  private readonly wss = new WebSocketServer({ noServer: true, clientTracking: false });
  private readonly clients = new Set<FanoutClient>();
  private readonly byTicker = new Map<string, Set<FanoutClient>>();
  private readonly wildcard = new Set<FanoutClient>();
  private readonly scratch: TickData[] = [];
  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    this.upgrade(req, socket, head);
  private timer: TimerHandle | undefined;
  private nextId = 1;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly server: Server,
    options: Omit<WebSocketFanoutOptions, 'server'> = {},
  ) {
    const o: Resolved = {
      ...DEFAULT_WEBSOCKET_FANOUT_OPTIONS,
      clock: systemClock,
      logger: silentLogger,
      ...options,
    };
    if (typeof o.path !== 'string' || !o.path.startsWith('/'))
      throw new InvalidArgumentError('path', o.path, 'must start with /');
    for (const f of [
      'maxClients',
      'clientBuffer',
      'maxSocketBufferBytes',
      'maxTickersPerClient',
    ] as const) {
      if (!Number.isInteger(o[f]) || o[f] < 1)
        throw new InvalidArgumentError(f, o[f], 'must be an integer >= 1');
    }
    if (!(o.flushIntervalMs >= 0) || !Number.isFinite(o.flushIntervalMs))
      throw new InvalidArgumentError(
        'flushIntervalMs',
        o.flushIntervalMs,
        'must be a finite number >= 0',
      );
    if (o.slowClient !== 'drop-oldest' && o.slowClient !== 'disconnect')
      throw new InvalidArgumentError(
        'slowClient',
        o.slowClient,
        'must be drop-oldest or disconnect',
      );
    this.o = o;
    this.name = o.name;
    server.on('upgrade', this.onUpgrade);
  }

  /** Clients connected now. */
  get clientCount(): number {
    return this.clients.size;
  }

  write(tick: TickData): void {
    assertTick(tick);
    const subs = this.byTicker.get(tick.ticker);
    if (subs !== undefined) for (const c of subs) this.enqueue(c, tick);
    for (const c of this.wildcard) this.enqueue(c, tick);
  }

  /** Sent at once to every client whose filter has the ticker, after its queued ticks. */
  writeGap(gap: GapReport): void {
    assertGap(gap);
    const frame = encodeGap(gap);
    for (const c of this.clients) {
      if (c.filter !== '*' && !c.filter.has(gap.ticker)) continue;
      if (c.ws.readyState !== c.ws.OPEN) continue;
      this.send(c);
      c.ws.send(frame);
      this.counters.published++;
    }
  }

  /** Sends every queue that can be sent; true when no tick is left queued. */
  flush(): Promise<boolean> {
    if (this.timer !== undefined) this.o.clock.clearTimeout(this.timer);
    this.timer = undefined;
    for (const c of this.clients) this.send(c);
    if (this.counters.buffered > 0) this.arm();
    return Promise.resolve(this.counters.buffered === 0);
  }

  /** Flushes, closes every client (1001), stops taking upgrades. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.flush();
      if (this.timer !== undefined) this.o.clock.clearTimeout(this.timer);
      this.timer = undefined;
      this.server.off('upgrade', this.onUpgrade);
      for (const c of [...this.clients]) {
        c.ws.close(1001, 'server closing');
        this.remove(c);
      }
      await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    })();
    return this.closing;
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== this.o.path) {
      // Another upgrade handler may take it; when there is none, nobody will.
      if (this.server.listenerCount('upgrade') === 1) socket.destroy();
      return;
    }
    if (this.closing !== undefined) {
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  private accept(ws: WebSocket): void {
    if (this.clients.size >= this.o.maxClients) {
      ws.close(1013, 'too many clients');
      return;
    }
    const client = new FanoutClient(this.nextId++, ws, this.o.clientBuffer);
    this.clients.add(client);
    ws.on('message', (data, isBinary) => this.onMessage(client, isBinary ? '' : text(data)));
    ws.on('error', () => this.counters.errors++);
    ws.on('close', () => this.remove(client));
    ws.send(client.describeFilter());
  }

  private onMessage(client: FanoutClient, text: string): void {
    try {
      const msg = parseFilterMessage(text, this.o.maxTickersPerClient);
      this.setFilter(client, client.nextFilter(msg, this.o.maxTickersPerClient));
      client.ws.send(client.describeFilter());
    } catch (err) {
      this.counters.errors++;
      const e = err as InvalidArgumentError;
      client.ws.send(
        JSON.stringify({
          type: 'error',
          code: err instanceof TickmuxError ? err.code : 'TICKMUX_INVALID_ARGUMENT',
          field: e.field,
          message: e.message,
        }),
      );
    }
  }

  private setFilter(client: FanoutClient, next: Set<string> | '*'): void {
    this.unindex(client);
    client.filter = next;
    if (next === '*') this.wildcard.add(client);
    else
      for (const t of next) {
        let set = this.byTicker.get(t);
        if (set === undefined) this.byTicker.set(t, (set = new Set()));
        set.add(client);
      }
  }

  private unindex(client: FanoutClient): void {
    this.wildcard.delete(client);
    if (client.filter === '*') return;
    for (const t of client.filter) {
      const set = this.byTicker.get(t);
      set?.delete(client);
      if (set?.size === 0) this.byTicker.delete(t);
    }
  }

  private remove(client: FanoutClient): void {
    if (!this.clients.delete(client)) return;
    this.unindex(client);
    const left = client.queue.clear();
    this.counters.buffered -= left;
    this.counters.dropped += left;
  }

  private enqueue(client: FanoutClient, tick: TickData): void {
    const c = this.counters;
    if (client.queue.push(tick) === 0) c.buffered++;
    else if (this.o.slowClient === 'disconnect') {
      c.dropped++;
      this.o.logger.warn({ sink: this.name, client: client.id }, 'slow websocket client closed');
      client.ws.close(1008, 'slow consumer');
      this.remove(client);
      return;
    } else {
      c.dropped++;
      client.unreported++;
    }
    this.arm();
  }

  private arm(): void {
    if (this.timer !== undefined || this.closing !== undefined) return;
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.o.flushIntervalMs);
  }

  /** Sends a client's queue unless its socket is backed up (then it waits, and may overflow). */
  private send(client: FanoutClient): void {
    const { ws } = client;
    if (ws.readyState !== ws.OPEN || ws.bufferedAmount > this.o.maxSocketBufferBytes) return;
    const n = client.sendQueued(this.scratch);
    this.counters.buffered -= n;
    this.counters.published += n;
  }
}

function text(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Array.isArray(data)
    ? Buffer.concat(data).toString('utf8')
    : Buffer.from(data).toString('utf8');
}
