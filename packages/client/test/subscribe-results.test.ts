import { describe, expect, it } from 'vitest';
import { CONNECTED, vendorReply, type FakeConn } from './fake-vendor.js';
import { manualClient, settled } from './manual.js';

const AUTH_FAILED = '[{"ev":"status","status":"auth_failed","message":"authentication failed"}]';

/** A vendor that refuses topics of `refused` with an `error` status naming nothing. */
function refusing(refused: string) {
  return (c: FakeConn, msg: { action: string; params: string }) => {
    if (msg.action !== 'subscribe') return vendorReply(c, msg);
    for (const topic of msg.params.split(',')) {
      if (topic.endsWith(`.${refused}`))
        c.send('[{"ev":"status","status":"error","message":"not authorized"}]');
      else vendorReply(c, { action: 'subscribe', params: topic });
    }
  };
}

describe('subscribe() results', () => {
  it('resolves false on a failed client', async () => {
    const { client, run } = manualClient({
      vendor: { onMessage: (c) => c.send(AUTH_FAILED) },
    });
    expect(await client.connect()).toBe(false);
    expect(client.state).toBe('failed');
    const result = settled(client.subscribe(['AAPL']));
    await run(0);
    expect(result).toEqual({ done: true, value: false });
  });

  it('resolves false on a closed client', async () => {
    const { client, run } = manualClient();
    await client.connect();
    await client.disconnect();
    const result = settled(client.subscribe(['AAPL']));
    await run(0);
    expect(result).toEqual({ done: true, value: false });
  });

  it('resolves false as soon as the server refuses a topic, not after the confirm timeout', async () => {
    const { client, run } = manualClient({
      channels: ['T'],
      vendor: { onMessage: refusing('SECRET') },
    });
    await client.connect();
    const result = settled(client.subscribe(['AAPL', 'SECRET', 'MSFT']));
    await run(0); // no time passes
    expect(result).toEqual({ done: true, value: false });
    expect(client.subscriptions().map((t) => [t.topic, t.status])).toEqual([
      ['T.AAPL', 'confirmed'],
      ['T.SECRET', 'refused'],
      ['T.MSFT', 'confirmed'],
    ]);
    expect(await client.subscribe(['AAPL', 'MSFT'])).toBe(true);
    await client.disconnect();
  });

  it('takes subscribe and unsubscribe while reconnecting, and applies them on the next socket', async () => {
    const { client, vendor, run } = manualClient({ channels: ['T'] });
    await client.connect();
    await client.subscribe(['AAPL', 'NVDA']);
    vendor.conns[0]!.drop();
    await run(0);
    expect(client.state).toBe('reconnecting');
    const sub = settled(client.subscribe(['MSFT']));
    const unsub = settled(client.unsubscribe(['AAPL']));
    await run(0);
    expect(unsub).toEqual({ done: true, value: true }); // nothing holds it any more
    expect(sub.done).toBe(false); // true only once confirmed
    await run(1_000);
    expect(client.state).toBe('connected');
    expect(sub).toEqual({ done: true, value: true });
    expect(vendor.subscribed(vendor.conns[1]!).sort()).toEqual(['T.MSFT', 'T.NVDA']);
    expect(vendor.conns[1]!.sent.some((s) => s.includes('unsubscribe'))).toBe(false);
    await client.disconnect();
  });

  it('sends what was queued before connect() after authentication', async () => {
    const { client, vendor, run } = manualClient({
      channels: ['T'],
      vendor: { onOpen: (c) => c.send(CONNECTED) },
    });
    const early = settled(client.subscribe(['AAPL']));
    await run(0);
    expect(early).toEqual({ done: true, value: false }); // idle: not live, kept for connect()
    await client.connect();
    await run(0);
    expect(vendor.subscribed(vendor.conns[0]!)).toEqual(['T.AAPL']);
    expect(client.stats.confirmedTopics).toBe(1);
    await client.disconnect();
  });
});
