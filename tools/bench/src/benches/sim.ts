import { round, type Bench } from '../harness.js';
import { mixedFrames } from '../frames.js';
import { startPlainReader } from '../plain-reader.js';
import { startReplayServer } from '../replay-server.js';
import { startSimProcess } from '../sim-process.js';

const ALL = 'T.*,Q.*,A.*,AM.*';

async function readFor(url: string, warmupMs: number, measureMs: number): Promise<number> {
  const reader = await startPlainReader(url, ALL);
  await sleep(warmupMs);
  const before = reader.events();
  const t0 = performance.now();
  await sleep(measureMs);
  const events = reader.events() - before;
  const rate = (events * 1000) / (performance.now() - t0);
  reader.close();
  return rate;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Events per second the simulator (in its own process, generating a 500-ticker market as fast as
 * it can) delivers to one plain `ws` reader subscribed to everything. Baseline in the same run:
 * the same reader against a replay server sending pre-built frames, i.e. what loopback and the
 * reader can carry at most.
 */
export const simBench: Bench = {
  name: 'sim',
  description: 'events/s the simulator delivers to one plain ws reader subscribed to everything',
  targets: [{ figure: 'events_per_s', op: '>=', value: 300_000 }],
  async run({ quick }) {
    const warmupMs = quick ? 1_000 : 2_000;
    const measureMs = quick ? 3_000 : 8_000;
    const sim = await startSimProcess(['--symbols', '500', '--rate', '5000000', '--tick-ms', '1', '--events-per-frame', '100', '--slow-consumer-bytes', String(512 << 20)]);
    let simRate: number;
    try {
      simRate = await readFor(sim.url, warmupMs, measureMs);
    } finally {
      await sim.stop();
    }
    const replay = await startReplayServer(mixedFrames(2_000, 100, 11));
    let replayRate: number;
    try {
      replayRate = await readFor(replay.url, warmupMs, measureMs);
    } finally {
      await replay.close();
    }
    return {
      table: [
        { source: 'massive-sim (500 tickers, all channels)', 'events/s': round(simRate) },
        { source: 'replay of pre-built frames (baseline)', 'events/s': round(replayRate) },
      ],
      summary: { bench: 'sim', events_per_s: round(simRate), replay_events_per_s: round(replayRate), vs_replay: round(simRate / replayRate, 3) },
    };
  },
};
