import { normaliseTickers } from '@tickmux/core';

/** A topic with its parts. */
export interface TopicEntry {
  topic: string;
  ticker: string;
  channel: string;
}

/**
 * tickers × channels as topics. Tickers are normalised (trimmed, upper-cased, deduplicated);
 * `'*'` means every ticker. Throws `InvalidTickerError` naming the first bad entry.
 */
export function topicEntries(
  tickers: string | readonly string[],
  channels: readonly string[],
): TopicEntry[] {
  const list = typeof tickers === 'string' ? [tickers] : tickers;
  const wildcard = list.some((t) => typeof t === 'string' && t.trim() === '*');
  const named = normaliseTickers(
    list.filter((t) => !(typeof t === 'string' && t.trim() === '*')),
    'tickers',
  );
  const all = wildcard ? ['*', ...named] : named;
  const out: TopicEntry[] = [];
  for (const ticker of all)
    for (const channel of channels) out.push({ topic: `${channel}.${ticker}`, ticker, channel });
  return out;
}
