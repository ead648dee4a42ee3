import {
  InvalidArgumentError,
  silentLogger,
  systemClock,
  type Clock,
  type Logger,
} from '@tickmux/core';
import { z } from 'zod';

/** How the simulator's market time runs. */
export type SimClockMode = 'real' | 'virtual';

/** What happens when an API key opens one connection more than its limit. */
export type LimitPolicy = 'reject-new' | 'kick-oldest';

/** Options of {@link startSim}; every field is optional. */
export interface SimOptions {
  /** @default '127.0.0.1' */
  host?: string;
  /** WebSocket port; 0 picks a free one. @default 0 */
  port?: number;
  /** Port of the HTTP control API; 0 picks a free one; `false` disables it. @default 0 */
  controlPort?: number | false;
  /** @default '/stocks' */
  path?: string;
  /** Seed of the market model and of scenario choices. @default 1 */
  seed?: number;
  /** Size of the ticker universe (bundled real tickers first, then synthetic). @default 500 */
  symbols?: number;
  /** An explicit universe instead of `symbols`. */
  tickers?: string[];
  /** Trades + quotes per simulated second over all tickers. @default 20000 */
  rate?: number;
  /** Share of arrivals that are trades. @default 0.4 */
  tradeRatio?: number;
  /** Most events in one frame. @default 100 */
  eventsPerFrame?: number;
  /** Interval of the generation loop, wall ms. @default 5 */
  tickMs?: number;
  /** Simulated ms per wall ms. @default 1 */
  acceleration?: number;
  /**
   * `real`: market time follows the wall clock (times acceleration). `virtual`: market time starts
   * at `virtualStartMs` and moves only by `control.advance(ms)` (or by itself when
   * `virtualPaced`), so the same seed and subscriptions give the identical stream.
   * @default 'real'
   */
  clock?: SimClockMode;
  /** Virtual clock only: advance `tickMs x acceleration` per loop tick by itself. @default false */
  virtualPaced?: boolean;
  /** Virtual clock only: where market time starts. @default 1735828200000 (2025-01-02 14:30 UTC) */
  virtualStartMs?: number;
  /** API keys and their connection limits. @default { demo: { maxConnections: 3 } } */
  accounts?: Record<string, { maxConnections?: number }>;
  /** Shorthand for `accounts`: these keys, each with `maxConnections`. */
  apiKeys?: string[];
  /** Default connection limit per key. @default 3 */
  maxConnections?: number;
  /** @default 'reject-new' */
  limitPolicy?: LimitPolicy;
  /** Send `auth_success` before `max_connections` to a rejected socket, as users report. @default true */
  maxConnectionsAfterAuth?: boolean;
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
  /** Most trades/quotes generated per loop tick before yielding to I/O. @default 50000 */
  maxEventsPerTick?: number;
  /** Market time the real clock may fall behind before skipping ahead, ms. @default 2000 */
  maxLagMs?: number;
  /** pino-compatible logger. @default silent */
  logger?: Logger;
  /** Clock for network timers (auth timeout, stalls, delays, the loop). @default systemClock */
  wallClock?: Clock;
}

const schema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(0),
  controlPort: z.union([z.number().int().min(0).max(65535), z.literal(false)]).default(0),
  path: z.string().startsWith('/').default('/stocks'),
  seed: z.number().int().default(1),
  symbols: z.number().int().min(1).max(100_000).default(500),
  tickers: z.array(z.string().min(1)).min(1).optional(),
  rate: z.number().min(0).max(50_000_000).default(20_000),
  tradeRatio: z.number().min(0).max(1).default(0.4),
  eventsPerFrame: z.number().int().min(1).max(100_000).default(100),
  tickMs: z.number().min(1).max(10_000).default(5),
  acceleration: z.number().positive().max(1_000_000).default(1),
  clock: z.enum(['real', 'virtual']).default('real'),
  virtualPaced: z.boolean().default(false),
  virtualStartMs: z.number().int().min(0).default(1_735_828_200_000),
  accounts: z
    .record(z.string().min(1), z.object({ maxConnections: z.number().int().min(1).optional() }))
    .optional(),
  apiKeys: z.array(z.string().min(1)).min(1).optional(),
  maxConnections: z.number().int().min(1).default(3),
  limitPolicy: z.enum(['reject-new', 'kick-oldest']).default('reject-new'),
  maxConnectionsAfterAuth: z.boolean().default(true),
  authTimeoutMs: z.number().int().min(1).default(10_000),
  slowConsumerBytes: z
    .number()
    .int()
    .min(1024)
    .default(8 * 1024 * 1024),
  latencyMs: z.number().min(0).default(0),
  bandwidthBytesPerSec: z.number().min(0).default(0),
  benchStamp: z.boolean().default(false),
  maxEventsPerTick: z.number().int().min(1).default(50_000),
  maxLagMs: z.number().min(0).default(2_000),
});

/** Options with every default applied. */
export type ResolvedSimOptions = Omit<z.infer<typeof schema>, 'accounts' | 'apiKeys'> & {
  /** API key -> connection limit. */
  limits: ReadonlyMap<string, number>;
  logger: Logger;
  wallClock: Clock;
};

/** Applies defaults and validates; throws {@link InvalidArgumentError} naming each bad option. */
export function resolveSimOptions(options: SimOptions = {}): ResolvedSimOptions {
  const { logger = silentLogger, wallClock = systemClock, ...rest } = options;
  const parsed = schema.safeParse(rest);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    const field = first.path.join('.') || 'options';
    const all = parsed.error.issues
      .map((i) => `${i.path.join('.') || 'options'}: ${i.message}`)
      .join('; ');
    throw new InvalidArgumentError(
      field,
      (rest as Record<string, unknown>)[String(first.path[0])],
      all,
    );
  }
  const { accounts, apiKeys, ...resolved } = parsed.data;
  const limits = new Map<string, number>();
  for (const key of apiKeys ?? []) limits.set(key, resolved.maxConnections);
  for (const [key, a] of Object.entries(accounts ?? {}))
    limits.set(key, a.maxConnections ?? resolved.maxConnections);
  if (limits.size === 0) limits.set('demo', resolved.maxConnections);
  return { ...resolved, limits, logger, wallClock };
}
