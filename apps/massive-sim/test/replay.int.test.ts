import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readRecording, splitJsonArray } from '../src/index.js';
import { idOf, subscribe, useAuthed, useSim, waitUntil } from './helpers.js';

const FIXTURE = fileURLToPath(new URL('../recordings/sim-open.ndjson', import.meta.url));
const ALL = 'T.*,Q.*,A.*,AM.*,LULD.*,NOI.*';

/** The recording's data frames, and their events as text. */
async function recorded() {
  const rec = await readRecording(FIXTURE);
  const data = rec.frames.filter((f) => !f.f.includes('"ev":"status"'));
  const frames = data.map((f) => f.f);
  // Market time runs from the first data frame to the last.
  const span = data.at(-1)!.t - data[0]!.t;
  return {
    rec,
    frames,
    span,
    end: data.at(-1)!.t,
    events: frames.flatMap((f) => splitJsonArray(f)),
  };
}

describe('replay of the bundled recording', () => {
  it('delivers exactly its frames and events, filtered by subscription, in order', async () => {
    const { span, end, frames, events } = await recorded();
    expect(events.length).toBeGreaterThan(500);
    const sim = await useSim({ replay: FIXTURE });
    const all = await useAuthed(sim.url);
    const some = await useAuthed(sim.url);
    await subscribe(all, ALL);
    await subscribe(some, 'T.AAPL,Q.MSFT,NOI.*');
    await sim.control.advance(span + 1);
    await waitUntil(
      () =>
        all.events().length === events.length &&
        some.events().length === sim.control.connection(idOf(sim, some)).eventsSent,
    );
    expect(all.frames.slice(2 + 6)).toEqual(frames);
    const wanted = events.filter((e) => /^\{"ev":"(T","sym":"AAPL"|Q","sym":"MSFT"|NOI")/.test(e));
    expect(wanted.length).toBeGreaterThan(20);
    expect(some.events()).toEqual(wanted.map((e) => JSON.parse(e) as unknown));
    expect(sim.control.stats().marketTime).toBe(end + 1);
  });

  it('replays as fast as the socket drains with speed max, looping', async () => {
    const { events } = await recorded();
    const sim = await useSim({ replay: FIXTURE, clock: 'real', acceleration: 'max', loop: true });
    const c = await useAuthed(sim.url);
    await subscribe(c, ALL);
    await waitUntil(() => c.events().length > 3 * events.length, 10_000, 'three passes');
    // It started before the subscription: the stream is the recording, looped, from some event on.
    const parsed = events.map((e) => JSON.parse(e) as unknown);
    const got = c.events().slice(0, 3 * events.length);
    const offset = parsed.findIndex((e) => JSON.stringify(e) === JSON.stringify(got[0]));
    expect(offset).toBeGreaterThanOrEqual(0);
    expect(got).toEqual(got.map((_, i) => parsed[(offset + i) % parsed.length]));
  });

  it('runs no faster than its speed on the real clock', async () => {
    const { span, end } = await recorded();
    const startedAt = performance.now();
    const sim = await useSim({ replay: FIXTURE, clock: 'real', acceleration: 10 });
    await waitUntil(
      () => sim.control.stats().marketTime >= end,
      10_000,
      'the end of the recording',
    );
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(span / 10 - 5);
  });

  it('refuses faults that need the market model', async () => {
    const sim = await useSim({ replay: FIXTURE });
    expect(() => sim.control.halt('AAPL')).toThrow(/replay/);
    expect(() => sim.control.configure({ rate: 5 })).toThrow(/replay/);
  });
});
