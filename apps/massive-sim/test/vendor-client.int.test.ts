import { websocketClient as vendorClient } from '@massive.com/client-js';
import { onTestFinished, describe, expect, it } from 'vitest';
import { useSim, waitUntil } from './helpers.js';

type Msg = Record<string, unknown>;

/** What the test uses of the client's W3C socket (its `websocket` typings are not installed). */
interface VendorSocket {
  onmessage: (msg: { data: unknown }) => void;
  send(data: string): void;
  close(): void;
}
const websocketClient = vendorClient as unknown as (
  key: string,
  base: string,
) => { stocks(): VendorSocket };

describe("the vendor's official JS client (@massive.com/client-js), unchanged", () => {
  it('connects to the simulator, authenticates, subscribes and receives events', async () => {
    const sim = await useSim({ rate: 300, symbols: 20 });
    const base = sim.url.replace(/\/stocks$/, '');
    const ws = websocketClient('demo', base).stocks(); // sends auth itself on open
    onTestFinished(() => ws.close());
    const received: Msg[][] = [];
    ws.onmessage = (msg: { data: unknown }) => {
      const frame = JSON.parse(String(msg.data)) as Msg[];
      received.push(frame);
      // As the vendor's own example does: subscribe once auth_success arrives.
      if (frame[0]?.['ev'] === 'status' && frame[0]['status'] === 'auth_success')
        ws.send(JSON.stringify({ action: 'subscribe', params: 'T.*,AM.AAPL' }));
    };
    await waitUntil(() => received.length >= 4, 5_000, 'the acks');
    expect(received.slice(0, 4)).toEqual([
      [{ ev: 'status', status: 'connected', message: 'Connected Successfully' }],
      [{ ev: 'status', status: 'auth_success', message: 'authenticated' }],
      [{ ev: 'status', status: 'success', message: 'subscribed to: T.*' }],
      [{ ev: 'status', status: 'success', message: 'subscribed to: AM.AAPL' }],
    ]);
    await sim.control.advance(61_000);
    await waitUntil(() => received.flat().some((e) => e['ev'] === 'AM'), 5_000, 'a minute bar');
    const events = received.flat().filter((e) => e['ev'] !== 'status');
    expect(events.filter((e) => e['ev'] === 'T').length).toBeGreaterThan(100);
    expect(events.every((e) => e['ev'] === 'T' || (e['ev'] === 'AM' && e['sym'] === 'AAPL'))).toBe(
      true,
    );
    expect(sim.control.connections()).toEqual([
      expect.objectContaining({ account: 'demo', topics: ['T.*', 'AM.AAPL'] }),
    ]);
  });
});
