import { MassiveClient } from '@tickmux/client';
import { median, rateOver, round, type Bench } from '../harness.js';
import { startPlainReader } from '../plain-reader.js';
import { startReplayProcess } from '../sim-process.js';

interface Reader {
  count(): number;
  close(): Promise<void> | void;
}

async function measure(
  open: () => Promise<Reader>,
  warmupMs: number,
  measureMs: number,
): Promise<number> {
  const reader = await open();
  const rate = await rateOver(() => reader.count(), warmupMs, measureMs);
  await reader.close();
  return rate;
}

/**
 * MassiveClient (decode, validate, normalise to ticks, onTick per event) against a bare `ws` +
 * `JSON.parse` reader, on the same stream in the same run: a replay process sends pre-built
 * frames of 100 mixed events faster than either can read, so the figures measure the readers.
 * Rounds alternate between the two; each figure is the median of its rounds.
 */
export const clientBench: Bench = {
  name: 'client',
  description: 'MassiveClient vs a bare ws + JSON.parse reader on the same replayed stream',
  targets: [{ figure: 'vs_bare_ws', op: '>=', value: 0.85 }],
  async run({ quick }) {
    const rounds = quick ? 3 : 7;
    const warmupMs = quick ? 500 : 1_000;
    const measureMs = quick ? 1_500 : 3_000;
    const server = await startReplayProcess();
    const client: number[] = [];
    const bare: number[] = [];
    try {
      const openClient = async (): Promise<Reader> => {
        let ticks = 0;
        const c = new MassiveClient({
          url: server.url,
          apiKey: 'bench',
          onTick: () => void ticks++,
        });
        if (!(await c.connect()))
          throw new Error(`client could not connect: ${c.lastError?.message}`);
        await c.subscribe(['*']);
        return { count: () => ticks, close: () => c.disconnect() };
      };
      const openBare = async (): Promise<Reader> => {
        const r = await startPlainReader(server.url, 'T.*,Q.*,AM.*', 'bench');
        return { count: () => r.events(), close: () => r.close() };
      };
      for (let i = 0; i < rounds; i++) {
        // Alternate which goes first, so drift in machine load hits both.
        if (i % 2 === 0) {
          client.push(await measure(openClient, warmupMs, measureMs));
          bare.push(await measure(openBare, warmupMs, measureMs));
        } else {
          bare.push(await measure(openBare, warmupMs, measureMs));
          client.push(await measure(openClient, warmupMs, measureMs));
        }
      }
    } finally {
      await server.stop();
    }
    const c = median(client);
    const b = median(bare);
    return {
      table: [
        {
          reader: 'MassiveClient (onTick per event)',
          'events/s': round(c),
          rounds: client.map((x) => round(x)).join(' '),
        },
        {
          reader: 'bare ws + JSON.parse (baseline)',
          'events/s': round(b),
          rounds: bare.map((x) => round(x)).join(' '),
        },
      ],
      summary: {
        bench: 'client',
        events_per_s: round(c),
        bare_ws_events_per_s: round(b),
        vs_bare_ws: round(c / b, 3),
      },
    };
  },
};
