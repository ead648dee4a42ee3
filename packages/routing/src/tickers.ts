import { normaliseTickers } from '@tickmux/core';
import type { Assignment } from './assignment.js';
import { finish, type RoutingChange } from './change.js';
import { Draft } from './draft.js';
import { UnknownConnectionError } from './errors.js';
import { fill, settle } from './fill.js';
import type { ConnectionId } from './types.js';

/** Options of {@link addTickers}. */
export interface AddTickersOptions {
  /**
   * Put the new tickers on this live connection while it has room (their replicas, and what does
   * not fit, go where the strategy says). @default undefined (the strategy places them)
   */
  connection?: ConnectionId;
}

/** Defaults of {@link AddTickersOptions}. */
export const DEFAULT_ADD_TICKERS_OPTIONS: Readonly<AddTickersOptions> = Object.freeze({
  connection: undefined,
});

/**
 * Adds tickers, placing only them (with their replicas) by the assignment's strategy: no ticker
 * already placed moves, so k new tickers cost at most k × copies subscribes. Tickers already wanted
 * are ignored. Throws `INVALID_TICKER` (field `tickers`) or `UNKNOWN_CONNECTION`.
 */
export function addTickers(
  current: Assignment,
  tickers: readonly string[],
  options: AddTickersOptions = {},
): RoutingChange {
  const { connection } = { ...DEFAULT_ADD_TICKERS_OPTIONS, ...options };
  const fresh = normaliseTickers(tickers, 'tickers').filter((t) => !current.isWanted(t));
  if (connection !== undefined && !current.hasConnection(connection)) {
    throw new UnknownConnectionError(connection, current.connections);
  }
  const draft = Draft.of(current);
  if (connection !== undefined) {
    const i = draft.live.indexOf(connection);
    for (const t of fresh) {
      draft.want(t);
      if (draft.hasRoom(i)) draft.place(t, i);
    }
  }
  fill(draft, fresh, { fresh: connection === undefined });
  settle(draft);
  return finish(draft);
}

/**
 * Removes tickers: every copy unsubscribed, nothing else moves (k tickers cost their copies), and
 * the room they free goes to tickers that were unplaced or short of replicas. Tickers not wanted
 * are ignored. Throws `INVALID_TICKER` (field `tickers`).
 */
export function removeTickers(current: Assignment, tickers: readonly string[]): RoutingChange {
  const gone = new Set(normaliseTickers(tickers, 'tickers').filter((t) => current.isWanted(t)));
  const draft = Draft.of(current);
  for (const t of gone) draft.drop(t);
  for (const [c, records] of draft.displaced) {
    if (records.some((r) => gone.has(r.ticker))) {
      draft.displaced.set(c, Object.freeze(records.filter((r) => !gone.has(r.ticker))));
    }
  }
  settle(draft);
  return finish(draft);
}
