import { alternate, rateOver, round, type Bench } from '../harness.js';
import { startPlainReader } from '../plain-reader.js';
import { startReplayProcess, startSimProcess, type ServerProcess } from '../sim-process.js';

const ALL = 'T.*,Q.*,A.*,AM.*';

/** A 500-ticker market generated as fast as the simulator can, in its own process. */
const SIM_ARGS = [
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
];

/** Events/s one plain reader takes from a freshly started server over `measureMs`, after `warmupMs`. */
async function readFor(
  start: () => Promise<ServerProcess>,
  warmupMs: number,
  measureMs: number,
): Promise<number> {
  const server = await start();
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
 * it can) delivers to one plain `ws` reader subscribed to everything, against the same reader on
 * a replay process of pre-built frames (the most loopback and the reader carry) in the same run.
 * Rounds alternate between the two, each with a fresh server; the figures are medians, and the
 * gated one is the ratio `vs_replay` (an absolute rate says more about the machine than the sim).
 */
export const simBench: Bench = {
  name: 'sim',
  description:
    'events/s the simulator delivers to one plain ws reader, vs a replay of pre-built frames',
  async run({ quick }) {
    // Quick: sim, replay, replay, sim (drift hits both alike); full: five rounds of each.
    const rounds = quick ? 2 : 5;
    const warmupMs = quick ? 500 : 2_000;
    const measureMs = quick ? 1_200 : 5_000;
    const rates = await alternate(
      [
        {
          name: 'sim',
          measure: () => readFor(() => startSimProcess(SIM_ARGS), warmupMs, measureMs),
        },
        { name: 'replay', measure: () => readFor(() => startReplayProcess(), warmupMs, measureMs) },
      ],
      rounds,
    );
    const sim = rates.get('sim')!;
    const replay = rates.get('replay')!;
    const show = (xs: number[]) => xs.map((x) => round(x)).join(' ');
    return {
      table: [
        {
          source: 'massive-sim (500 tickers, all channels)',
          'events/s (median)': round(sim.median),
          rounds: show(sim.samples),
        },
        {
          source: 'replay of pre-built frames (baseline)',
          'events/s (median)': round(replay.median),
          rounds: show(replay.samples),
        },
      ],
      summary: {
        bench: 'sim',
        events_per_s: round(sim.median),
        replay_events_per_s: round(replay.median),
        vs_replay: round(sim.median / replay.median, 3),
      },
    };
  },
};
