import { test } from '@fast-check/vitest';
import { describe } from 'vitest';
import { runTimeline, timelineArb } from './timeline.js';

describe('takeover properties', () => {
  test.prop([timelineArb], {
    numRuns: Number(process.env['HA_RUNS'] ?? 100),
    examples: [
      // Crash the leader, stop the standby: a third instance must take over (seed 708437625).
      [
        {
          mode: 'leader',
          cleanClose: [false, false, false],
          bootQuiet: false,
          steps: [
            { afterMs: 0, fault: { kind: 'crash', who: 0 } },
            { afterMs: 11, fault: { kind: 'stop', who: 1 } },
          ],
        },
      ],
      // The leader paused past its lease while a slot acquisition was in flight: the answer
      // must not give it a slot without the leader lease (seed 707144258).
      [
        {
          mode: 'leader',
          cleanClose: [false, false, false],
          bootQuiet: true,
          steps: [
            { afterMs: 1061, fault: { kind: 'stop', who: 0 } },
            { afterMs: 1981, fault: { kind: 'pause', who: 1, ms: 1001 } },
            { afterMs: 1121, fault: { kind: 'stop', who: 0 } },
          ],
        },
      ],
    ],
  })(
    'over crashes, restarts, pauses, partitions and a paused Redis: one holder per slot, at most N sockets, stale tokens refused',
    (timeline) => runTimeline(timeline),
    120_000,
  );
});
