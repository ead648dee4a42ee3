import { fc } from '@fast-check/vitest';
import { expect } from 'vitest';
import { World, type Instance } from './world.js';

// Scaled-down times so that 100 random timelines run in seconds; the rules are the same at the
// defaults (10 s lease, 30 s zombie hold).
const N = 3;
const LEASE = 1_000;
const ZOMBIE = 2_000;
const STEP = 20;
const NAMES = ['a', 'b', 'c'] as const;

export type Fault =
  | { kind: 'crash'; who: number }
  | { kind: 'restart'; who: number }
  | { kind: 'stop'; who: number }
  | { kind: 'pause'; who: number; ms: number }
  | { kind: 'partition'; who: number; ms: number }
  | { kind: 'latency'; who: number; ms: number }
  | { kind: 'redis-pause'; ms: number };

const who = fc.integer({ min: 0, max: NAMES.length - 1 });
const span = fc.integer({ min: 50, max: 3 * (LEASE + ZOMBIE) });
const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({ kind: fc.constant('crash' as const), who }),
  fc.record({ kind: fc.constant('restart' as const), who }),
  fc.record({ kind: fc.constant('stop' as const), who }),
  fc.record({ kind: fc.constant('pause' as const), who, ms: span }),
  fc.record({ kind: fc.constant('partition' as const), who, ms: span }),
  fc.record({ kind: fc.constant('latency' as const), who, ms: fc.integer({ min: 0, max: 400 }) }),
  fc.record({ kind: fc.constant('redis-pause' as const), ms: span }),
);
export const timelineArb = fc.record({
  mode: fc.constantFrom('leader' as const, 'share' as const),
  cleanClose: fc.array(fc.boolean(), { minLength: NAMES.length, maxLength: NAMES.length }),
  bootQuiet: fc.boolean(),
  steps: fc.array(fc.record({ afterMs: fc.integer({ min: 0, max: 2 * LEASE }), fault: faultArb }), {
    maxLength: 14,
  }),
});

export type Timeline = typeof timelineArb extends fc.Arbitrary<infer T> ? T : never;

/** Runs one timeline, checking the safety properties at every step and liveness after healing. */
export async function runTimeline(
  { mode, cleanClose, bootQuiet, steps }: Timeline,
  log?: (w: World, msg: string) => void,
): Promise<void> {
  const w = World.withAccount(N, ZOMBIE);
  const live: Array<Instance | undefined> = [];
  const spawn = (i: number) => {
    const inst = w.spawn(
      NAMES[i]!,
      { leaseMs: LEASE, zombieMs: ZOMBIE, mode, bootQuiet },
      cleanClose[i],
    );
    live[i] = inst;
    if (log !== undefined) {
      const name = `${NAMES[i]!}/${inst.coordinator.owner.slice(-4)}`;
      inst.coordinator.on('acquired', (slot, l) => log(w, `${name} acquired ${slot} ${l.token}`));
      inst.coordinator.on('lost', (slot, reason) => log(w, `${name} lost ${slot} ${reason}`));
      inst.coordinator.on('role', (role) => log(w, `${name} ${role}`));
    }
  };
  const writes: number[] = [];
  const stopped = new Set<Instance>();
  const tryWrites = () => {
    for (const inst of live) {
      if (inst === undefined || inst.proc.state !== 'up') continue;
      const slot = mode === 'leader' ? undefined : inst.coordinator.status().slots_held[0];
      if (mode === 'share' && slot === undefined) continue;
      const lease =
        slot === undefined ? inst.coordinator.leaderLease() : inst.coordinator.lease(slot);
      if (lease === undefined) continue;
      inst.coordinator
        .fencedCall('XADD', ['ticks'], ['*'], slot)
        .then(() => writes.push(lease.token))
        .catch(() => undefined);
    }
  };
  const check = () => {
    // At no time do two instances hold a slot (a paused one counts: it would act on resume).
    for (let slot = 1; slot <= N; slot++) {
      const holders = live.filter(
        (i) => i !== undefined && i.proc.state !== 'dead' && i.coordinator.holds(slot),
      );
      expect(holders.length, `slot ${slot} at ${w.clock.now()}`).toBeLessThanOrEqual(1);
    }
    expect(w.account.count()).toBeLessThanOrEqual(N);
  };
  let sinceWrite = 0;
  const run = async (ms: number) =>
    w.run(ms, STEP, () => {
      check();
      if ((sinceWrite += STEP) >= 250) {
        sinceWrite = 0;
        tryWrites();
      }
    });
  const heal: Array<{ at: number; fn: () => void }> = [];
  const later = (ms: number, fn: () => void) => heal.push({ at: w.clock.now() + ms, fn });
  const runUntil = async (ms: number) => {
    const end = w.clock.now() + ms;
    while (w.clock.now() < end) {
      const due = heal.filter((h) => h.at <= w.clock.now());
      for (const h of due) {
        heal.splice(heal.indexOf(h), 1);
        h.fn();
      }
      await run(Math.min(STEP * 10, end - w.clock.now()));
    }
  };

  spawn(0);
  spawn(1);
  for (const { afterMs, fault } of steps) {
    await runUntil(afterMs);
    if (fault.kind === 'redis-pause') {
      if (!w.redisPaused) {
        w.pauseRedis();
        later(fault.ms, () => w.resumeRedis());
      }
      continue;
    }
    const inst = live[fault.who];
    log?.(w, JSON.stringify(fault));
    switch (fault.kind) {
      case 'crash':
        if (inst !== undefined && inst.proc.state !== 'dead') w.kill(inst);
        break;
      case 'restart':
        if (inst === undefined || inst.proc.state === 'dead' || stopped.has(inst)) spawn(fault.who);
        break;
      case 'stop':
        if (inst?.proc.state === 'up') {
          stopped.add(inst);
          void inst.coordinator.stop();
        }
        break;
      case 'pause':
        if (inst?.proc.state === 'up') {
          w.pause(inst);
          later(fault.ms, () => inst.proc.state === 'paused' && w.resume(inst));
        }
        break;
      case 'partition':
        if (inst !== undefined && !inst.proc.partitioned) {
          inst.proc.partitioned = true;
          later(fault.ms, () => (inst.proc.partitioned = false));
        }
        break;
      case 'latency':
        if (inst !== undefined) inst.proc.latencyMs = fault.ms;
        break;
    }
  }
  // Heal everything; someone alive must end up streaming every slot.
  await runUntil(0);
  for (const h of heal.splice(0)) h.fn();
  if (w.redisPaused) w.resumeRedis();
  for (const inst of live) if (inst !== undefined) inst.proc.latencyMs = 0;
  if (!live.some((i) => i?.proc.state === 'up' && !stopped.has(i))) {
    const spare = live.findIndex((i) => i === undefined || i.proc.state !== 'up' || stopped.has(i));
    spawn(spare);
  }
  await runUntil(2 * (LEASE + ZOMBIE) + 2 * LEASE);

  const held = live
    .filter((i) => i !== undefined && i.proc.state === 'up')
    .flatMap((i) => i!.coordinator.status().slots_held);
  expect(held.sort()).toEqual([1, 2, 3]);
  expect(w.account.highWater).toBeLessThanOrEqual(N);
  expect(w.account.kicked).toBe(0);
  // Tokens grow on every acquisition; accepted fenced writes never go back to an older token.
  for (let i = 1; i < w.store.tokens.length; i++)
    expect(w.store.tokens[i]!).toBeGreaterThan(w.store.tokens[i - 1]!);
  if (mode === 'leader') {
    for (let i = 1; i < writes.length; i++)
      expect(writes[i]!).toBeGreaterThanOrEqual(writes[i - 1]!);
  }
  for (const inst of live) if (inst?.proc.state === 'up') void inst.coordinator.stop();
  await w.run(3_000, 50);
}
