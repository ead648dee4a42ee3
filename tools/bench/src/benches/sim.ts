import { rateOver, round, type Bench } from '../harness.js';
import { startPlainReader } from '../plain-reader.js';
import { startReplayProcess, startSimProcess, type ServerProcess } from '../sim-process.js';

const ALL = 'T.*,Q.*,A.*,AM.*';

/** Events/s one plain reader takes from `server` over `measureMs`, after `warmupMs`. */
async function readFor(
  server: ServerProcess,
  warmupMs: number,
  measureMs: number,
): Promise<number> {
  try {
    const reader = await startPlainReader(server.url, ALL);
    const rate = await rateOver(() => reader.events(), warmupMs, measureMs);
    reader.close();
    return rate;
  } finally {
    await server.stop();
  }
}

/**
 * Events per second the simulator (in its own process, generating a 500-ticker market as fast as
 * it can) delivers to one plain `ws` reader subscribed to everything. Baseline in the same run:
 * the same reader against a replay process sending pre-built frames, i.e. the most loopback and
 * the reader can carry.
 */
export const simBench: Bench = {
  name: 'sim',
  description: 'events/s the simulator delivers to one plain ws reader subscribed to everything',
  targets: [{ figure: 'events_per_s', op: '>=', value: 300_000 }],
  async run({ quick }) {
    const warmupMs = quick ? 1_000 : 2_000;
    const measureMs = quick ? 3_000 : 8_000;
    const simRate = await readFor(
      await startSimProcess([
        '--symbols',
        '500',
        '--rate',
        '5000000',
        '--tick-ms',
        '1',
        '--events-per-frame',
        '100',
        '--slow-consumer-bytes',
        String(512 << 20),
      ]),
      warmupMs,
      measureMs,
    );
    const replayRate = await readFor(await startReplayProcess(), warmupMs, measureMs);
    return {
      table: [
        { source: 'massive-sim (500 tickers, all channels)', 'events/s': round(simRate) },
        { source: 'replay of pre-built frames (baseline)', 'events/s': round(replayRate) },
      ],
      summary: {
        bench: 'sim',
        events_per_s: round(simRate),
        replay_events_per_s: round(replayRate),
        vs_replay: round(simRate / replayRate, 3),
      },
    };
  },
};
