import { describe, expect, it } from 'vitest';
import {
  clusterOfUrl,
  ErrorCode,
  InvalidTickerError,
  isValidTickerFor,
  normaliseTicker,
  normaliseTickers,
  parseTickerList,
} from '../src/index.js';

describe('tickers by cluster', () => {
  it('takes the cluster from the URL path, stocks when it names none', () => {
    expect(clusterOfUrl('wss://socket.massive.com/stocks')).toBe('stocks');
    expect(clusterOfUrl('wss://delayed.massive.com/crypto')).toBe('crypto');
    expect(clusterOfUrl('wss://socket.massive.com/forex')).toBe('forex');
    expect(clusterOfUrl('wss://socket.massive.com/indices')).toBe('indices');
    expect(clusterOfUrl('wss://socket.massive.com/options')).toBe('options');
    expect(clusterOfUrl('wss://socket.massive.com/futures/cme')).toBe('futures');
    expect(clusterOfUrl('ws://127.0.0.1:8765/stocks')).toBe('stocks');
    expect(clusterOfUrl('ws://127.0.0.1:8765/')).toBe('stocks');
    expect(clusterOfUrl('ws://proxy.internal/feed')).toBe('stocks');
  });

  it("accepts each cluster's symbols, as the vendor writes them, and only there", () => {
    const valid = {
      stocks: ['AAPL', 'BRK.B', 'BF-B'],
      crypto: ['X:BTC-USD', 'BTC-USD', 'X:1INCH-USD', 'ETH-EUR'],
      forex: ['C:EUR-USD', 'USD/CNH'],
      indices: ['I:SPX', 'I:DJI', 'I:NDX'],
      options: ['O:SPY241220P00720000', 'O:AMC210827C00037000', 'O:AMC1210827C00037000'],
      futures: ['ESZ4', 'GCJ25'],
    } as const;
    for (const [cluster, tickers] of Object.entries(valid)) {
      for (const t of tickers)
        expect(isValidTickerFor(t, cluster as never), `${cluster} ${t}`).toBe(true);
    }
    expect(isValidTickerFor('X:BTC-USD', 'stocks')).toBe(false);
    expect(isValidTickerFor('AAPL', 'options')).toBe(false);
    expect(isValidTickerFor('O:SPY241220X00720000', 'options')).toBe(false);
    expect(isValidTickerFor('SPX', 'indices')).toBe(false);
    expect(isValidTickerFor('EURUSD', 'forex')).toBe(false);
    expect(isValidTickerFor('BTCUSD', 'crypto')).toBe(false);
  });

  it('normalises per cluster and names the cluster in the error', () => {
    expect(normaliseTicker(' x:btc-usd ', 'ticker', 'crypto')).toBe('X:BTC-USD');
    expect(normaliseTickers(['i:spx', 'I:SPX'], 'tickers', 'indices')).toEqual(['I:SPX']);
    expect(parseTickerList('c:eur-usd, AAPL', 'forex')).toEqual({
      tickers: ['C:EUR-USD'],
      invalid: ['AAPL'],
    });
    expect(() => normaliseTicker('AAPL', 'tickers[0]', 'crypto')).toThrow(
      expect.objectContaining({
        code: ErrorCode.INVALID_TICKER,
        field: 'tickers[0]',
        message: expect.stringContaining('crypto') as unknown,
      }),
    );
  });

  it('anchors every cluster pattern at both ends and names its format in the error', () => {
    const valid = {
      stocks: 'BRK.AB',
      options: 'O:SPY241220P00720000',
      indices: 'I:SPX',
      forex: 'C:EUR-USD',
      crypto: 'X:BTC-USD',
      futures: 'ESZ4',
    } as const;
    for (const [cluster, ticker] of Object.entries(valid)) {
      const c = cluster as keyof typeof valid;
      expect(isValidTickerFor(ticker, c), ticker).toBe(true);
      expect(isValidTickerFor(`1${ticker}`, c), `1${ticker}`).toBe(false);
      expect(isValidTickerFor(`${ticker}!`, c), `${ticker}!`).toBe(false);
      expect(() => normaliseTicker('!', 'f', c)).toThrow(
        expect.objectContaining({
          message: expect.stringContaining(`not a valid ${c} ticker (e.g. `),
        }),
      );
    }
    expect(clusterOfUrl('not a url')).toBe('stocks');
    expect(new InvalidTickerError('f', 'x').message).toContain('not a valid stocks ticker');
  });
});
