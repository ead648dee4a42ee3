import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { LiveTopics } from '../src/live-topics.js';

const connection = fc.constantFrom('c1', 'c2', 'c3');
const op = fc.oneof(
  fc.record({
    kind: fc.constant('confirm' as const),
    connection,
    ticker: fc.constantFrom('A', 'B', 'C', 'D'),
    channel: fc.constantFrom('T', 'Q'),
  }),
  fc.record({
    kind: fc.constant('drop' as const),
    connection,
    ticker: fc.constantFrom('A', 'B', 'C', 'D'),
    channel: fc.constantFrom('T', 'Q'),
  }),
  fc.record({ kind: fc.constant('clear' as const), connection }),
);

describe('LiveTopics properties', () => {
  test.prop([fc.array(op, { maxLength: 60 })])(
    'answers like a plain set of (connection, ticker, channel) under confirm, drop and clear',
    (ops) => {
      const live = new LiveTopics();
      const model = new Set<string>();
      const has = (c: string, t: string, ch: string) => model.has(`${c}|${t}|${ch}`);
      for (const o of ops) {
        if (o.kind === 'confirm') {
          live.confirm(o.connection, o.ticker, o.channel);
          model.add(`${o.connection}|${o.ticker}|${o.channel}`);
        } else if (o.kind === 'drop') {
          const before = has(o.connection, o.ticker, o.channel);
          model.delete(`${o.connection}|${o.ticker}|${o.channel}`);
          const left = ['T', 'Q'].some((ch) => has(o.connection, o.ticker, ch));
          expect(live.drop(o.connection, o.ticker, o.channel)).toBe(before && !left);
        } else {
          live.clear(o.connection);
          for (const k of [...model]) if (k.startsWith(`${o.connection}|`)) model.delete(k);
        }
        for (const t of ['A', 'B', 'C', 'D']) {
          const carriers = ['c1', 'c2', 'c3'].filter((c) => has(c, t, 'T') || has(c, t, 'Q'));
          expect([...live.carriers(t)].sort()).toEqual(carriers);
          for (const c of ['c1', 'c2', 'c3']) {
            expect(live.isLive(t, c, ['T', 'Q'])).toBe(has(c, t, 'T') && has(c, t, 'Q'));
            expect(live.liveElsewhere(t, c, ['T'])).toBe(
              ['c1', 'c2', 'c3'].some((x) => x !== c && has(x, t, 'T')),
            );
          }
        }
      }
    },
  );
});
