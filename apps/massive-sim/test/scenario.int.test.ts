import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@tickmux/core';
import { parseScenario, type Scenario } from '../src/index.js';
import { RawClient, useSim } from './helpers.js';

const example = readFileSync(new URL('../scenarios/flaky-session.json', import.meta.url), 'utf8');

describe('scenarios', () => {
  it('parses the bundled example scenario', () => {
    const s = parseScenario(example);
    expect(s.steps.length).toBeGreaterThan(3);
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
    const sim = await useSim({ seed, rate: 2_000, maxConnections: 4 });
    const clients = await Promise.all([0, 1, 2, 3].map(() => RawClient.authed(sim.url)));
    const handle = sim.control.runScenario({
      steps: [
        { at: 100, fault: 'drop', target: 'random', code: 4002 },
        { at: 200, fault: 'kill', target: 'random' },
        { at: 300, fault: 'malformed', target: 'oldest', kind: 'invalid-json', count: 2 },
        { at: 400, fault: 'outage', ticker: 'AAPL', durationMs: 1_000 },
        { at: 500, fault: 'max_connections', target: 'newest' },
      ],
    });
    sim.control.advance(600);
    const log = await handle.done;
    const closes = await Promise.all(
      clients.map((c) =>
        Promise.race([c.closed, new Promise((r) => setTimeout(() => r(null), 500))]),
      ),
    );
    for (const c of clients) c.close();
    return { log, closes: closes.map((x) => (x === null ? null : (x as { code: number }).code)) };
  }

  it('runs a timeline on the virtual clock, each fault observed by the clients, deterministically by seed', async () => {
    const a = await runOnce(11);
    const b = await runOnce(11);
    expect(a.log.map((e) => e.fault)).toEqual([
      'drop',
      'kill',
      'malformed',
      'outage',
      'max_connections',
    ]);
    expect(a.log.every((e) => e.error === undefined)).toBe(true);
    expect(b.log).toEqual(a.log);
    expect(b.closes).toEqual(a.closes);
    expect([...a.closes].sort()).toEqual([1006, 1008, 4002, null].sort());
  });

  it('expands repeat/every and can be cancelled', async () => {
    const sim = await useSim();
    const handle = sim.control.runScenario({
      steps: [{ at: 0, every: 100, repeat: 5, fault: 'outage', ticker: 'MSFT' }],
    });
    sim.control.advance(250);
    expect(handle.log()).toHaveLength(3);
    handle.cancel();
    expect(await handle.done).toHaveLength(3);
  });
});
