import { describe, expect, it } from 'vitest';
import { AUTH_SUCCESS, CONNECTED, vendorReply } from './fake-vendor.js';
import { manualClient } from './manual.js';

describe('callbacks may call back into the client', () => {
  it('subscribe() from the connected callback sends every topic exactly once', async () => {
    const { client, vendor, log, run } = manualClient({ channels: ['T'] });
    void client.subscribe(['AAPL']);
    log.when('connected', () => void client.subscribe(['MSFT']));
    void client.connect();
    await run(0);
    expect(vendor.subscribed(vendor.conns[0]!).sort()).toEqual(['T.AAPL', 'T.MSFT']);
    expect(client.stats.confirmedTopics).toBe(2);
    await client.disconnect();
  });

  it('disconnect() from the connected callback leaves no timer running', async () => {
    const { client, clock, log, run } = manualClient();
    log.when('connected', () => void client.disconnect());
    void client.connect();
    await run(0);
    expect(client.state).toBe('closed');
    expect(clock.pending()).toBe(0);
  });

  it('delivers no event of the frame in progress after disconnect() from a status callback', async () => {
    const ticks: string[] = [];
    const { client, log, run } = manualClient({
      onTick: (t) => void ticks.push(t.ticker),
      vendor: {
        onOpen: (c) => c.send(CONNECTED),
        onMessage: (c, msg) => {
          if (msg.action !== 'auth') return vendorReply(c, msg);
          // auth_success and a trade in one frame: the callback for the first ends the session.
          const success = JSON.parse(AUTH_SUCCESS) as object[];
          c.send(JSON.stringify([...success, { ev: 'T', sym: 'AAPL', p: 1, s: 1, t: 1 }]));
        },
      },
    });
    log.when('connected', () => void client.disconnect());
    void client.connect();
    await run(0);
    expect(client.state).toBe('closed');
    expect(ticks).toEqual([]);
  });
});
