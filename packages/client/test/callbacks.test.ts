import { describe, expect, it, vi } from 'vitest';
import { SubscriptionBook } from '../src/subscription-book.js';
import { CONNECTED, vendorReply } from './fake-vendor.js';
import { manualClient } from './manual.js';

const AUTH_FAILED = '[{"ev":"status","status":"auth_failed","message":"authentication failed"}]';

describe('callbacks', () => {
  it('keeps server statuses and lifecycle changes apart, the server status first', async () => {
    const { client, log } = manualClient({
      vendor: { onMessage: (c) => c.send(AUTH_FAILED) },
    });
    expect(await client.connect()).toBe(false);
    expect(log.statuses()).toEqual(['connected', 'auth_failed']);
    expect(log.states()).toEqual(['connecting', 'authenticating', 'failed']);
    const at = (pred: (e: (typeof log.entries)[number]) => boolean) => log.entries.findIndex(pred);
    expect(at((e) => e.type === 'status' && e.kind === 'auth_failed')).toBeLessThan(
      at((e) => e.type === 'state' && e.state === 'failed'),
    );
  });

  it('handles a frame in order: an ack between two trades is reported between them', async () => {
    const order: string[] = [];
    const { client, vendor, run } = manualClient({
      channels: ['T'],
      onTick: (t) => void order.push(`tick ${t.ticker}`),
      onStatus: (s) => void order.push(`status ${s.kind}`),
      vendor: {
        onOpen: (c) => c.send(CONNECTED),
        onMessage: (c, msg) => msg.action === 'auth' && vendorReply(c, msg),
      },
    });
    await client.connect();
    void client.subscribe(['MSFT']);
    order.length = 0;
    vendor.conns[0]!.send(
      JSON.stringify([
        { ev: 'T', sym: 'AAPL', p: 1, s: 1, t: 1 },
        { ev: 'status', status: 'success', message: 'subscribed to: T.MSFT' },
        { ev: 'T', sym: 'MSFT', p: 2, s: 1, t: 2 },
      ]),
    );
    await run(0);
    expect(order).toEqual(['tick AAPL', 'status success', 'tick MSFT']);
    await client.disconnect();
  });

  it('reads stats without copying every topic', async () => {
    const { client, run } = manualClient();
    await client.connect();
    void client.subscribe(Array.from({ length: 100 }, (_, i) => `S${i}`));
    await run(0);
    const list = vi.spyOn(SubscriptionBook.prototype, 'list');
    expect(client.stats).toMatchObject({ topics: 300, confirmedTopics: 300 });
    expect(list).not.toHaveBeenCalled();
    list.mockRestore();
    await client.disconnect();
  });
});
