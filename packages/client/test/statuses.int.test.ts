import { useScriptedServer, VENDOR_FRAMES as V, waitUntil } from '@tickmux/test-utils';
import { describe, expect, it } from 'vitest';
import { ForceDisconnectError, SlowConsumerError } from '../src/index.js';
import { eventsGrow, observedClient } from './helpers.js';

const TRADE = '[{"ev":"T","sym":"AAPL","p":1,"s":1,"t":1}]';

// The vendor documents these statuses but not their text: the messages below are ours.
describe.each([
  ['slow_consumer', SlowConsumerError, 'slow consumer: too much data was waiting'],
  ['force_disconnect', ForceDisconnectError, 'forced disconnect'],
] as const)('the server ends a session with %s', (status, ErrorClass, message) => {
  it('retries with backoff and says why in the close info', async () => {
    const server = await useScriptedServer((ws, n) => {
      ws.send(V.connected);
      ws.on('message', () => {
        ws.send(V.authSuccess);
        if (n === 1) {
          ws.send(JSON.stringify([{ ev: 'status', status, message }]));
          ws.close(1008);
        } else {
          const timer = setInterval(() => ws.send(TRADE), 10);
          ws.on('close', () => clearInterval(timer));
        }
      });
    });
    const { client, log, closes } = observedClient({ url: server.url });
    expect(await client.connect()).toBe(true);
    await waitUntil(() => server.accepted() === 2 && client.state === 'connected');
    expect(log.statuses()).toContain(status);
    const lost = log.entries.find((e) => e.type === 'state' && e.state === 'reconnecting');
    expect(lost?.type === 'state' && lost.reason.error).toBeInstanceOf(ErrorClass);
    expect(closes[0]).toMatchObject({ serverStatus: status, authenticated: true });
    await eventsGrow(client, 'the reconnect');
  });
});
