import { alternate, round, type Bench } from '../harness.js';
import { openMassiveClient, openVendorClient, readerRate } from '../readers.js';
import { startReplayProcess } from '../sim-process.js';

/**
 * The vendor's official JS client (`@massive.com/client-js`, what a user would otherwise pick),
 * used as its README shows (JSON.parse per message, a loop over the events), against
 * MassiveClient, reading the same replayed stream in the same run; rounds alternate, medians
 * reported. `vs_ours` = official / ours: below 1 means ours reads faster.
 */
export const officialBench: Bench = {
  name: 'official',
  description: "the vendor's official JS client vs MassiveClient on the same replayed stream",
  async run({ quick }) {
    const rounds = quick ? 3 : 7;
    const warmupMs = quick ? 400 : 1_000;
    const measureMs = quick ? 1_000 : 3_000;
    const server = await startReplayProcess();
    let rates;
    try {
      rates = await alternate(
        [
          {
            name: 'official',
            measure: () => readerRate(() => openVendorClient(server.url), warmupMs, measureMs),
          },
          {
            name: 'ours',
            measure: () => readerRate(() => openMassiveClient(server.url), warmupMs, measureMs),
          },
        ],
        rounds,
      );
    } finally {
      await server.stop();
    }
    const official = rates.get('official')!;
    const ours = rates.get('ours')!;
    const show = (xs: number[]) => xs.map((x) => round(x)).join(' ');
    return {
      table: [
        {
          reader: '@massive.com/client-js (official)',
          'events/s': round(official.median),
          rounds: show(official.samples),
        },
        {
          reader: 'MassiveClient (ours)',
          'events/s': round(ours.median),
          rounds: show(ours.samples),
        },
      ],
      summary: {
        bench: 'official',
        events_per_s: round(official.median),
        ours_events_per_s: round(ours.median),
        vs_ours: round(official.median / ours.median, 3),
      },
    };
  },
};
