import { isValidChannel } from '@tickmux/core';
import { z } from 'zod';
import { CONNECTION_FIELDS, connectionKey, type ConnectionField } from './keys.js';
import { ROUTING_STRATEGIES } from './types.js';

// Each env value is parsed on its own so that every problem is reported with its key; zod does
// the coercion (strings to booleans, integers, durations) and the messages say what was expected.

/** `true/false`, `1/0`, `yes/no`, any case. */
export const booleanValue = z.stringbool({
  truthy: ['true', '1', 'yes'],
  falsy: ['false', '0', 'no'],
  case: 'insensitive',
  error: 'expected true/false, 1/0 or yes/no',
});

function integerValue(min: number, max: number) {
  return z
    .string()
    .regex(/^[+-]?\d+$/, { error: 'not an integer' })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `must be at least ${min}` })
        .max(max, { error: `must be at most ${max}` }),
    );
}

/** Seconds in the env (decimals allowed), milliseconds in the config. */
function secondsValue(min: number, max: number) {
  return z
    .string()
    .regex(/^\d+(?:\.\d+)?$/, { error: 'not a number of seconds' })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `must be at least ${min} s` })
        .max(max, { error: `must be at most ${max} s` }),
    )
    .transform((s) => Math.round(s * 1000));
}

function urlValue(protocols: readonly string[], example: string) {
  const expected = `expected a ${protocols.join(' or ')} URL such as ${example}`;
  return z.string().refine(
    (s) => {
      if (!URL.canParse(s)) return false;
      return protocols.includes(new URL(s).protocol.slice(0, -1));
    },
    { error: expected },
  );
}

const strategyValue = z
  .string()
  .transform((s) => s.toLowerCase().replaceAll('_', '-'))
  .pipe(
    z.enum(ROUTING_STRATEGIES, {
      error: `unknown routing strategy; expected one of ${ROUTING_STRATEGIES.join(', ')}`,
    }),
  );

const channelsValue = z.string().transform((s, ctx) => {
  const channels = [
    ...new Set(
      s
        .split(',')
        .map((c) => c.trim().toUpperCase())
        .filter((c) => c !== ''),
    ),
  ];
  const bad = channels.filter((c) => !isValidChannel(c));
  if (bad.length > 0) {
    ctx.issues.push({
      code: 'custom',
      input: s,
      message: `not a channel: ${bad.join(', ')} (expected e.g. T,Q,AM)`,
    });
  } else if (channels.length === 0) {
    ctx.issues.push({ code: 'custom', input: s, message: 'no channels listed' });
  }
  return channels;
});

/** A universe key such as `tech_leaders:top_20`: letters, digits and `_.:/-`, up to 200. */
export const universeKeyValue = z
  .string()
  .regex(/^[\w.:/-]{1,200}$/, { error: 'not a universe key (expected e.g. tech_leaders:top_20)' });

const nameValue = z
  .string()
  .regex(/^[\w .:/-]{1,64}$/, { error: 'expected up to 64 letters, digits, spaces or _.:/-' });

const apiKeyValue = z.string().regex(/^\S+$/, { error: 'contains whitespace' });

/** `HA_MODE`: who holds the account's slots (see @tickmux/ha). */
export const HA_MODES = ['leader', 'share'] as const;

const haModeValue = z
  .string()
  .transform((s) => s.toLowerCase())
  .pipe(z.enum(HA_MODES, { error: `unknown HA mode; expected one of ${HA_MODES.join(', ')}` }));

const instanceIdValue = z
  .string()
  .regex(/^[\w.:-]{1,64}$/, { error: 'expected up to 64 letters, digits or _.:-' });

/** Ticker lists are validated after zod, one problem per bad ticker (see load-config). */
const tickerListValue = z.string();

/** The schema of every fixed key; all optional (defaults are applied when the config is built). */
export const staticSchema = z.object({
  USE_MASSIVE_API: booleanValue.optional(),
  MASSIVE_API_KEY: apiKeyValue.optional(),
  MASSIVE_WEBSOCKET_URL: urlValue(['ws', 'wss'], 'wss://socket.massive.com/stocks').optional(),
  MASSIVE_CHANNELS: channelsValue.optional(),
  MASSIVE_WEBSOCKET_MAX_RETRIES: integerValue(0, 1_000_000).optional(),
  MASSIVE_WEBSOCKET_RECONNECT_DELAY: secondsValue(0, 3600).optional(),
  SYMBOL_UNIVERSE_KEY: universeKeyValue.optional(),
  USE_MULTI_CONNECTION: booleanValue.optional(),
  WEBSOCKET_CONNECTIONS_MAX: integerValue(1, 64).optional(),
  WEBSOCKET_ROUTING_STRATEGY: strategyValue.optional(),
  WEBSOCKET_HEALTH_CHECK_INTERVAL: secondsValue(0.001, 86_400).optional(),
  WEBSOCKET_AUTO_REBALANCE: booleanValue.optional(),
  WEBSOCKET_FAILOVER_ENABLED: booleanValue.optional(),
  WEBSOCKET_MAX_TICKERS_PER_CONNECTION: integerValue(1, 1_000_000).optional(),
  WEBSOCKET_CRITICAL_SYMBOLS: tickerListValue.optional(),
  WEBSOCKET_REPLICATION_FACTOR: integerValue(1, 64).optional(),
  REDIS_URL: urlValue(['redis', 'rediss'], 'redis://127.0.0.1:6379').optional(),
  HA_ENABLED: booleanValue.optional(),
  HA_INSTANCE_ID: instanceIdValue.optional(),
  HA_LEASE_MS: integerValue(500, 600_000).optional(),
  HA_MODE: haModeValue.optional(),
  HA_ZOMBIE_MS: integerValue(0, 600_000).optional(),
});

export type StaticValues = z.output<typeof staticSchema>;

const connectionValues: Record<ConnectionField, z.ZodType> = {
  ENABLED: booleanValue,
  NAME: nameValue,
  UNIVERSE_KEY: universeKeyValue,
  SYMBOLS: tickerListValue,
};

/** The schema of slots 1..max: `WEBSOCKET_CONNECTION_<n>_*`, all optional. */
export function connectionsSchema(max: number) {
  const shape: Record<string, z.ZodOptional<z.ZodType>> = {};
  for (let n = 1; n <= max; n++) {
    for (const field of CONNECTION_FIELDS) {
      shape[connectionKey(n, field)] = connectionValues[field].optional();
    }
  }
  return z.object(shape);
}
