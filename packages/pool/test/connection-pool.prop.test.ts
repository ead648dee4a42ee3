import { fc, test } from '@fast-check/vitest';
import { createManualClock } from '@tickmux/core';
import { describe, expect } from 'vitest';
import { ConnectionPool } from '../src/index.js';
import { fakeFactory, type FakeConnection } from './fake-factory.js';
import { flush } from './helpers.js';

const opArb = fc.oneof(
  fc.record({ kind: fc.constant('acquire' as const), abortable: fc.boolean() }),
  fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('destroy' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('abort' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('stale' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('failCreate' as const) }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 40_000 }) }),
);

describe('ConnectionPool properties', () => {
  test.prop([fc.integer({ min: 1, max: 4 }), fc.array(opArb, { maxLength: 80 })], {
    examples: [
      // closeAll() returned while a stale connection was still being replaced (seed 696593648).
      [
        2,
        [
          { kind: 'acquire', abortable: false },
          { kind: 'acquire', abortable: false },
          { kind: 'acquire', abortable: false },
          { kind: 'stale', pick: 0 },
        ],
      ],
    ],
  })(
    'never exceeds max, keeps exact counts, serves waiters in order, and ends with nothing alive',
    async (max, ops) => {
      const clock = createManualClock(0);
      const { factory, state } = fakeFactory();
      const pool = new ConnectionPool<FakeConnection>({ factory, clock, max });
      const held = new Set<FakeConnection>();
      const served: number[] = [];
      const controllers: AbortController[] = [];
      const settled: Promise<unknown>[] = [];
      let asked = 0;
      for (const op of ops) {
        if (op.kind === 'acquire') {
          const n = asked++;
          const ctl = new AbortController();
          if (op.abortable) controllers.push(ctl);
          settled.push(
            pool.acquire(ctl.signal).then(
              (c) => {
                expect(held.has(c)).toBe(false);
                expect(c.destroyed).toBe(false);
                held.add(c);
                served.push(n);
              },
              () => undefined,
            ),
          );
        } else if (op.kind === 'release' || op.kind === 'destroy') {
          const c = [...held][op.pick % Math.max(1, held.size)];
          if (c !== undefined) {
            held.delete(c);
            if (op.kind === 'release') pool.release(c);
            else settled.push(pool.destroy(c));
          }
        } else if (op.kind === 'abort') {
          controllers[op.pick % Math.max(1, controllers.length)]?.abort();
        } else if (op.kind === 'stale') {
          const c = state.created[op.pick % Math.max(1, state.created.length)];
          if (c !== undefined) c.healthy = false;
        } else if (op.kind === 'failCreate') {
          state.failNext++;
        } else {
          clock.advance(op.ms);
        }
        await flush(20);
        const s = pool.stats();
        expect(s.size).toBe(s.idle + s.in_use + s.pending);
        expect(s.size).toBeLessThanOrEqual(max);
        expect(s.in_use).toBe(held.size);
        expect(state.mostAlive).toBeLessThanOrEqual(max);
      }
      // Waiters are served in the order they asked.
      expect(served).toEqual([...served].sort((a, b) => a - b));
      for (const c of held) pool.release(c);
      await pool.closeAll();
      await Promise.all(settled);
      expect(state.alive).toBe(0);
      expect(clock.pending()).toBe(0);
    },
  );
});
