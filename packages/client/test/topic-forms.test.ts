import { ErrorCode } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import { selectTopics } from '../src/index.js';
import { manualClient } from './manual.js';

describe('per-channel topics', () => {
  it('subscribes trades for many tickers and quotes for a few, in one call', async () => {
    const { client, vendor } = manualClient();
    await client.connect();
    const many = Array.from({ length: 500 }, (_, i) => `S${i}`);
    expect(await client.subscribe({ T: many, Q: ['AAPL', 'MSFT'] })).toBe(true);
    const sent = vendor.subscribed(vendor.conns[0]!);
    expect(sent).toHaveLength(502);
    expect(sent.filter((t) => t.startsWith('Q.'))).toEqual(['Q.AAPL', 'Q.MSFT']);
    expect(client.stats.confirmedTopics).toBe(502);
    await client.disconnect();
  });

  it('takes explicit topics, wildcards included, and unsubscribes per channel', async () => {
    const { client, vendor } = manualClient();
    await client.connect();
    expect(await client.subscribe({ topics: ['T.AAPL', 'am.*', 'LULD.MSFT'] })).toBe(true);
    expect(await client.subscribe(['AAPL'])).toBe(true); // every configured channel: T (already), Q, AM
    expect(client.subscriptions().map((t) => t.topic)).toEqual([
      'T.AAPL',
      'AM.*',
      'LULD.MSFT',
      'Q.AAPL',
      'AM.AAPL',
    ]);
    expect(await client.unsubscribe({ Q: ['AAPL'] })).toBe(true);
    expect(await client.unsubscribe(['MSFT'])).toBe(true); // a ticker: every channel it is on
    expect(client.subscriptions().map((t) => t.topic)).toEqual(['T.AAPL', 'AM.*', 'AM.AAPL']);
    const unsubscribed = vendor.conns[0]!.sent.map(
      (s) => JSON.parse(s) as { action: string; params: string },
    )
      .filter((m) => m.action === 'unsubscribe')
      .map((m) => m.params);
    expect(unsubscribed).toEqual(['Q.AAPL', 'LULD.MSFT']);
    await client.disconnect();
  });

  it('rejects bad selections with a typed error naming the field', () => {
    const bad: [unknown, string, string][] = [
      [{ t: ['AAPL'] }, 't', ErrorCode.INVALID_TOPIC],
      [{ T: ['BAD TICKER'] }, 'T', ErrorCode.INVALID_TICKER],
      [{ topics: ['AAPL'] }, 'topics[0]', ErrorCode.INVALID_TOPIC],
      [{ topics: ['T.AAPL', 'T.1ABC'] }, 'topics[1]', ErrorCode.INVALID_TICKER],
      [{ topics: ['T.AAPL', 'T.BAD TICKER'] }, 'topics[1]', ErrorCode.INVALID_TOPIC],
      [{ topics: ['T.AAPL'], Q: ['MSFT'] }, 'topics', ErrorCode.INVALID_ARGUMENT],
      [{}, 'tickers', ErrorCode.INVALID_ARGUMENT],
      [42, 'tickers', ErrorCode.INVALID_ARGUMENT],
    ];
    for (const [selection, field, code] of bad) {
      expect(
        () => selectTopics(selection as never, ['T'], 'stocks'),
        JSON.stringify(selection),
      ).toThrow(expect.objectContaining({ field, code }));
    }
  });
});

describe('clusters', () => {
  it("validates tickers by the URL's cluster", async () => {
    const { client, vendor } = manualClient({
      url: 'wss://socket.massive.com/crypto',
      channels: ['XT'],
    });
    await client.connect();
    expect(await client.subscribe(['X:BTC-USD', 'eth-usd'])).toBe(true);
    expect(vendor.subscribed(vendor.conns[0]!)).toEqual(['XT.X:BTC-USD', 'XT.ETH-USD']);
    await expect(client.subscribe(['AAPL'])).rejects.toMatchObject({
      code: ErrorCode.INVALID_TICKER,
    });
    await client.disconnect();
  });

  it('keeps stocks validation on a stocks URL, and takes an explicit cluster', () => {
    expect(() => selectTopics(['X:BTC-USD'], ['T'], 'stocks')).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_TICKER, field: 'tickers' }),
    );
    expect(selectTopics({ topics: ['AM.I:SPX'] }, ['AM'], 'indices')).toEqual([
      { topic: 'AM.I:SPX', ticker: 'I:SPX', channel: 'AM' },
    ]);
    const { client } = manualClient({ url: 'ws://127.0.0.1:1/feed', cluster: 'options' });
    return expect(client.subscribe({ T: ['O:SPY241220P00720000'] })).resolves.toBe(false); // idle
  });
});
