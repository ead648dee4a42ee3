import { ErrorCode, InvalidArgumentError } from './errors.js';

/**
 * A US stock ticker after normalisation: upper case, a letter first, up to 10 letters/digits,
 * optionally one class or series suffix after `.` or `-` (`BRK.B`, `BF-B`, `GOOGL`).
 */
const TICKER_RE = /^[A-Z][A-Z0-9]{0,9}(?:[.-][A-Z0-9]{1,5})?$/;

/** A ticker as written in topics: a normalised ticker or the wildcard `*`. */
export function isValidTicker(ticker: string): boolean {
  return TICKER_RE.test(ticker);
}

/** A ticker that failed validation; `field` names where it came from (a config key, an argument). */
export class InvalidTickerError extends InvalidArgumentError {
  constructor(field: string, value: unknown) {
    super(
      field,
      value,
      'not a valid ticker (expected e.g. AAPL or BRK.B: a letter, up to 10 letters or digits, an optional .X or -X suffix)',
      ErrorCode.INVALID_TICKER,
    );
  }
}

/** Trims and upper-cases one ticker; throws {@link InvalidTickerError} naming `field` if invalid. */
export function normaliseTicker(raw: unknown, field = 'ticker'): string {
  if (typeof raw !== 'string') throw new InvalidTickerError(field, raw);
  const ticker = raw.trim().toUpperCase();
  if (!TICKER_RE.test(ticker)) throw new InvalidTickerError(field, raw);
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
export function parseTickerList(input: string | readonly unknown[]): ParsedTickers {
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
    if (!TICKER_RE.test(ticker)) {
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
export function normaliseTickers(input: string | readonly unknown[], field = 'tickers'): string[] {
  const { tickers, invalid } = parseTickerList(input);
  if (invalid.length > 0) throw new InvalidTickerError(field, invalid[0]);
  return tickers;
}
