import { describe, expect, it } from 'vitest';
import { DataSilenceError, HeartbeatTimeoutError } from '../src/index.js';
import { manualClient } from './manual.js';

const DAY = 24 * 60 * 60 * 1_000;
const trade = (q: number) =>
  JSON.stringify([{ ev: 'T', sym: 'ILLQ', p: 10 + q / 100, s: 100, t: 1_700_000_000_000 + q, q }]);

describe('liveness with default options (manual clock)', () => {
  it('keeps a quiet, ping-answering connection for 24 h: one socket, a ping every 25 s', async () => {
    const { client, vendor, run } = manualClient();
    void client.connect();
    void client.subscribe(['ILLQ']);
    await run(0);
    expect(client.state).toBe('connected');
    await run(DAY, 5_000);
    expect(vendor.conns).toHaveLength(1);
    expect(vendor.conns[0]!.pings).toBe(DAY / 25_000); // 3456
    expect(client.stats.reconnects).toBe(0);
    expect(client.stats.socketsOpened).toBe(1);
    expect(client.state).toBe('connected');
    await client.disconnect();
  });

  it('sends a ping when 60 s pass without a frame, and keeps the socket', async () => {
    const { client, vendor, run } = manualClient();
    void client.connect();
    await run(60_000);
    expect(vendor.conns[0]!.pings).toBeGreaterThanOrEqual(1);
    expect(vendor.conns[0]!.ended).toBe(false);
    expect(client.state).toBe('connected');
    await client.disconnect();
  });

  it('judges silence only after an unanswered ping: cut 25 + 30 s after the last answer', async () => {
    const { client, vendor, run } = manualClient();
    void client.connect();
    await run(0);
    vendor.conns[0]!.answerPings = false;
    await run(54_000);
    expect(vendor.conns[0]!.ended).toBe(false);
    await run(1_000);
    expect(vendor.conns[0]!.endedBy).toBe('client-terminate');
    expect(client.lastError).toBeInstanceOf(HeartbeatTimeoutError);
    await client.disconnect();
  });

  it('never cuts a quiet browser-style socket (no ping API) for 24 h', async () => {
    const { client, vendor, run } = manualClient({ vendor: { browser: true } });
    void client.connect();
    void client.subscribe(['ILLQ']);
    await run(DAY, 5_000);
    expect(vendor.conns).toHaveLength(1);
    expect(vendor.conns[0]!.ended).toBe(false);
    expect(client.state).toBe('connected');
    await client.disconnect();
  });

  it('does not cut its own socket while a pause stream holds reading, and pings again after', async () => {
    const { client, vendor, run } = manualClient();
    void client.connect();
    void client.subscribe(['ILLQ']);
    await run(0);
    const stream = client.events({ highWaterMark: 10, overflow: 'pause' });
    for (let q = 1; q <= 20; q++) vendor.conns[0]!.send(trade(q));
    await run(0);
    expect(stream.full).toBe(true);
    await run(10 * 60_000, 5_000); // reading paused: no pong can be read
    expect(vendor.conns).toHaveLength(1);
    expect(vendor.conns[0]!.ended).toBe(false);
    expect(client.state).toBe('connected');
    while (stream.size > 0) await stream.next();
    await run(0);
    const pings = vendor.conns[0]!.pings;
    await run(2 * 60_000, 5_000);
    expect(vendor.conns[0]!.pings).toBeGreaterThan(pings);
    expect(vendor.conns).toHaveLength(1);
    await client.disconnect();
  });

  it('replaces a subscribed socket that answers pings but gets no data, only when dataSilenceMs is set', async () => {
    const { client, vendor, run } = manualClient({ dataSilenceMs: 120_000 });
    void client.connect();
    void client.subscribe(['ILLQ']);
    await run(119_000);
    expect(vendor.conns).toHaveLength(1);
    await run(61_000);
    expect(vendor.conns[0]!.endedBy).toBe('client-terminate');
    expect(client.lastError).toBeInstanceOf(DataSilenceError);
    await run(5_000);
    expect(client.state).toBe('connected');
    expect(vendor.conns).toHaveLength(2);
    await client.disconnect();
  });
});
