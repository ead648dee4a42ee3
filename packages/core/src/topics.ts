import { ErrorCode, InvalidArgumentError } from './errors.js';

/** A channel name: upper-case letters (T, Q, A, AM, LULD, ...). */
const CHANNEL_RE = /^[A-Z]{1,8}$/;
/** A topic's ticker part: the wildcard or a symbol of any cluster (AAPL, BRK.B, X:BTC-USD). */
const TOPIC_TICKER_RE = /^(?:\*|[A-Za-z0-9][A-Za-z0-9.:/_-]{0,39})$/;

/** A topic split into its parts. */
export interface TopicParts {
  channel: string;
  ticker: string;
}

/** `topic('T', 'AAPL')` → `'T.AAPL'`; `topic('AM', '*')` → `'AM.*'`. No validation (hot path). */
export function topic(channel: string, ticker: string): string {
  return `${channel}.${ticker}`;
}

/** Every topic for tickers × channels, ticker-major: AAPL's channels first, then the next ticker. */
export function topicsFor(tickers: Iterable<string>, channels: readonly string[]): string[] {
  const out: string[] = [];
  for (const ticker of tickers) for (const channel of channels) out.push(`${channel}.${ticker}`);
  return out;
}

/** Splits `'T.BRK.B'` into `{ channel: 'T', ticker: 'BRK.B' }`; undefined if it is not a topic. */
export function parseTopic(text: string): TopicParts | undefined {
  const dot = text.indexOf('.');
  if (dot <= 0) return undefined;
  const channel = text.slice(0, dot);
  const ticker = text.slice(dot + 1);
  if (!CHANNEL_RE.test(channel) || !TOPIC_TICKER_RE.test(ticker)) return undefined;
  return { channel, ticker };
}

/** True for a well-formed channel name. */
export function isValidChannel(channel: string): boolean {
  return CHANNEL_RE.test(channel);
}

/** Validates a channel name, throwing an {@link InvalidArgumentError} naming `field`. */
export function assertChannel(channel: unknown, field = 'channel'): string {
  if (typeof channel !== 'string' || !CHANNEL_RE.test(channel)) {
    throw new InvalidArgumentError(
      field,
      channel,
      'not a channel (expected e.g. T, Q, A, AM)',
      ErrorCode.INVALID_TOPIC,
    );
  }
  return channel;
}

/**
 * Splits a subscribe/unsubscribe `params` string into topics: commas separate, spaces around
 * them are allowed (`"T.AAPL, Q.MSFT"`), empty entries are dropped. Order is kept.
 */
export function splitTopicList(params: string): string[] {
  const out: string[] = [];
  for (const part of params.split(',')) {
    const t = part.trim();
    if (t !== '') out.push(t);
  }
  return out;
}
