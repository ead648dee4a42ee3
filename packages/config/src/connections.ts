import type { Collector } from './collector.js';
import {
  connectionId,
  defaultConnectionEnabled,
  defaultConnectionName,
  CONFIG_DEFAULTS,
} from './defaults.js';
import { connectionKey, parseConnectionKey, type ConnectionField } from './keys.js';
import { booleanValue, connectionsSchema } from './schema.js';
import type { ConnectionConfig, RoutingStrategyName } from './types.js';

/** What the connection slots depend on besides their own keys. */
export interface SlotContext {
  max: number;
  multi: boolean;
  strategy: RoutingStrategyName;
  /** `SYMBOL_UNIVERSE_KEY` if written in the env, else undefined. */
  symbolUniverseKey: string | undefined;
}

/**
 * Builds slots 1..max from `WEBSOCKET_CONNECTION_<n>_*` and checks them: keys past the maximum,
 * connections without tickers, single-connection mode ignoring slots 2..n.
 */
export function buildConnections(c: Collector, ctx: SlotContext): ConnectionConfig[] {
  const values = c.parse(connectionsSchema(ctx.max)) as Record<string, unknown>;
  checkSlotsBeyondMax(c, ctx);
  const slots: ConnectionConfig[] = [];
  for (let n = 1; n <= ctx.max; n++) {
    const key = (field: ConnectionField) => connectionKey(n, field);
    const enabled = (values[key('ENABLED')] as boolean | undefined) ?? defaultConnectionEnabled(n);
    let universeKey = (values[key('UNIVERSE_KEY')] as string | undefined) ?? null;
    const symbols = c.tickers(key('SYMBOLS'));
    if (!ctx.multi && n === 1) {
      if (universeKey !== null) {
        c.warn(key('UNIVERSE_KEY'), 'not used in single-connection mode; SYMBOL_UNIVERSE_KEY is');
      }
      // The default universe only applies when nothing else says which tickers to follow.
      universeKey =
        ctx.symbolUniverseKey ?? (c.has(key('SYMBOLS')) ? null : CONFIG_DEFAULTS.symbolUniverseKey);
    }
    slots.push(
      Object.freeze({
        id: connectionId(n),
        index: n,
        name: (values[key('NAME')] as string | undefined) ?? defaultConnectionName(n),
        enabled: ctx.multi ? enabled : n === 1,
        universeKey,
        symbols,
      }),
    );
    if (!ctx.multi && n > 1 && enabled) {
      c.warn(key('ENABLED'), `ignored: USE_MULTI_CONNECTION=false uses connection 1 only`);
    }
  }
  checkTickerSources(c, ctx, slots);
  checkNames(c, slots);
  return slots;
}

function checkSlotsBeyondMax(c: Collector, ctx: SlotContext): void {
  const beyond: string[] = [];
  for (const [key, value] of Object.entries(c.input)) {
    const parsed = parseConnectionKey(key);
    if (parsed === undefined) continue;
    if (Number.isNaN(parsed.index)) {
      c.warn(key, 'ignored: connections are numbered from 1, without leading zeros');
    } else if (parsed.index > ctx.max) {
      const on = parsed.field === 'ENABLED' && booleanValue.safeParse(value).data === true;
      if (on && ctx.multi) beyond.push(key);
      else c.warn(key, `ignored: beyond WEBSOCKET_CONNECTIONS_MAX=${ctx.max}`);
    }
  }
  for (const key of beyond.sort()) {
    c.issue(
      key,
      `connection ${parseConnectionKey(key)!.index} is enabled but WEBSOCKET_CONNECTIONS_MAX is ` +
        `${ctx.max}: at most ${ctx.max} connections may be enabled`,
    );
  }
}

function checkTickerSources(c: Collector, ctx: SlotContext, slots: ConnectionConfig[]): void {
  const enabled = slots.filter((s) => s.enabled);
  // Written in the env counts even when invalid: that problem is already reported.
  const hasSource = (s: ConnectionConfig) =>
    s.universeKey !== null ||
    c.has(connectionKey(s.index, 'UNIVERSE_KEY')) ||
    c.has(connectionKey(s.index, 'SYMBOLS'));
  // Single-connection mode always has a source: its symbols, or SYMBOL_UNIVERSE_KEY's default.
  if (!ctx.multi) return;
  if (ctx.strategy === 'manual') {
    for (const s of enabled.filter((slot) => !hasSource(slot))) {
      c.issue(
        connectionKey(s.index, 'ENABLED'),
        `connection ${s.index} ("${s.name}") is enabled but has neither ` +
          `${connectionKey(s.index, 'UNIVERSE_KEY')} nor ${connectionKey(s.index, 'SYMBOLS')}; ` +
          `the manual strategy routes each connection its own list`,
        c.input[connectionKey(s.index, 'ENABLED')] ?? 'true (default)',
      );
    }
  } else if (!enabled.some(hasSource)) {
    c.issue(
      'WEBSOCKET_ROUTING_STRATEGY',
      `no enabled connection has a universe key or symbols, so ${ctx.strategy} has no tickers to spread`,
      ctx.strategy,
    );
  }
}

function checkNames(c: Collector, slots: ConnectionConfig[]): void {
  const seen = new Map<string, number>();
  for (const s of slots.filter((slot) => slot.enabled)) {
    const first = seen.get(s.name);
    if (first === undefined) seen.set(s.name, s.index);
    else c.warn(connectionKey(s.index, 'NAME'), `same name as connection ${first} ("${s.name}")`);
  }
}
