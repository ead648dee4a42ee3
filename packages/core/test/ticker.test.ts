import { describe, expect, it } from 'vitest';
import {
  ErrorCode,
  InvalidTickerError,
  isValidTicker,
  normaliseTicker,
  normaliseTickers,
  parseTickerList,
} from '../src/index.js';

describe('tickers', () => {
  it('accepts common tickers and class suffixes', () => {
    for (const t of ['A', 'AAPL', 'GOOGL', 'BRK.B', 'BF-B', 'ZVZZT'])
      expect(isValidTicker(t)).toBe(true);
  });

  it('rejects garbage', () => {
    for (const t of ['', 'aapl', 'AA PL', '$$$', '1ABC', 'A..B', 'TOOLONGTICKER', 'T.AAPL,Q']) {
      expect(isValidTicker(t)).toBe(false);
    }
  });

  it('normalises case and whitespace', () => {
    expect(normaliseTicker('  brk.b ')).toBe('BRK.B');
  });

  it('throws a typed error naming the field', () => {
    expect(() => normaliseTicker('AA PL', 'WEBSOCKET_CONNECTION_1_SYMBOLS')).toThrow(
      InvalidTickerError,
    );
    expect(() => normaliseTicker(42, 'tickers[3]')).toThrow(
      expect.objectContaining({
        code: ErrorCode.INVALID_TICKER,
        field: 'tickers[3]',
        value: 42,
        message: expect.stringContaining('tickers[3]'),
      }),
    );
    expect(() => normaliseTicker(42, 'tickers[3]')).toThrow(InvalidTickerError);
    // Without a field name the error names `ticker` (one) or `tickers` (a list).
    expect(() => normaliseTicker('a b')).toThrow(expect.objectContaining({ field: 'ticker' }));
    expect(() => normaliseTickers(['AAPL', 'a b'])).toThrow(
      expect.objectContaining({ field: 'tickers', value: 'a b' }),
    );
    expect(parseTickerList(['AAPL', 7, null])).toEqual({
      tickers: ['AAPL'],
      invalid: ['7', 'null'],
    });
  });

  it('parses a comma list: trims, upper-cases, dedupes in order, collects every reject', () => {
    expect(parseTickerList(' aapl, MSFT,,AAPL , brk.b, $$$, a b')).toEqual({
      tickers: ['AAPL', 'MSFT', 'BRK.B'],
      invalid: ['$$$', 'a b'],
    });
  });

  it('normaliseTickers throws on the first invalid entry', () => {
    expect(normaliseTickers(['nvda', 'NVDA'])).toEqual(['NVDA']);
    expect(() => normaliseTickers(['NVDA', '!!'])).toThrow(
      expect.objectContaining({ value: '!!' }),
    );
  });
});
