import { describe, expect, it } from 'vitest';
import { RetriesExhaustedError } from '../src/index.js';
import { AUTH_SUCCESS, vendorReply } from './fake-vendor.js';
import { manualClient } from './manual.js';

describe('retry budget and backoff (default options, manual clock)', () => {
  it.each([{}, { maxRetries: 3 }])(
    'fail, fail, succeed, drop after 10 s, fail: reconnects (the budget is per outage) %o',
    async (opts) => {
      // Sockets 1, 2 and 4 are refused; 3 and 5 authenticate.
      const { client, vendor, run } = manualClient({
        ...opts,
        vendor: { refuse: (n) => n === 1 || n === 2 || n === 4 },
      });
      const connected = client.connect();
      await run(3_000); // 1 s + 2 s of backoff
      expect(await connected).toBe(true);
      expect(vendor.conns).toHaveLength(3);
      await run(10_000);
      vendor.conns[2]!.drop();
      await run(60_000);
      expect(vendor.conns).toHaveLength(5);
      expect(client.state).toBe('connected');
      expect(client.stats.reconnects).toBe(1);
      await client.disconnect();
    },
  );

  it('still gives up after maxRetries failures in one outage', async () => {
    const { client, vendor, run } = manualClient({
      maxRetries: 3,
      vendor: { refuse: (n) => n > 1 },
    });
    await client.connect();
    vendor.conns[0]!.drop();
    await run(60_000);
    expect(vendor.conns).toHaveLength(4); // 3 retries
    expect(client.state).toBe('failed');
    expect(client.lastError).toBeInstanceOf(RetriesExhaustedError);
    expect(client.stats.reconnects).toBe(0); // lost, never re-established
  });

  it('backs off 1 s again after a stable connection, but keeps growing for a flapping one', async () => {
    const { client, vendor, log, run } = manualClient({
      vendor: { refuse: (n) => n === 1 || n === 2 },
    });
    void client.connect();
    await run(3_000);
    expect(log.delays()).toEqual([1_000, 2_000]);
    await run(10_000);
    vendor.conns[2]!.drop(); // up 10 s: flapping, the backoff goes on
    await run(4_000);
    expect(log.delays()).toEqual([1_000, 2_000, 4_000]);
    expect(vendor.conns).toHaveLength(4);
    await run(61_000); // stable (60 s)
    vendor.conns[3]!.drop();
    await run(1_000);
    expect(log.delays()).toEqual([1_000, 2_000, 4_000, 1_000]);
    expect(vendor.conns).toHaveLength(5);
    expect(client.state).toBe('connected');
    await client.disconnect();
  });

  it('counts connections that drop right after auth as breaker failures: 20 cycles open it', async () => {
    const { client, vendor, run } = manualClient({
      vendor: {
        onMessage: (c, msg) => {
          if (msg.action !== 'auth') return vendorReply(c, msg);
          c.send(AUTH_SUCCESS);
          queueMicrotask(() => c.drop());
        },
      },
    });
    void client.connect();
    let opened = false;
    for (let i = 0; i < 400 && vendor.conns.length < 20; i++) {
      await run(5_000);
      opened ||= client.stats.circuit.state === 'open';
    }
    expect(vendor.conns.length).toBe(20);
    expect(opened).toBe(true);
    expect(client.stats.circuit.opens).toBeGreaterThanOrEqual(2);
    expect(client.state).not.toBe('failed');
    await client.disconnect();
  });

  it('closes a half-open breaker after 3 successes: each 60 s (stableAfterMs) a connection stays up', async () => {
    let refusing = true;
    const { client, vendor, run } = manualClient({ vendor: { refuse: () => refusing } });
    void client.connect();
    await run(15_000); // attempts at 0, 1, 3, 7, 15 s: five failures
    expect(vendor.conns).toHaveLength(5);
    expect(client.stats.circuit.state).toBe('open');
    refusing = false;
    await run(16_000); // the half-open trial
    expect(vendor.conns).toHaveLength(6);
    expect(client.state).toBe('connected');
    expect(client.stats.circuit.state).toBe('half-open');
    await run(179_000);
    expect(client.stats.circuit.state).toBe('half-open');
    await run(1_000);
    expect(client.stats.circuit).toMatchObject({ state: 'closed', opens: 0 });
    await client.disconnect();
  });
});
