import { parseTickerList, silentLogger, type Logger } from '@tickmux/core';
import { connectionKey } from '../keys.js';
import type { ConnectionConfig, TickmuxConfig } from '../types.js';
import { BundledUniverseSource } from './bundled-universes.js';
import { warnAboutCapacity, warnAboutOverlaps } from './resolution-warnings.js';
import { RedisUniverseSource } from './redis-universe-source.js';
import { UniverseUnavailableError, type UniverseSource } from './universe-source.js';

/** One enabled connection with its tickers resolved. */
export interface ResolvedConnection {
  readonly id: string;
  readonly index: number;
  readonly name: string;
  /** Normalised and de-duplicated, in the universe's (or the list's) order. */
  readonly tickers: readonly string[];
  /** Where the tickers came from: the universe, the `_SYMBOLS` fallback, or nowhere. */
  readonly from: 'universe' | 'symbols' | 'none';
  readonly universeKey: string | null;
}

/** What {@link resolveUniverses} returns. */
export interface ResolvedUniverses {
  /** The enabled connections in slot order, each with its own list (what `manual` routes). */
  readonly connections: readonly ResolvedConnection[];
  /**
   * Every ticker of every list, de-duplicated in slot order, plus any critical symbol no list
   * holds: what the other strategies spread over the connections.
   */
  readonly tickers: readonly string[];
  /**
   * Ticker → tier for the `priority` strategy, from the slot order: 0 for the tickers of the first
   * enabled connection, 1 for the second's, and so on (a ticker listed twice takes its first,
   * highest tier). Critical symbols no list holds have no tier, so routing places them least-loaded.
   */
  readonly tiers: ReadonlyMap<string, number>;
}

/** Options of {@link resolveUniverses}. */
export interface ResolveUniversesOptions {
  /** Receives fallbacks (warn), store failures (error) and what each connection got (info). @default silentLogger */
  logger?: Logger;
}

/** The source a config asks for: Redis at `REDIS_URL` when set, else the bundled sample. */
export function createUniverseSource(config: TickmuxConfig): UniverseSource {
  return config.redisUrl === null
    ? new BundledUniverseSource()
    : new RedisUniverseSource({ url: config.redisUrl });
}

/**
 * Resolves each enabled connection's universe key through `source`. A universe that is unknown,
 * empty or unreadable falls back to the connection's `_SYMBOLS` with a warning (an error when the
 * store is down), never to a silent empty list. The source is not closed.
 */
export async function resolveUniverses(
  config: TickmuxConfig,
  source: UniverseSource,
  options: ResolveUniversesOptions = {},
): Promise<ResolvedUniverses> {
  const logger = options.logger ?? silentLogger;
  const connections: ResolvedConnection[] = [];
  for (const slot of config.connections.filter((s) => s.enabled)) {
    const resolved = await resolveOne(slot, source, logger);
    logger.info(
      { connection: slot.id, tickers: resolved.tickers.length, from: resolved.from },
      `universe: ${slot.id} (${slot.name}) has ${resolved.tickers.length} tickers from ${resolved.from}`,
    );
    connections.push(resolved);
  }
  const tiers = new Map<string, number>();
  connections.forEach((c, tier) => {
    for (const t of c.tickers) if (!tiers.has(t)) tiers.set(t, tier);
  });
  const tickers = [...tiers.keys()];
  if (config.routingStrategy === 'manual') warnAboutOverlaps(connections, logger);
  if (config.useMultiConnection) {
    const listed = new Set(tickers);
    const extra = config.criticalSymbols.filter((t) => !listed.has(t));
    if (extra.length > 0) {
      logger.info(
        { tickers: extra },
        `universe: critical symbols in no list added: ${extra.join(', ')}`,
      );
      tickers.push(...extra);
    }
  }
  warnAboutCapacity(config, connections.length, tickers, logger);
  return Object.freeze({
    connections: Object.freeze(connections),
    tickers: Object.freeze(tickers),
    tiers,
  });
}

async function resolveOne(
  slot: ConnectionConfig,
  source: UniverseSource,
  logger: Logger,
): Promise<ResolvedConnection> {
  const base = { id: slot.id, index: slot.index, name: slot.name, universeKey: slot.universeKey };
  const symbolsKey = connectionKey(slot.index, 'SYMBOLS');
  if (slot.universeKey !== null) {
    const key = slot.universeKey;
    const meta = { connection: slot.id, universe: key };
    let why = 'is unknown or empty';
    try {
      const raw = await source.getUniverse(key);
      const { tickers, invalid } = parseTickerList(raw ?? []);
      if (invalid.length > 0) {
        logger.warn(
          { ...meta, invalid },
          `universe: "${key}" holds invalid tickers, dropped: ${invalid.join(', ')}`,
        );
      }
      if (tickers.length > 0)
        return Object.freeze({ ...base, tickers: Object.freeze(tickers), from: 'universe' });
    } catch (err) {
      if (!(err instanceof UniverseUnavailableError)) throw err;
      why = 'could not be read';
      logger.error({ ...meta, err }, `universe: ${err.message}`);
    }
    const fallback =
      slot.symbols.length > 0
        ? `using ${symbolsKey} (${slot.symbols.length} tickers)`
        : `${symbolsKey} is not set either, so ${slot.id} has no tickers`;
    logger.warn(meta, `universe: "${key}" for ${slot.id} ${why}; ${fallback}`);
  }
  return Object.freeze({
    ...base,
    tickers: slot.symbols,
    from: slot.symbols.length > 0 ? 'symbols' : 'none',
  });
}
