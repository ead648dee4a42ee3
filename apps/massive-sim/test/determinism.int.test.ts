import { describe, expect, it } from 'vitest';
import { sessionAt, sessionStart, VIRTUAL_START_MS } from '../src/index.js';
import { subscribe, useAuthed, useSim, waitUntil } from './helpers.js';

/** Runs a virtual-clock simulator for `ms` of market time and returns every data frame received. */
async function record(seed: number, topics: string, ms: number): Promise<string[]> {
  const sim = await useSim({ clock: 'virtual', seed, rate: 300, symbols: 50 });
  const c = await useAuthed(sim.url);
  await subscribe(c, topics);
  await sim.control.advance(ms);
  const sent = sim.control.connections()[0]!.framesSent;
  await waitUntil(() => c.frames.length >= sent, 5_000, 'every frame');
  return c.frames.map(String).filter((f) => !f.startsWith('[{"ev":"status"'));
}

describe('virtual clock determinism', () => {
  it('gives the identical stream for the same seed and subscriptions', async () => {
    const a = await record(42, 'T.*,Q.*,A.*,AM.*', 61_000);
    const b = await record(42, 'T.*,Q.*,A.*,AM.*', 61_000);
    expect(a.length).toBeGreaterThan(100);
    expect(b).toEqual(a);
    expect(a.join('')).toContain('"ev":"AM"');
  });

  it('gives a different stream for another seed', async () => {
    expect(await record(2, 'T.*', 2_000)).not.toEqual(await record(1, 'T.*', 2_000));
  });

  it('gives the same events to a narrower subscription (a filter of the same market)', async () => {
    const all = (await record(9, 'T.*', 5_000)).flatMap((f) => JSON.parse(f) as { sym: string }[]);
    const aapl = (await record(9, 'T.AAPL', 5_000)).flatMap(
      (f) => JSON.parse(f) as { sym: string }[],
    );
    expect(aapl).toEqual(all.filter((e) => e.sym === 'AAPL'));
  });
});

describe('clock modes', () => {
  it('paces the virtual clock by itself when asked (the CLI --clock virtual)', async () => {
    const sim = await useSim({ clock: 'virtual', virtualPaced: true, rate: 2_000 });
    const c = await useAuthed(sim.url);
    await subscribe(c, 'T.*');
    await waitUntil(() => c.events().length > 0, 5_000);
    expect(c.events()[0]!['t']).toBeGreaterThanOrEqual(VIRTUAL_START_MS);
    expect(c.events()[0]!['t']).toBeLessThan(VIRTUAL_START_MS + 60_000);
  });

  it('starts the real clock inside a regular session, whatever the hour (10:00 US/Eastern, latest weekday)', async () => {
    const sim = await useSim({ clock: 'real' });
    const at = sim.control.stats().marketTime;
    expect(sessionAt(at)).toBe('regular');
    expect(at - sessionStart(Date.now())).toBeLessThan(60_000);
  });

  it('follows the wall clock and calendar with startAt: now', async () => {
    const sim = await useSim({ clock: 'real', startAt: 'now' });
    expect(Math.abs(sim.control.stats().marketTime - Date.now())).toBeLessThan(60_000);
  });

  it('accelerates real time: minute bars within seconds at 60x', async () => {
    const sim = await useSim({ clock: 'real', acceleration: 60, rate: 500, symbols: 5 });
    const c = await useAuthed(sim.url);
    await subscribe(c, 'AM.*');
    await waitUntil(() => c.events().some((e) => e['ev'] === 'AM'), 5_000, 'a minute bar');
  });
});
