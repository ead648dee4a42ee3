import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@tickmux/core';
import { parseScenario, type Scenario } from '../src/index.js';
import { idOf, subscribe, useAuthed, useSim, waitUntil } from './helpers.js';

const example = readFileSync(new URL('../scenarios/flaky-session.json', import.meta.url), 'utf8');

/** The close code each closing fault gives its target. */
const CLOSES: Record<string, number> = {
  drop: 4002,
  kill: 1006,
  max_connections: 1008,
  force_disconnect: 1008,
  slow_consumer: 1008,
};

describe('scenarios', () => {
  it('parses the bundled example scenario', () => {
    expect(parseScenario(example).steps.length).toBeGreaterThan(3);
  });

  it('lists every problem of an invalid scenario', () => {
    expect(() =>
      parseScenario({
        steps: [
          { at: -1, fault: 'drop' },
          { at: 5, fault: 'explode' },
        ],
      } as unknown as Scenario),
    ).toThrow(
      expect.objectContaining({
        code: ErrorCode.SIM_SCENARIO_INVALID,
        message: expect.stringMatching(/steps\.0\.at.*steps\.1\.fault/s) as unknown,
      }),
    );
    expect(() => parseScenario('{nope')).toThrow(/not JSON/);
  });

  async function runOnce(seed: number) {
    const sim = await useSim({ seed, rate: 2_000, maxConnections: 6 });
    const clients = [];
    for (let i = 0; i < 6; i++) clients.push(await useAuthed(sim.url));
    const handle = sim.control.runScenario({
      steps: [
        { at: 100, fault: 'drop', target: 'random', code: 4002 },
        { at: 200, fault: 'kill', target: 'random' },
        { at: 300, fault: 'malformed', target: 'oldest', kind: 'invalid-json', count: 2 },
        { at: 400, fault: 'outage', ticker: 'AAPL', durationMs: 1_000 },
        { at: 500, fault: 'max_connections', target: 'newest' },
        { at: 600, fault: 'force_disconnect', target: 'random' },
        { at: 700, fault: 'slow_consumer', target: 'random' },
        { at: 800, fault: 'stall', target: 'oldest', ms: 60_000 },
        { at: 900, fault: 'halt', ticker: 'MSFT', durationMs: 60_000 },
      ],
    });
    await sim.control.advance(1_000);
    const log = await handle.done;
    // Every target of a closing fault is closed with that fault's code; nobody else is.
    const expected = new Map<string, number>();
    for (const e of log)
      for (const id of e.targets)
        if (CLOSES[e.fault] !== undefined) expected.set(id, CLOSES[e.fault]!);
    const closes = new Map<string, number>();
    for (const c of clients) {
      const id = idOf(sim, c);
      if (expected.has(id)) closes.set(id, (await c.closed).code);
    }
    // Nobody else: the server's own record (no race with a close frame still in flight).
    const untouched = sim.control
      .connections({ state: 'all' })
      .filter((x) => !expected.has(x.id))
      .map((x) => ({ id: x.id, closeCode: x.closeCode }));
    expect(untouched).toHaveLength(clients.length - expected.size);
    expect(untouched.filter((x) => x.closeCode !== null)).toEqual([]);
    for (const c of clients) if (!expected.has(idOf(sim, c))) expect(c.ws.readyState).toBe(1);
    const stalled = log.find((e) => e.fault === 'stall')!.targets[0]!;
    return {
      log,
      closes: Object.fromEntries(closes),
      expected: Object.fromEntries(expected),
      stalled,
      sim,
    };
  }

  it('runs a timeline on the virtual clock, each fault observed by its target, deterministically by seed', async () => {
    const a = await runOnce(11);
    const b = await runOnce(11);
    expect(a.log.map((e) => e.fault)).toEqual([
      'drop',
      'kill',
      'malformed',
      'outage',
      'max_connections',
      'force_disconnect',
      'slow_consumer',
      'stall',
      'halt',
    ]);
    expect(a.log.filter((e) => e.error !== undefined)).toEqual([]);
    expect(a.closes).toEqual(a.expected);
    expect(Object.keys(a.closes)).toHaveLength(5);
    expect(b.log).toEqual(a.log);
    expect(b.closes).toEqual(a.closes);
    expect(a.sim.control.connection(a.stalled)).toMatchObject({ state: 'zombie', stalled: true });
  });

  it('halts a ticker from a scenario: no trades of it until the halt ends', async () => {
    const sim = await useSim({ rate: 2_000, symbols: 12, haltsPerDay: 0 });
    const c = await useAuthed(sim.url);
    await subscribe(c, 'T.MSFT,LULD.MSFT');
    sim.control.runScenario({
      steps: [{ at: 1_000, fault: 'halt', ticker: 'MSFT', durationMs: 30_000 }],
    });
    await sim.control.advance(40_000);
    await waitUntil(() => c.events().length === sim.control.connection('c1').eventsSent);
    const haltedAt = (c.events().find((e) => e['ev'] === 'LULD')!['t'] as number) / 1000;
    const trades = c
      .events()
      .filter((e) => e['ev'] === 'T')
      .map((e) => e['t'] as number);
    expect(trades.filter((t) => t >= haltedAt && t < haltedAt + 30_000)).toEqual([]);
    expect(trades.some((t) => t < haltedAt)).toBe(true);
    expect(trades.some((t) => t >= haltedAt + 30_000)).toBe(true);
  });

  it('expands repeat/every and can be cancelled', async () => {
    const sim = await useSim();
    const handle = sim.control.runScenario({
      steps: [{ at: 0, every: 100, repeat: 5, fault: 'outage', ticker: 'MSFT' }],
    });
    await sim.control.advance(250);
    expect(handle.log()).toHaveLength(3);
    handle.cancel();
    expect(await handle.done).toHaveLength(3);
  });
});
