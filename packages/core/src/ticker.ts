import { CLUSTER_TICKERS, type Cluster } from './cluster.js';
import { ErrorCode, InvalidArgumentError } from './errors.js';

const TICKER_RE = CLUSTER_TICKERS.stocks.re;

/** A normalised US stock ticker (`AAPL`, `BRK.B`). For other clusters see {@link isValidTickerFor}. */
export function isValidTicker(ticker: string): boolean {
  return TICKER_RE.test(ticker);
}

/** Whether `ticker` (normalised: upper case, trimmed) is a symbol of `cluster`. */
export function isValidTickerFor(ticker: string, cluster: Cluster): boolean {
  return CLUSTER_TICKERS[cluster].re.test(ticker);
}

/** A ticker that failed validation; `field` names where it came from (a config key, an argument). */
export class InvalidTickerError extends InvalidArgumentError {
  constructor(field: string, value: unknown, cluster: Cluster = 'stocks') {
    super(
      field,
      value,
      `not a valid ${cluster} ticker (${CLUSTER_TICKERS[cluster].expected})`,
      ErrorCode.INVALID_TICKER,
    );
  }
}

/**
 * Trims and upper-cases one ticker of `cluster` (stocks by default); throws
 * {@link InvalidTickerError} naming `field` if invalid.
 */
export function normaliseTicker(
  raw: unknown,
  field = 'ticker',
  cluster: Cluster = 'stocks',
): string {
  if (typeof raw !== 'string') throw new InvalidTickerError(field, raw, cluster);
  const ticker = raw.trim().toUpperCase();
  if (!CLUSTER_TICKERS[cluster].re.test(ticker)) throw new InvalidTickerError(field, raw, cluster);
  return ticker;
}

/** Result of {@link parseTickerList}: the valid tickers (deduplicated, in order) and the rejects. */
export interface ParsedTickers {
  tickers: string[];
  invalid: string[];
}

/**
 * Normalises a list of tickers or a comma-separated string (`"aapl, MSFT,,brk.b"`): trims,
 * upper-cases, drops empty entries and duplicates (first occurrence wins), and returns the entries
 * that are not tickers separately so a caller can report all of them at once.
 */
export function parseTickerList(
  input: string | readonly unknown[],
  cluster: Cluster = 'stocks',
): ParsedTickers {
  const re = CLUSTER_TICKERS[cluster].re;
  const items: readonly unknown[] = typeof input === 'string' ? input.split(',') : input;
  const seen = new Set<string>();
  const tickers: string[] = [];
  const invalid: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string') {
      invalid.push(String(item));
      continue;
    }
    const ticker = item.trim().toUpperCase();
    if (ticker === '') continue;
    if (!re.test(ticker)) {
      invalid.push(item.trim());
      continue;
    }
    if (seen.has(ticker)) continue;
    seen.add(ticker);
    tickers.push(ticker);
  }
  return { tickers, invalid };
}

/**
 * Like {@link parseTickerList} but throws {@link InvalidTickerError} for the first invalid entry.
 * For public API arguments (`subscribe(['AAPL'])`), where one bad ticker should fail the call.
 */
export function normaliseTickers(
  input: string | readonly unknown[],
  field = 'tickers',
  cluster: Cluster = 'stocks',
): string[] {
  const { tickers, invalid } = parseTickerList(input, cluster);
  if (invalid.length > 0) throw new InvalidTickerError(field, invalid[0], cluster);
  return tickers;
}
