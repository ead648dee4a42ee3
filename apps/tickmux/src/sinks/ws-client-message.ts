import { InvalidArgumentError, normaliseTickers } from '@tickmux/core';

/** What a browser client may ask of the WebSocket fan-out. */
export type FilterAction = 'subscribe' | 'unsubscribe' | 'filter';
const ACTIONS: readonly FilterAction[] = ['subscribe', 'unsubscribe', 'filter'];

/**
 * A client's filter request: `subscribe` adds tickers, `unsubscribe` removes them, `filter`
 * replaces the set. `tickers: '*'` stands for every ticker (sent as `["*"]`).
 */
export interface FilterMessage {
  action: FilterAction;
  tickers: readonly string[] | '*';
}

/**
 * Parses `{"action":"subscribe"|"unsubscribe"|"filter","tickers":[...]}`; throws
 * {@link InvalidArgumentError} naming the field at fault (`message`, `action`, `tickers`).
 */
export function parseFilterMessage(text: string, maxTickers: number): FilterMessage {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    throw new InvalidArgumentError('message', text, 'must be JSON');
  }
  if (msg === null || typeof msg !== 'object' || Array.isArray(msg))
    throw new InvalidArgumentError('message', msg, 'must be a JSON object');
  const { action, tickers } = msg as { action?: unknown; tickers?: unknown };
  if (typeof action !== 'string' || !(ACTIONS as readonly string[]).includes(action))
    throw new InvalidArgumentError('action', action, `must be one of ${ACTIONS.join(', ')}`);
  if (!Array.isArray(tickers))
    throw new InvalidArgumentError('tickers', tickers, 'must be an array of tickers or ["*"]');
  if (tickers.length === 1 && tickers[0] === '*')
    return { action: action as FilterAction, tickers: '*' };
  if (tickers.length > maxTickers)
    throw new InvalidArgumentError('tickers', tickers, `must list at most ${maxTickers} tickers`);
  return { action: action as FilterAction, tickers: normaliseTickers(tickers, 'tickers') };
}
