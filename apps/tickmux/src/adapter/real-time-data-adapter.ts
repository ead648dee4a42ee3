import type { MassiveClientOptions } from '@tickmux/client';
import type { TickmuxConfig } from '@tickmux/config';
import {
  ErrorCode,
  InvalidArgumentError,
  TickmuxError,
  normaliseTickers,
  silentLogger,
  type Clock,
  type Logger,
  type TickData,
} from '@tickmux/core';
import type { SimControl } from '@tickmux/massive-sim';
import type { SlotGateFn } from '@tickmux/pool';
import type { FaultKind, GapReport, HealthStatus, RebalanceMove } from '../service-source.js';
import type { AdapterCore } from './adapter-core.js';
import type { ManagerFactory } from './connection-manager.js';
import { defaultManagerFactory } from './default-manager.js';
import type { DataAdapter, StatusCallback, TickCallback } from './data-adapter.js';
import { ManagerCore } from './manager-core.js';
import { SimFaults } from './sim-faults.js';
import { SingleClientCore, type ClientLike } from './single-client-core.js';

export interface RealTimeDataAdapterOptions {
  /** @default silent */
  logger?: Logger;
  /** Time and timers of the single client. @default systemClock */
  clock?: Clock;
  /** Gap reports kept for `gaps()`. @default 1000 */
  gapCapacity?: number;
  /** Multi mode: how long `connect()` waits for every ticker to be confirmed, ms. @default 15000 */
  confirmTimeoutMs?: number;
  /** Receives every gap report as it closes (the service sends them to the sinks). */
  onGap?: (gap: GapReport) => void;
  /**
   * Multi-connection mode: makes the manager for the config. @default `createManagerFromConfig`
   * of `@tickmux/pool` (a stand-in in tests)
   */
  createManager?: ManagerFactory;
  /** Single-connection mode: makes the client (tests pass a double). @default `new MassiveClient(options)` */
  createClient?: (options: MassiveClientOptions) => ClientLike;
  /** Simulator mode: the embedded simulator's control, which enables `injectFault`. */
  sim?: SimControl;
  /**
   * HA (`HA_ENABLED`, multi-connection mode): the manager's slot gate, consulted before each
   * socket of connection n with slot n.
   */
  slotGate?: SlotGateFn;
}

export const DEFAULT_REAL_TIME_ADAPTER_OPTIONS = Object.freeze({
  gapCapacity: 1_000,
  confirmTimeoutMs: 15_000,
});

/**
 * The original `RealTimeDataAdapter(config, tick_callback, status_callback)`, in TypeScript.
 * With `USE_MULTI_CONNECTION=false` it runs exactly one `MassiveClient` (the single-connection
 * behaviour, unchanged); with `true` the multi-connection manager. Without `USE_MASSIVE_API=true`
 * and an API key there is no client: `connect()` resolves false (nothing to connect to). It is
 * also the service's `ServiceSource` (health, tickers per connection, rebalance, gaps, and fault
 * injection when it runs against the embedded simulator).
 */
export class RealTimeDataAdapter implements DataAdapter {
  readonly mode: 'realtime-single' | 'realtime-multi';
  /** The client (single mode) or manager (multi mode); undefined without `USE_MASSIVE_API`. */
  private readonly core: AdapterCore | undefined;
  private readonly logger: Logger;
  private disconnecting: Promise<void> | undefined;
  injectFault?: (id: string, kind: FaultKind) => Promise<void>;

  constructor(
    readonly config: TickmuxConfig,
    private readonly tickCallback: TickCallback,
    private readonly statusCallback: StatusCallback,
    options: RealTimeDataAdapterOptions = {},
  ) {
    if (typeof tickCallback !== 'function')
      throw new InvalidArgumentError('tickCallback', tickCallback, 'must be a function');
    if (typeof statusCallback !== 'function')
      throw new InvalidArgumentError('statusCallback', statusCallback, 'must be a function');
    const o = { ...DEFAULT_REAL_TIME_ADAPTER_OPTIONS, ...options };
    if (!Number.isInteger(o.gapCapacity) || o.gapCapacity < 0)
      throw new InvalidArgumentError('gapCapacity', o.gapCapacity, 'must be an integer >= 0');
    this.logger = o.logger ?? silentLogger;
    this.mode = config.useMultiConnection ? 'realtime-multi' : 'realtime-single';
    const onTick = (tick: TickData) => this.emit(tick);
    const onStatus: StatusCallback = (status, data) => this.status(status, data);
    const onGap = (gap: GapReport) => {
      o.onGap?.(gap);
      this.status('gap', { connection_id: null, ...gap });
    };
    if (!config.useMassiveApi || config.apiKey === '') {
      this.logger.info({}, 'adapter: no Massive client (USE_MASSIVE_API is false or no API key)');
      this.core = undefined;
    } else if (config.useMultiConnection) {
      const createManager = o.createManager ?? defaultManagerFactory;
      if (createManager === undefined)
        throw new TickmuxError(
          ErrorCode.CONFIG_INVALID,
          'USE_MULTI_CONNECTION=true needs the multi-connection manager (createManager option); set USE_MULTI_CONNECTION=false for one connection',
        );
      this.core = new ManagerCore(config, {
        createManager,
        onTick,
        onStatus,
        onGap,
        gapCapacity: o.gapCapacity,
        confirmTimeoutMs: o.confirmTimeoutMs,
        logger: this.logger,
        ...(o.slotGate === undefined ? {} : { slotGate: o.slotGate }),
      });
    } else {
      this.core = new SingleClientCore(config, {
        onTick,
        onStatus,
        onGap,
        logger: this.logger,
        gapCapacity: o.gapCapacity,
        ...(o.clock === undefined ? {} : { clock: o.clock }),
        ...(o.createClient === undefined ? {} : { createClient: o.createClient }),
      });
    }
    if (o.sim !== undefined && this.core !== undefined) {
      const faults = new SimFaults(o.sim, (id) => this.getConnectionTickers(id));
      this.injectFault = (id, kind) => faults.inject(id, kind);
    }
  }

  /** The single client or the manager, for callers that need more than the adapter offers. */
  get connection(): unknown {
    if (this.core instanceof SingleClientCore) return this.core.client;
    if (this.core instanceof ManagerCore) return this.core.manager;
    return undefined;
  }

  async connect(tickers: readonly string[]): Promise<boolean> {
    if (!Array.isArray(tickers))
      throw new InvalidArgumentError('tickers', tickers, 'must be an array of tickers');
    const list = normaliseTickers(tickers, 'tickers');
    if (this.core === undefined) {
      this.logger.warn({}, 'adapter: connect() without a Massive client configured');
      return false;
    }
    if (this.disconnecting !== undefined) return false;
    this.logger.info(
      { tickers: list.length, mode: this.mode },
      `adapter: connecting with ${list.length} tickers`,
    );
    let ok: boolean;
    try {
      ok = await this.core.connect(list);
    } catch (err) {
      this.logger.error({ err }, 'adapter: connect failed');
      this.status('error', { connection_id: null, message: (err as Error).message });
      return false;
    }
    if (ok) this.logger.info({ tickers: list.length }, 'adapter: connected and subscribed');
    else this.logger.error({}, 'adapter: connection failed');
    return ok;
  }

  disconnect(): Promise<void> {
    this.disconnecting ??= (this.core?.disconnect() ?? Promise.resolve()).then(() =>
      this.logger.info({}, 'adapter: disconnected'),
    );
    return this.disconnecting;
  }

  getHealthStatus(): HealthStatus {
    return this.core?.getHealthStatus() ?? emptyHealth();
  }

  getConnectionTickers(id: string): readonly string[] | undefined {
    return this.core?.getConnectionTickers(id);
  }

  rebalance(): Promise<readonly RebalanceMove[]> {
    return this.core?.rebalance() ?? Promise.resolve([]);
  }

  gaps(): readonly GapReport[] {
    return this.core?.gaps() ?? [];
  }

  private emit(tick: TickData): void {
    try {
      this.tickCallback(tick);
    } catch (err) {
      this.logger.error({ err, ticker: tick.ticker }, 'adapter: tick callback threw');
    }
  }

  private status(status: string, data: Readonly<Record<string, unknown>>): void {
    try {
      this.statusCallback(status, data);
    } catch (err) {
      this.logger.error({ err, status }, 'adapter: status callback threw');
    }
  }
}

/** The health object of an adapter with no connection. */
export function emptyHealth(): HealthStatus {
  return {
    total_connections: 0,
    connected: 0,
    total_tickers: 0,
    total_ticks: 0,
    total_errors: 0,
    duplicates_dropped: 0,
    corrections: 0,
    gaps: 0,
    account_contention: 0,
    connections: {},
  };
}
