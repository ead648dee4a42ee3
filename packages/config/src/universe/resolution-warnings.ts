import type { Logger } from '@tickmux/core';
import type { TickmuxConfig } from '../types.js';
import type { ResolvedConnection } from './resolve-universes.js';

/**
 * Under `manual`, warns once per pair of connections about the tickers both lists hold (manual
 * routing keeps each on the first). One pass over the lists: 30k shared tickers cost milliseconds.
 */
export function warnAboutOverlaps(
  connections: readonly ResolvedConnection[],
  logger: Logger,
): void {
  const owner = new Map<string, string>();
  const shared = new Map<string, string[]>();
  for (const c of connections) {
    for (const t of c.tickers) {
      const first = owner.get(t);
      if (first === undefined) {
        owner.set(t, c.id);
        continue;
      }
      const pair = `${first} and ${c.id}`;
      const list = shared.get(pair);
      if (list === undefined) shared.set(pair, [t]);
      else list.push(t);
    }
  }
  for (const [pair, tickers] of shared) {
    const sample = tickers.slice(0, 5).join(', ') + (tickers.length > 5 ? ', ...' : '');
    logger.warn(
      { tickers },
      `universe: ${tickers.length} ticker(s) listed for both ${pair} (${sample}); manual routing ` +
        `keeps each on the first only (WEBSOCKET_CRITICAL_SYMBOLS replicates)`,
    );
  }
}

/**
 * Warns when the tickers, with a copy per replica of each critical one, need more slots than the
 * enabled connections offer at `WEBSOCKET_MAX_TICKERS_PER_CONNECTION`, and says what routing will
 * then leave out: it places every ticker once before any replica, so replicas are cut first.
 */
export function warnAboutCapacity(
  config: TickmuxConfig,
  enabled: number,
  tickers: readonly string[],
  logger: Logger,
): void {
  const capacity = config.maxTickersPerConnection;
  if (capacity === null || enabled === 0) return;
  const listed = new Set(tickers);
  const critical = config.useMultiConnection
    ? config.criticalSymbols.filter((t) => listed.has(t)).length
    : 0;
  const copies = Math.min(config.replicationFactor, enabled);
  const needed = tickers.length + critical * (copies - 1);
  const available = enabled * capacity;
  if (needed <= available) return;
  const replicas =
    critical > 0 && copies > 1 ? ` (${critical} critical on ${copies} connections each)` : '';
  const outcome =
    tickers.length > available
      ? `${tickers.length - available} ticker(s) will be on no connection`
      : `${needed - available} replica(s) will be cut`;
  logger.warn(
    { needed, available },
    `universe: ${tickers.length} tickers${replicas} need ${needed} slots but ${enabled} enabled ` +
      `connection(s) × WEBSOCKET_MAX_TICKERS_PER_CONNECTION=${capacity} offer ${available}; ` +
      `routing places every ticker once before any replica, so ${outcome}`,
  );
}
