import type { TickmuxConfig } from '@tickmux/config';
import {
  InvalidArgumentError,
  decodeFrame,
  normaliseTickers,
  silentLogger,
  systemClock,
  toTick,
  type Clock,
  type Logger,
  type TimerHandle,
} from '@tickmux/core';
import { MarketModel, sessionStart, universeFor, type SimEvent } from '@tickmux/massive-sim';
import type { GapReport, HealthStatus, RebalanceMove } from '../service-source.js';
import type { DataAdapter, StatusCallback, TickCallback } from './data-adapter.js';

export interface SyntheticDataAdapterOptions {
  /** Seed of the market. @default 1 */
  seed?: number;
  /** Trades + quotes per second over all tickers (midday level). @default 200 */
  rate?: number;
  /** How often the market is advanced to the clock, ms. @default 50 */
  intervalMs?: number;
  /** Market time at start, Unix ms. @default 10:00 US/Eastern of the latest trading day */
  startAt?: number;
  /** @default systemClock */
  clock?: Clock;
  /** @default silent */
  logger?: Logger;
}

export const DEFAULT_SYNTHETIC_OPTIONS = Object.freeze({ seed: 1, rate: 200, intervalMs: 50 });

const ID = 'synthetic';

/**
 * Ticks generated in-process by the simulator's market model (no socket, no server), for
 * development: the same interface as `RealTimeDataAdapter`, the config's channels, one
 * pseudo-connection `synthetic` in the health object. `disconnect()` stops the timer; no tick is
 * delivered after it resolves.
 */
export class SyntheticDataAdapter implements DataAdapter {
  readonly mode = 'synthetic' as const;
  private readonly o: Required<Omit<SyntheticDataAdapterOptions, 'startAt'>> & { startAt?: number };
  private readonly logger: Logger;
  private readonly channels: ReadonlySet<string>;
  private timer: TimerHandle | undefined;
  private model: MarketModel | undefined;
  private tickers: readonly string[] = [];
  private startedAt = 0;
  private marketStart = 0;
  private ticks = 0;
  private lastAt: number | null = null;
  private stopped = false;

  constructor(
    config: TickmuxConfig,
    private readonly tickCallback: TickCallback,
    private readonly statusCallback: StatusCallback,
    options: SyntheticDataAdapterOptions = {},
  ) {
    if (typeof tickCallback !== 'function')
      throw new InvalidArgumentError('tickCallback', tickCallback, 'must be a function');
    if (typeof statusCallback !== 'function')
      throw new InvalidArgumentError('statusCallback', statusCallback, 'must be a function');
    this.o = { ...DEFAULT_SYNTHETIC_OPTIONS, clock: systemClock, logger: silentLogger, ...options };
    for (const f of ['seed', 'rate', 'intervalMs'] as const)
      if (!Number.isFinite(this.o[f]) || this.o[f] < (f === 'seed' ? 0 : 1))
        throw new InvalidArgumentError(f, this.o[f], 'must be a positive number');
    this.logger = this.o.logger;
    this.channels = new Set(config.channels);
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- async so bad input rejects, like RealTimeDataAdapter
  async connect(tickers: readonly string[]): Promise<boolean> {
    if (!Array.isArray(tickers))
      throw new InvalidArgumentError('tickers', tickers, 'must be an array of tickers');
    const list = normaliseTickers(tickers, 'tickers');
    if (this.stopped || this.timer !== undefined) return !this.stopped;
    if (list.length === 0) return false;
    const clock = this.o.clock;
    this.tickers = list;
    this.startedAt = clock.now();
    this.marketStart = this.o.startAt ?? sessionStart(this.startedAt);
    this.model = new MarketModel({
      seed: this.o.seed,
      universe: universeFor(list),
      rate: this.o.rate,
      tradeRatio: 0.4,
      startMs: this.marketStart,
      haltsPerDay: 0,
    });
    this.timer = clock.setInterval(() => this.step(), this.o.intervalMs);
    this.logger.info({ tickers: list.length }, 'synthetic: generating');
    this.status('connected', { previous: 'idle' });
    return true;
  }

  disconnect(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.stopped = true;
    if (this.timer !== undefined) this.o.clock.clearInterval(this.timer);
    this.timer = undefined;
    this.model = undefined;
    this.status('closed', { previous: 'connected' });
    return Promise.resolve();
  }

  getHealthStatus(): HealthStatus {
    const running = this.timer !== undefined;
    return {
      total_connections: 1,
      connected: running ? 1 : 0,
      total_tickers: this.tickers.length,
      total_ticks: this.ticks,
      total_errors: 0,
      duplicates_dropped: 0,
      corrections: 0,
      gaps: 0,
      account_contention: 0,
      connections: {
        [ID]: {
          name: 'synthetic',
          status: running ? 'connected' : this.stopped ? 'closed' : 'idle',
          tickers: this.tickers.length,
          messages: this.ticks,
          errors: 0,
          last_message_at: this.lastAt,
          reconnects: 0,
        },
      },
    };
  }

  getConnectionTickers(id: string): readonly string[] | undefined {
    return id === ID ? this.tickers : undefined;
  }

  rebalance(): Promise<readonly RebalanceMove[]> {
    return Promise.resolve([]);
  }

  gaps(): readonly GapReport[] {
    return [];
  }

  /** Advances the market to the clock and delivers what it made, in order. */
  private step(): void {
    const model = this.model;
    if (model === undefined) return;
    const now = this.o.clock.now();
    try {
      model.advance(this.marketStart + (now - this.startedAt), (e) => this.deliver(e, now));
    } catch (err) {
      this.logger.error({ err }, 'synthetic: generation failed; continuing');
    }
  }

  private deliver(event: SimEvent, now: number): void {
    if (this.model === undefined || !this.channels.has(event.ch)) return;
    const decoded = decodeFrame(`[${event.json}]`).events[0];
    if (decoded === undefined) return;
    const tick = toTick(decoded, now);
    if (tick === null) return;
    this.ticks++;
    this.lastAt = now;
    try {
      this.tickCallback(tick);
    } catch (err) {
      this.logger.error({ err, ticker: tick.ticker }, 'synthetic: tick callback threw');
    }
  }

  private status(status: string, data: Record<string, unknown>): void {
    try {
      this.statusCallback(status, { connection_id: ID, ...data });
    } catch (err) {
      this.logger.error({ err, status }, 'synthetic: status callback threw');
    }
  }
}
