import { decodeFrame } from '@tickmux/core';
import { compareThroughput, geometricMean, round, type Bench } from '../harness.js';
import { mixedFrames } from '../frames.js';

const BATCHES = [1, 10, 100] as const;

/**
 * decodeFrame against raw JSON.parse on the same frames. Both read every event of every frame;
 * the frames (1, 10 and 100 mixed events) are built before timing starts. Reports the geometric
 * mean of the three ratios and the worst of them.
 */
export const codecBench: Bench = {
  name: 'codec',
  description: 'decodeFrame vs raw JSON.parse on the same realistic frames (batches of 1, 10, 100)',
  run({ quick }) {
    const timing = quick
      ? { rounds: 5, roundMs: 150, warmupMs: 150 }
      : { rounds: 9, roundMs: 400, warmupMs: 500 };
    const rows = [];
    const ratios: number[] = [];
    const decodeRates: number[] = [];
    const parseRates: number[] = [];
    let sink = 0;
    for (const batch of BATCHES) {
      // ~20k events per size, spread over distinct frames so no frame is parsed from a hot cache.
      const frames = mixedFrames(Math.max(200, Math.floor(20_000 / batch)), batch, 7 + batch);
      const eventsPerPass = frames.length * batch;
      const rates = compareThroughput(
        [
          {
            name: 'decodeFrame',
            pass: () => {
              for (const f of frames) sink += decodeFrame(f).events.length;
              return eventsPerPass;
            },
          },
          {
            name: 'JSON.parse',
            pass: () => {
              for (const f of frames) sink += (JSON.parse(f) as unknown[]).length;
              return eventsPerPass;
            },
          },
        ],
        timing,
      );
      const decode = rates.get('decodeFrame')!;
      const parse = rates.get('JSON.parse')!;
      ratios.push(decode / parse);
      decodeRates.push(decode);
      parseRates.push(parse);
      rows.push({
        batch,
        'decodeFrame ev/s': round(decode),
        'JSON.parse ev/s': round(parse),
        ratio: round(decode / parse, 3),
      });
    }
    if (sink < 0) throw new Error('unreachable: keeps the results alive');
    return Promise.resolve({
      table: rows,
      summary: {
        bench: 'codec',
        decode_vs_json_parse: round(geometricMean(ratios), 3),
        // The mean can hide a regression at one size (batch 1 is what a quiet feed sends): the
        // worst batch is reported and gated too.
        decode_vs_json_parse_worst: round(Math.min(...ratios), 3),
        decode_events_per_s: round(geometricMean(decodeRates)),
        json_parse_events_per_s: round(geometricMean(parseRates)),
        by_batch: Object.fromEntries(BATCHES.map((b, i) => [b, round(ratios[i]!, 3)])),
      },
    });
  },
};
