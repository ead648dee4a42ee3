import { describe, expect, it } from 'vitest';
import {
  ConnectionClosedError,
  HeartbeatTimeoutError,
  SocketGateError,
  type SocketCloseInfo,
} from '../src/index.js';
import { manualClient, settled } from './manual.js';

/** A gate the test opens by hand; it rejects when its signal aborts. */
function handGate() {
  const calls: { at: number; signal: AbortSignal; open: () => void; refuse: (e: Error) => void }[] =
    [];
  let now = () => 0;
  const gate = (signal: AbortSignal) =>
    new Promise<void>((open, refuse) => {
      calls.push({ at: now(), signal, open, refuse });
      signal.addEventListener('abort', () => refuse(new Error('aborted')));
    });
  return { gate, calls, clock: (fn: () => number) => (now = fn) };
}

describe('hooks for a connection pool', () => {
  it('awaits socketGate before every socket: the first, and each retry after its backoff', async () => {
    const g = handGate();
    const { client, clock, vendor, run } = manualClient({ socketGate: g.gate });
    g.clock(() => clock.monotonic());
    const connected = settled(client.connect());
    await run(0);
    expect(g.calls).toHaveLength(1);
    expect(vendor.conns).toHaveLength(0); // held at the gate
    await run(30_000);
    expect(vendor.conns).toHaveLength(0);
    g.calls[0]!.open();
    await run(0);
    expect(connected).toEqual({ done: true, value: true });
    vendor.conns[0]!.drop();
    await run(999);
    expect(g.calls).toHaveLength(1); // not before the 1 s backoff
    await run(1);
    expect(g.calls).toHaveLength(2);
    expect(g.calls[1]!.at - g.calls[0]!.at).toBe(31_000);
    g.calls[1]!.open();
    await run(0);
    expect(vendor.conns).toHaveLength(2);
    expect(client.state).toBe('connected');
    await client.disconnect();
  });

  it('disconnect() aborts a pending gate, and no socket opens', async () => {
    const g = handGate();
    const { client, vendor, run } = manualClient({ socketGate: g.gate });
    const connected = settled(client.connect());
    await run(0);
    await client.disconnect();
    await run(60_000);
    expect(g.calls[0]!.signal.aborted).toBe(true);
    expect(connected).toEqual({ done: true, value: false });
    expect(vendor.conns).toHaveLength(0);
    expect(client.state).toBe('closed');
  });

  it('treats a rejecting gate as a failed attempt: counted, backed off, never an unhandled rejection', async () => {
    const g = handGate();
    const { client, vendor, log, run } = manualClient({ socketGate: g.gate, maxRetries: 2 });
    void client.connect();
    await run(0);
    g.calls[0]!.refuse(new Error('no slot'));
    await run(0);
    expect(client.state).toBe('reconnecting');
    expect(client.lastError).toBeInstanceOf(SocketGateError);
    expect((client.lastError as Error).cause).toEqual(new Error('no slot'));
    expect(log.delays()).toEqual([1_000]);
    expect(client.stats.circuit.consecutiveFailures).toBe(0); // the server was never asked
    await run(1_000);
    g.calls[1]!.refuse(new Error('no slot'));
    await run(2_000);
    g.calls[2]!.refuse(new Error('no slot'));
    await run(0);
    expect(client.state).toBe('failed'); // 3 failures > maxRetries 2
    expect(vendor.conns).toHaveLength(0);
  });

  it('reports each socket once as it ends: abandoned when the client cut it, clean when both sides closed', async () => {
    const closes: SocketCloseInfo[] = [];
    const { client, clock, vendor, run } = manualClient({
      onSocketClose: (i) => void closes.push(i),
    });
    const t0 = clock.now();
    await client.connect();
    vendor.conns[0]!.answerPings = false;
    await run(60_000);
    expect(closes).toHaveLength(1);
    expect(closes[0]).toMatchObject({
      code: 1006,
      wasClean: false,
      abandoned: true,
      opened: true,
      authenticated: true,
      openedAt: t0,
      closedAt: t0 + 55_000,
    });
    expect(closes[0]!.error).toBeInstanceOf(HeartbeatTimeoutError);
    await run(1_000); // reconnects
    vendor.conns[1]!.close(1011, 'restart');
    await run(0);
    expect(closes[1]).toMatchObject({
      code: 1011,
      reason: 'restart',
      wasClean: true,
      abandoned: false,
    });
    expect(closes[1]!.error).toBeInstanceOf(ConnectionClosedError);
    await run(2_000);
    await client.disconnect();
    expect(closes).toHaveLength(3);
    expect(closes[2]).toMatchObject({ code: 1000, wasClean: true, abandoned: false });
    expect(closes[2]!.error).toBeUndefined();
  });

  it('reports topic states: pending, confirmed, back to pending with a lost socket, removed', async () => {
    const seen: string[] = [];
    const { client, clock, vendor, run } = manualClient({
      channels: ['T'],
      onTopicState: (topic, state, at) =>
        void seen.push(`${at - 1_700_000_000_000} ${topic} ${state}`),
    });
    await client.connect();
    expect(await client.subscribe(['AAPL'])).toBe(true);
    await run(5_000);
    vendor.conns[0]!.drop();
    await run(1_000);
    expect(client.state).toBe('connected');
    expect(await client.unsubscribe(['AAPL'])).toBe(true);
    expect(seen).toEqual([
      '0 T.AAPL pending',
      '0 T.AAPL confirmed',
      '5000 T.AAPL pending',
      '6000 T.AAPL confirmed',
      '6000 T.AAPL removed',
    ]);
    expect(clock.now()).toBe(1_700_000_006_000);
    await client.disconnect();
  });

  it('keeps lastMessageAt for the current socket', async () => {
    const { client, clock, vendor, run } = manualClient();
    expect(client.lastMessageAt).toBeNull();
    await client.connect();
    await run(7_000);
    vendor.conns[0]!.send('[{"ev":"T","sym":"AAPL","p":1,"s":1,"t":1}]');
    await run(0);
    expect(client.lastMessageAt).toBe(clock.now());
    expect(client.stats.lastMessageAt).toBe(clock.now());
    const at = clock.now();
    await run(3_000);
    expect(client.lastMessageAt).toBe(at);
    await client.disconnect();
  });
});
