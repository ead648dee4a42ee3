import type { Clock, Logger } from '@tickmux/core';
import type { LimitPolicy } from './account-book.js';
import type { AccountOptions, ResolvedKey } from './accounts.js';
import type { QuoteSizeUnit } from './lots.js';
import type { Recording } from './recording.js';
import type { SequenceMode } from './sequence.js';

/** How the simulator's market time runs. */
export type SimClockMode = 'real' | 'virtual';

/** Options of {@link startSim}; every field is optional. Defaults: {@link SIM_DEFAULTS}. */
export interface SimOptions {
  /** Interface the WebSocket server binds. @default '127.0.0.1' */
  host?: string;
  /** WebSocket port; 0 picks a free one. @default 0 */
  port?: number;
  /** @default '/stocks' */
  path?: string;
  /** Interface of the HTTP control API: loopback unless told otherwise. @default '127.0.0.1' */
  controlHost?: string;
  /** Port of the HTTP control API; 0 picks a free one; `false` disables it. @default 0 */
  controlPort?: number | false;
  /** When set, every control request needs `Authorization: Bearer <token>`. @default none */
  controlToken?: string;
  /** Seed of the market model and of scenario choices. @default 1 */
  seed?: number;
  /** Size of the ticker universe (bundled real tickers first, then synthetic). @default 500 */
  symbols?: number;
  /** An explicit universe instead of `symbols`. */
  tickers?: string[];
  /** Trades + quotes per simulated second over all tickers, at the midday regular-session level. @default 20000 */
  rate?: number;
  /** Share of arrivals that are trades. @default 0.4 */
  tradeRatio?: number;
  /** Most events in one frame. @default 100 */
  eventsPerFrame?: number;
  /** Interval of the generation loop, wall ms. @default 5 */
  tickMs?: number;
  /** Simulated ms per wall ms (a replay's speed); 'max': a replay as fast as the sockets drain. @default 1 */
  acceleration?: number | 'max';
  /**
   * `real`: market time runs with the wall clock (times `acceleration`). `virtual`: market time moves
   * only by `control.advance(ms)` (or by itself when `virtualPaced`): the same seed and subscriptions
   * give the identical stream. @default 'real'
   */
  clock?: SimClockMode;
  /**
   * Where market time starts: Unix ms, `'session'` (10:00 US/Eastern on the latest weekday, so data
   * flows at any hour) or `'now'` (the wall clock, with the real calendar: closed at night).
   * @default 'session' (real clock), 1735830000000 = 2025-01-02 10:00 US/Eastern (virtual clock)
   */
  startAt?: number | 'session' | 'now';
  /** Virtual clock only: advance `tickMs x acceleration` per loop tick by itself. @default false */
  virtualPaced?: boolean;
  /** `sparse` (the vendor: increasing, gaps) or `contiguous` (ours: exact gap counting). @default 'sparse' */
  seq?: SequenceMode;
  /** Quote sizes in `shares` (the vendor since 3 Nov 2025) or round `lots` (before). @default 'shares' */
  quoteSizes?: QuoteSizeUnit;
  /** Second bars go out this long after their second ends. @default 2000 */
  secondBarDelayMs?: number;
  /** Share of trades reported late, re-sending their minute bar. @default 0.002 */
  lateTradeRatio?: number;
  /** Longest delay of a late report, ms (at most 15 minutes). @default 300000 */
  lateTradeMaxDelayMs?: number;
  /** Share of off-exchange prints in fractional shares (`ds`; bars carry `dv`/`dav` when above 0). @default 0.01 */
  fractionalRatio?: number;
  /** Automatic LULD halts per regular session over the universe (5 minutes each). @default 1 */
  haltsPerDay?: number;
  /** A recording to serve instead of the market model: a path (`.ndjson[.gz]`) or a parsed one. */
  replay?: string | Recording;
  /** Replay: start again after the last frame. @default false */
  loop?: boolean;
  /** Replay: only the frames this recorded connection received. @default all */
  replayConnection?: string;
  /** Accounts by name, with their keys, plans and limits. @default { demo: { keys: ['demo'] } } */
  accounts?: Record<string, AccountOptions>;
  /** Shorthand for `accounts`: one account per key. */
  apiKeys?: string[];
  /** Connection limit of an account that sets none. @default 3 */
  maxConnections?: number;
  /** @default 'kick-oldest' */
  limitPolicy?: LimitPolicy;
  /** Send `auth_success` before `max_connections` to a socket refused at the limit, as users report. @default true */
  maxConnectionsAfterAuth?: boolean;
  /** How long a socket abandoned without a close handshake still counts (ms; 0: not at all). @default 30000 */
  zombieMs?: number;
  /** Close sockets that have not authenticated after this long (ms). @default 10000 */
  authTimeoutMs?: number;
  /** Close a socket whose unsent bytes pass this (the vendor's slow-consumer kill). @default 8388608 */
  slowConsumerBytes?: number;
  /** Added one-way latency per socket, ms. @default 0 */
  latencyMs?: number;
  /** Per-socket bandwidth cap, bytes/s; 0 = none. @default 0 */
  bandwidthBytesPerSec?: number;
  /** Add `sim_sent_ms` (high-resolution send time, Unix ms) to every event. Off: byte-compatible. @default false */
  benchStamp?: boolean;
  /** Count events per (channel, ticker, socket) for `control.groundTruth()`. @default true */
  groundTruth?: boolean;
  /** Most events generated per loop tick before yielding to I/O. @default 50000 */
  maxEventsPerTick?: number;
  /** Market time the real clock may fall behind before skipping ahead, ms. @default 2000 */
  maxLagMs?: number;
  /** pino-compatible logger. @default silent */
  logger?: Logger;
  /** Clock for network timers (auth timeout, stalls, zombies, delays, the loop). @default systemClock */
  wallClock?: Clock;
}

/** 2025-01-02 10:00 US/Eastern: where the virtual clock starts by default. */
export const VIRTUAL_START_MS = 1_735_830_000_000;

/** Every default of {@link SimOptions} (the virtual clock's start is {@link VIRTUAL_START_MS}). */
export const SIM_DEFAULTS = {
  host: '127.0.0.1',
  port: 0,
  path: '/stocks',
  controlHost: '127.0.0.1',
  controlPort: 0,
  seed: 1,
  symbols: 500,
  rate: 20_000,
  tradeRatio: 0.4,
  eventsPerFrame: 100,
  tickMs: 5,
  acceleration: 1,
  clock: 'real',
  startAt: 'session',
  virtualPaced: false,
  seq: 'sparse',
  quoteSizes: 'shares',
  secondBarDelayMs: 2_000,
  lateTradeRatio: 0.002,
  lateTradeMaxDelayMs: 300_000,
  fractionalRatio: 0.01,
  haltsPerDay: 1,
  loop: false,
  maxConnections: 3,
  limitPolicy: 'kick-oldest',
  maxConnectionsAfterAuth: true,
  zombieMs: 30_000,
  authTimeoutMs: 10_000,
  slowConsumerBytes: 8 * 1024 * 1024,
  latencyMs: 0,
  bandwidthBytesPerSec: 0,
  benchStamp: false,
  groundTruth: true,
  maxEventsPerTick: 50_000,
  maxLagMs: 2_000,
} as const;

/** Options with every default applied. */
export interface ResolvedSimOptions extends Required<
  Omit<
    SimOptions,
    | 'accounts'
    | 'apiKeys'
    | 'tickers'
    | 'controlToken'
    | 'replay'
    | 'replayConnection'
    | 'startAt'
    | 'acceleration'
  >
> {
  tickers: string[] | undefined;
  controlToken: string | undefined;
  replay: string | Recording | undefined;
  replayConnection: string | undefined;
  /** Where market time starts, Unix ms (a replay starts at its first frame instead). */
  startMs: number;
  /** Infinity for 'max'. */
  acceleration: number;
  /** API key -> what it is. */
  keys: ReadonlyMap<string, ResolvedKey>;
  /** Account -> connection limit. */
  limits: ReadonlyMap<string, number>;
}
