import {
  assertChannel,
  ErrorCode,
  InvalidArgumentError,
  normaliseTickers,
  parseTopic,
  type Cluster,
} from '@tickmux/core';

/** A topic with its parts. */
export interface TopicEntry {
  topic: string;
  ticker: string;
  channel: string;
}

/**
 * What `subscribe()` and `unsubscribe()` take:
 * - tickers (`'AAPL'`, `['AAPL', 'MSFT']`, `'*'` = every ticker): on every configured channel;
 * - tickers per channel: `{ T: ['AAPL', 'MSFT'], Q: ['AAPL'], AM: '*' }`;
 * - explicit topics: `{ topics: ['T.AAPL', 'Q.MSFT', 'AM.*'] }`.
 */
export type TopicSelection =
  | string
  | readonly string[]
  | { readonly topics: readonly string[] }
  | { readonly [channel: string]: string | readonly string[] };

const isWildcard = (t: unknown) => typeof t === 'string' && t.trim() === '*';

/**
 * Tickers of `cluster`, normalised (trimmed, upper-cased, deduplicated); `'*'` kept as the
 * wildcard. Throws `InvalidTickerError` naming `field` and the first bad entry.
 */
export function selectTickers(
  tickers: string | readonly string[],
  cluster: Cluster,
  field = 'tickers',
): string[] {
  const list: readonly unknown[] = typeof tickers === 'string' ? [tickers] : tickers;
  if (!Array.isArray(list))
    throw new InvalidArgumentError(field, tickers, 'must be a ticker or a list of tickers');
  const named = normaliseTickers(
    list.filter((t) => !isWildcard(t)),
    field,
    cluster,
  );
  return list.some(isWildcard) ? ['*', ...named] : named;
}

/** tickers × channels as topics, ticker-major. */
export function topicEntries(
  tickers: string | readonly string[],
  channels: readonly string[],
  cluster: Cluster = 'stocks',
  field = 'tickers',
): TopicEntry[] {
  const out: TopicEntry[] = [];
  for (const ticker of selectTickers(tickers, cluster, field))
    for (const channel of channels) out.push({ topic: `${channel}.${ticker}`, ticker, channel });
  return out;
}

/**
 * The topics a {@link TopicSelection} names, deduplicated, in order. Bad input throws a typed
 * error naming the field: `tickers`, the channel key (`T`), or `topics[i]`.
 */
export function selectTopics(
  selection: TopicSelection,
  channels: readonly string[],
  cluster: Cluster,
): TopicEntry[] {
  if (typeof selection === 'string' || Array.isArray(selection))
    return topicEntries(selection as string | readonly string[], channels, cluster);
  if (selection === null || typeof selection !== 'object')
    throw new InvalidArgumentError(
      'tickers',
      selection,
      'must be tickers, { topics } or { [channel]: tickers }',
    );
  const keys = Object.keys(selection);
  if (keys.length === 0)
    throw new InvalidArgumentError('tickers', selection, 'names no channel and no topic');
  const out: TopicEntry[] = [];
  if (keys.includes('topics')) {
    if (keys.length > 1)
      throw new InvalidArgumentError('topics', selection, 'cannot be mixed with channel keys');
    const topics = (selection as { topics: unknown }).topics;
    if (!Array.isArray(topics)) throw new InvalidArgumentError('topics', topics, 'must be a list');
    topics.forEach((t, i) => out.push(explicitTopic(t, cluster, `topics[${i}]`)));
  } else {
    const perChannel = selection as Readonly<Record<string, string | readonly string[]>>;
    for (const channel of keys) {
      assertChannel(channel, channel);
      out.push(...topicEntries(perChannel[channel]!, [channel], cluster, channel));
    }
  }
  return dedupe(out);
}

function explicitTopic(raw: unknown, cluster: Cluster, field: string): TopicEntry {
  const parts = typeof raw === 'string' ? parseTopic(raw.trim().toUpperCase()) : undefined;
  if (parts === undefined) {
    throw new InvalidArgumentError(
      field,
      raw,
      'not a topic (expected CHANNEL.TICKER, e.g. T.AAPL or AM.*)',
      ErrorCode.INVALID_TOPIC,
    );
  }
  const [ticker] = selectTickers(parts.ticker, cluster, field);
  return { topic: `${parts.channel}.${ticker!}`, ticker: ticker!, channel: parts.channel };
}

function dedupe(entries: TopicEntry[]): TopicEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => !seen.has(e.topic) && seen.add(e.topic) !== undefined);
}
