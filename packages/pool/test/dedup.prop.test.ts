import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { Dedup, type DedupVerdict } from '../src/index.js';
import { T0, bar } from './events.js';
import { feedArb, interleave } from './feeds.js';

function run(dedup: Dedup, deliveries: ReturnType<typeof interleave>) {
  const sources = ['a', 'b', 'c'].map((id) => dedup.source(id));
  const emitted = new Map<string, number>();
  for (const { connection, e } of deliveries) {
    if (sources[connection]!.offer(e.event) === 'emit')
      emitted.set(e.key, (emitted.get(e.key) ?? 0) + 1);
  }
  return { emitted, sources };
}

describe('dedup properties: T and Q', () => {
  test.prop([feedArb])(
    'emits every event of every connection exactly once while the sockets stay within the window',
    ({ carried, order }) => {
      const dedup = new Dedup();
      const deliveries = interleave(carried, order); // up to 120 events per key: within 128
      const { emitted, sources } = run(dedup, deliveries);
      const distinct = new Set(deliveries.map((d) => d.e.key));
      expect([...emitted.keys()].sort()).toEqual([...distinct].sort());
      for (const n of emitted.values()) expect(n).toBe(1);
      const stats = dedup.stats();
      expect(stats).toMatchObject({ emitted: distinct.size, stale: 0, corrections: 0 });
      expect(stats.duplicates_dropped).toBe(deliveries.length - distinct.size);
      expect(sources.reduce((n, s) => n + s.emitted + s.duplicates, 0)).toBe(deliveries.length);
    },
  );

  test.prop([feedArb, fc.integer({ min: 1, max: 8 })])(
    'loses nothing with a window of W while the sockets are at most W - 1 events apart',
    ({ carried, order }, seqWindow) => {
      const dedup = new Dedup({ seqWindow });
      const deliveries = interleave(carried, order, seqWindow - 1);
      const { emitted } = run(dedup, deliveries);
      const distinct = new Set(deliveries.map((d) => d.e.key));
      expect(emitted.size).toBe(distinct.size);
      for (const n of emitted.values()) expect(n).toBe(1);
      expect(dedup.stats().stale).toBe(0);
    },
  );

  test.prop([feedArb, fc.integer({ min: 1, max: 8 })])(
    'never emits an event twice, and counts every event it could not judge as stale, at any lag',
    ({ carried, order }, seqWindow) => {
      const dedup = new Dedup({ seqWindow });
      const deliveries = interleave(carried, order);
      const { emitted } = run(dedup, deliveries);
      const distinct = new Set(deliveries.map((d) => d.e.key));
      for (const n of emitted.values()) expect(n).toBe(1);
      const stats = dedup.stats();
      expect(stats.emitted + stats.duplicates_dropped).toBe(deliveries.length);
      expect(distinct.size - emitted.size).toBeLessThanOrEqual(stats.stale);
    },
  );
});

/**
 * One bar window whose versions are published one after another; each connection receives the
 * versions published from its subscription on, in order, at its own pace. A connection's first
 * bar of the window is not delivered after a newer version was (it is not behind by a whole
 * correction interval: the one case content cannot tell apart, see README).
 */
const barScheduleArb = fc.record({
  versions: fc.integer({ min: 1, max: 4 }),
  subscribedAt: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 2, maxLength: 3 }),
  order: fc.array(fc.nat(99), { minLength: 1, maxLength: 64 }),
});

type BarSchedule = { versions: number; subscribedAt: number[]; order: number[] };

function barDeliveries({ versions, subscribedAt, order }: BarSchedule) {
  const from = subscribedAt.map((a) => Math.min(a, versions - 1));
  from[0] = 0; // someone carries the window from its first version
  const next = [...from];
  const started = from.map(() => false);
  let published = 0;
  const out: { connection: number; version: number }[] = [];
  const options = from.length + 1;
  for (let step = 0; ; step++) {
    const canDeliver = (c: number) => {
      const v = next[c]!;
      if (v >= published || v >= versions) return false;
      return from.every((a, d) => started[d] || next[d]! >= published || a >= v);
    };
    const canPublish = published < versions;
    if (!canPublish && from.every((_, c) => next[c]! >= versions)) return out;
    let o = order[step % order.length]! % options;
    for (let tries = 0; tries < options; tries++, o = (o + 1) % options) {
      if (o === 0 ? canPublish : canDeliver(o - 1)) break;
    }
    if (o === 0) {
      published++;
      continue;
    }
    const c = o - 1;
    out.push({ connection: c, version: next[c]! });
    started[c] = true;
    next[c]!++;
  }
}

describe('dedup properties: A and AM', () => {
  test.prop([fc.array(barScheduleArb, { minLength: 1, maxLength: 5 })])(
    'emits each version once, in version order, first as a bar and then as corrections, ending with the newest',
    (windows) => {
      const dedup = new Dedup();
      const sources = ['a', 'b', 'c'].map((id) => dedup.source(id));
      windows.forEach((w, i) => {
        const s = T0 - (T0 % 60_000) + i * 60_000;
        const verdicts: { version: number; verdict: DedupVerdict }[] = [];
        for (const { connection, version } of barDeliveries(w)) {
          const verdict = sources[connection]!.offer(bar('AAPL', s, version + 1));
          if (verdict !== 'duplicate') verdicts.push({ version, verdict });
        }
        expect(verdicts.map((v) => v.verdict)).toEqual(
          verdicts.map((_, k) => (k === 0 ? 'emit' : 'correction')),
        );
        const order = verdicts.map((v) => v.version);
        expect(order).toEqual([...new Set(order)].sort((x, y) => x - y));
        expect(order.at(-1)).toBe(w.versions - 1);
      });
    },
  );
});
