import { InvalidArgumentError, silentLogger, systemClock } from '@tickmux/core';
import { z } from 'zod';
import { resolveAccounts } from './accounts.js';
import { sessionStart } from './calendar.js';
import {
  SIM_DEFAULTS as D,
  VIRTUAL_START_MS,
  type ResolvedSimOptions,
  type SimOptions,
} from './options.js';

const port = z.number().int().min(0).max(65535);
const ratio = z.number().min(0).max(1);
const keySchema = z.union([
  z.string().min(1),
  z.object({
    key: z.string().min(1),
    channels: z.array(z.string().regex(/^[A-Z]{1,8}$/)).optional(),
    feed: z.enum(['realtime', 'delayed']).optional(),
    websocket: z.boolean().optional(),
  }),
]);

const schema = z.object({
  host: z.string().min(1).default(D.host),
  port: port.default(D.port),
  path: z.string().startsWith('/').default(D.path),
  controlHost: z.string().min(1).default(D.controlHost),
  controlPort: z.union([port, z.literal(false)]).default(D.controlPort),
  controlToken: z.string().min(8).optional(),
  seed: z.number().int().default(D.seed),
  symbols: z.number().int().min(1).max(100_000).default(D.symbols),
  tickers: z.array(z.string().min(1)).min(1).optional(),
  rate: z.number().min(0).max(50_000_000).default(D.rate),
  tradeRatio: ratio.default(D.tradeRatio),
  eventsPerFrame: z.number().int().min(1).max(100_000).default(D.eventsPerFrame),
  tickMs: z.number().min(1).max(10_000).default(D.tickMs),
  acceleration: z
    .union([z.number().positive().max(1_000_000), z.literal('max')])
    .default(D.acceleration),
  clock: z.enum(['real', 'virtual']).default(D.clock),
  startAt: z.union([z.number().int().min(0), z.enum(['session', 'now'])]).optional(),
  virtualPaced: z.boolean().default(D.virtualPaced),
  seq: z.enum(['sparse', 'contiguous']).default(D.seq),
  quoteSizes: z.enum(['shares', 'lots']).default(D.quoteSizes),
  secondBarDelayMs: z.number().min(0).max(60_000).default(D.secondBarDelayMs),
  lateTradeRatio: ratio.default(D.lateTradeRatio),
  lateTradeMaxDelayMs: z
    .number()
    .min(5_000)
    .max(15 * 60_000)
    .default(D.lateTradeMaxDelayMs),
  fractionalRatio: ratio.default(D.fractionalRatio),
  haltsPerDay: z.number().min(0).max(100_000).default(D.haltsPerDay),
  replay: z
    .union([
      z.string().min(1),
      z.object({ header: z.object({}).loose(), frames: z.array(z.unknown()) }),
    ])
    .optional(),
  loop: z.boolean().default(D.loop),
  replayConnection: z.string().min(1).optional(),
  accounts: z
    .record(
      z.string().min(1),
      z.object({
        keys: z.array(keySchema).min(1).optional(),
        maxConnections: z.number().int().min(1).optional(),
      }),
    )
    .optional(),
  apiKeys: z.array(z.string().min(1)).min(1).optional(),
  maxConnections: z.number().int().min(1).default(D.maxConnections),
  limitPolicy: z.enum(['reject-new', 'kick-oldest']).default(D.limitPolicy),
  maxConnectionsAfterAuth: z.boolean().default(D.maxConnectionsAfterAuth),
  zombieMs: z.number().int().min(0).default(D.zombieMs),
  authTimeoutMs: z.number().int().min(1).default(D.authTimeoutMs),
  slowConsumerBytes: z.number().int().min(1024).default(D.slowConsumerBytes),
  latencyMs: z.number().min(0).default(D.latencyMs),
  bandwidthBytesPerSec: z.number().min(0).default(D.bandwidthBytesPerSec),
  benchStamp: z.boolean().default(D.benchStamp),
  groundTruth: z.boolean().default(D.groundTruth),
  maxEventsPerTick: z.number().int().min(1).default(D.maxEventsPerTick),
  maxLagMs: z.number().min(0).default(D.maxLagMs),
});

/** Applies defaults and validates; throws {@link InvalidArgumentError} naming the first bad option (and listing all). */
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
  const { accounts, apiKeys, startAt, acceleration, ...o } = parsed.data;
  if (acceleration === 'max' && o.replay === undefined)
    throw new InvalidArgumentError(
      'acceleration',
      acceleration,
      '"max" is for a replay (the market model runs on a clock)',
    );
  const { keys, limits } = resolveAccounts(accounts, apiKeys, o.maxConnections);
  const at = startAt ?? (o.clock === 'virtual' ? VIRTUAL_START_MS : 'session');
  const now = wallClock.now();
  const startMs = at === 'session' ? sessionStart(now) : at === 'now' ? now : at;
  return {
    ...o,
    replay: options.replay,
    tickers: o.tickers,
    controlToken: o.controlToken,
    replayConnection: o.replayConnection,
    acceleration: acceleration === 'max' ? Number.POSITIVE_INFINITY : acceleration,
    startMs,
    keys,
    limits,
    logger,
    wallClock,
  };
}
