import { MassiveClient, type ClientState, type MassiveClientOptions } from '@tickmux/client';
import type { TickmuxConfig } from '@tickmux/config';
import { systemClock, type Clock, type Logger, type TickData } from '@tickmux/core';
import type { GapReport, HealthStatus, RebalanceMove } from '../service-source.js';
import type { AdapterCore } from './adapter-core.js';
import type { StatusCallback } from './data-adapter.js';
import { GapTracker } from './gap-tracker.js';

/** The part of `MassiveClient` the adapter uses (a test may pass a double). */
export type ClientLike = Pick<
  MassiveClient,
  'connect' | 'subscribe' | 'disconnect' | 'state' | 'stats' | 'tickers' | 'lastError'
>;

export interface SingleClientCoreOptions {
  onTick: (tick: TickData) => void;
  onStatus: StatusCallback;
  onGap: (gap: GapReport) => void;
  logger: Logger;
  clock?: Clock;
  gapCapacity: number;
  /** @default `new MassiveClient(options)` */
  createClient?: (options: MassiveClientOptions) => ClientLike;
}

/**
 * Single-connection mode (`USE_MULTI_CONNECTION=false`): exactly one `MassiveClient` with the
 * config's URL, key, channels, retries and reconnect delay, every ticker on it; the health object
 * shows it as connection 1. Gaps: every ticker from the loss of the connection to the
 * confirmation of its topics on the next one.
 */
export class SingleClientCore implements AdapterCore {
  readonly client: ClientLike;
  private readonly id: string;
  private readonly name: string;
  private readonly clock: Clock;
  private readonly tracker: GapTracker;
  private ticks = 0;
  private failures = 0;

  constructor(
    private readonly config: TickmuxConfig,
    private readonly o: SingleClientCoreOptions,
  ) {
    const slot = config.connections[0];
    this.id = slot?.id ?? 'connection_1';
    this.name = slot?.name ?? 'primary';
    this.clock = o.clock ?? systemClock;
    this.tracker = new GapTracker(o.gapCapacity, o.onGap);
    const options: MassiveClientOptions = {
      url: config.url,
      apiKey: config.apiKey,
      channels: config.channels,
      backoff: { baseDelayMs: config.reconnectDelayMs },
      maxRetries: config.maxRetries,
      logger: o.logger,
      clock: this.clock,
      onTick: (tick) => {
        this.ticks++;
        o.onTick(tick);
      },
      onStatus: (status) =>
        o.onStatus(status.kind, { connection_id: this.id, message: status.message }),
      onStateChange: (state, previous, reason) => this.stateChanged(state, previous, reason),
      onTopicState: (topic, state, at) => {
        if (state !== 'confirmed') return;
        const dot = topic.indexOf('.');
        this.tracker.confirmed(topic.slice(0, dot), topic.slice(dot + 1), at);
      },
    };
    this.client = (o.createClient ?? ((opts) => new MassiveClient(opts)))(options);
  }

  async connect(tickers: readonly string[]): Promise<boolean> {
    if (!(await this.client.connect())) return false;
    return this.client.subscribe([...tickers]);
  }

  async disconnect(): Promise<void> {
    await this.client.disconnect();
    this.tracker.closeAll(this.clock.now());
  }

  getHealthStatus(): HealthStatus {
    const stats = this.client.stats;
    const e = stats.events;
    const tickers = this.client.tickers.length;
    const status = this.client.state;
    const errors = this.failures + stats.decodeErrors;
    return {
      total_connections: 1,
      connected: status === 'connected' ? 1 : 0,
      total_tickers: tickers,
      total_ticks: this.ticks,
      total_errors: errors,
      duplicates_dropped: 0,
      corrections: 0,
      gaps: this.tracker.count,
      account_contention: 0,
      connections: {
        [this.id]: {
          name: this.name,
          status,
          tickers,
          messages: e.T + e.Q + e.A + e.AM + e.other,
          errors,
          last_message_at: stats.lastMessageAt,
          reconnects: stats.reconnects,
        },
      },
    };
  }

  getConnectionTickers(id: string): readonly string[] | undefined {
    return id === this.id ? this.client.tickers : undefined;
  }

  /** One connection: nothing to move. */
  rebalance(): Promise<readonly RebalanceMove[]> {
    return Promise.resolve([]);
  }

  gaps(): readonly GapReport[] {
    return this.tracker.list();
  }

  private stateChanged(
    state: ClientState,
    previous: ClientState,
    reason: Parameters<NonNullable<MassiveClientOptions['onStateChange']>>[2],
  ): void {
    if (reason.cause === 'failure') this.failures++;
    if (previous === 'connected' && (state === 'reconnecting' || state === 'failed')) {
      const at = this.client.stats.lastMessageAt ?? this.clock.now();
      const why = reason.error?.code.replace(/^TICKMUX_/, '').toLowerCase() ?? 'connection_lost';
      this.tracker.lost(this.client.tickers, this.config.channels, at, why);
    }
    this.o.onStatus(state, {
      connection_id: this.id,
      previous,
      cause: reason.cause,
      ...(reason.error === undefined
        ? {}
        : { error: reason.error.code, message: reason.error.message }),
    });
  }
}
