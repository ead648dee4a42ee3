import { fc, test } from '@fast-check/vitest';
import { useSim, waitUntil } from '@tickmux/test-utils';
import { describe, expect } from 'vitest';
import { MassiveClient } from '../src/index.js';
import { eventsGrow } from './helpers.js';

const POOL = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'META', 'TSLA', 'GOOGL', 'JPM'];
/** Always subscribed, so that data must flow after every recovery. */
const ANCHOR = 'SPY';
/** Heap growth allowed over the whole soak (after GC): the client must not accumulate state. */
const HEAP_BOUND_BYTES = 16 * 1024 * 1024;

const faultArb = fc.record({
  kind: fc.constantFrom('drop', 'kill', 'stall', 'restart'),
  code: fc.constantFrom(1000, 1001, 1011, 1012, 4000),
  change: fc.option(fc.tuple(fc.constantFrom('sub', 'unsub'), fc.constantFrom(...POOL)), {
    nil: undefined,
  }),
});

const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => {
  gc?.();
  return process.memoryUsage().heapUsed;
};

describe('soak', () => {
  test.prop([fc.array(faultArb, { minLength: 200, maxLength: 200 })], {
    numRuns: 1,
    endOnFailure: true,
  })(
    'recovers from 200 random drop/kill/stall/restart faults in a row, holding exactly its topics on one socket, data flowing after each',
    async (faults) => {
      const sim = await useSim({ clock: 'real', rate: 2_000, tickers: [...POOL, ANCHOR] });
      const client = new MassiveClient({
        apiKey: 'demo',
        url: sim.url,
        channels: ['T', 'Q'],
        backoff: { baseDelayMs: 5, maxDelayMs: 50, jitter: 0.2 },
        maxRetries: Infinity,
        stableAfterMs: 100,
        connectTimeoutMs: 1_000,
        heartbeatIntervalMs: 30,
        heartbeatTimeoutMs: 150,
        circuitBreaker: { openMs: 50, maxOpenMs: 200 },
      });
      const wanted = new Set([ANCHOR, 'AAPL', 'MSFT']);
      let maxServerSockets = 0;
      let maxClientSockets = 0;
      const watch = setInterval(() => {
        maxServerSockets = Math.max(
          maxServerSockets,
          sim.control.connections().filter((c) => c.authenticated).length,
        );
        maxClientSockets = Math.max(maxClientSockets, client.stats.liveSockets);
      }, 2);
      try {
        expect(await client.connect()).toBe(true);
        await client.subscribe([...wanted]);
        const heapBefore = heap();
        for (const [i, f] of faults.entries()) {
          if (f.change !== undefined) {
            const [op, ticker] = f.change;
            if (op === 'sub') wanted.add(ticker);
            else wanted.delete(ticker);
            void (op === 'sub' ? client.subscribe([ticker]) : client.unsubscribe([ticker]));
          }
          const id = sim.control.connections()[0]?.id;
          if (f.kind === 'restart') await sim.control.restart(20);
          else if (id !== undefined && f.kind === 'drop') sim.control.drop(id, f.code);
          else if (id !== undefined && f.kind === 'kill') sim.control.kill(id);
          else if (id !== undefined) sim.control.stall(id, 2_000);
          const expected = new Set([...wanted].flatMap((t) => [`T.${t}`, `Q.${t}`]));
          await waitUntil(
            () => {
              const conns = sim.control.connections().filter((c) => c.authenticated && !c.stalled);
              return (
                client.state === 'connected' &&
                conns.length === 1 &&
                client.stats.confirmedTopics === expected.size &&
                sameSet(new Set(conns[0]!.topics), expected)
              );
            },
            10_000,
            `recovery from fault #${i} (${f.kind})`,
          );
          await eventsGrow(client, `recovery from fault #${i} (${f.kind})`);
        }
        const growth = heap() - heapBefore;
        console.info(
          `soak: ${faults.length} faults, ${client.stats.reconnects} reconnects, heap growth ${(growth / 1048576).toFixed(1)} MiB (bound ${HEAP_BOUND_BYTES / 1048576} MiB, gc ${gc ? 'on' : 'off'})`,
        );
        expect(maxClientSockets).toBe(1);
        expect(maxServerSockets).toBe(1);
        expect(client.stats.liveSockets).toBe(1);
        expect(gc).toBeTypeOf('function');
        expect(growth).toBeLessThan(HEAP_BOUND_BYTES);
        expect(client.stats.reconnects).toBeGreaterThanOrEqual(150);
      } finally {
        clearInterval(watch);
        await client.disconnect();
      }
    },
    240_000,
  );
});

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}
