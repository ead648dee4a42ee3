import { describe, expect, it } from 'vitest';
import type { RawClient } from './helpers.js';
import { idOf, statuses, subscribe, useAuthed, useSim, waitUntil } from './helpers.js';
import type { Sim } from '../src/index.js';

type Counts = Map<string, { sent: number; firstQ: number; lastQ: number }>;

/** What a plain reader received, per (channel, ticker), as the ground truth spells it. */
function received(c: RawClient): Counts {
  const out: Counts = new Map();
  for (const e of c.events()) {
    const key = `${String(e['ev'])}.${String(e['sym'] ?? e['T'])}`;
    const q = (e['q'] as number | undefined) ?? 0;
    const hit = out.get(key);
    if (hit === undefined) out.set(key, { sent: 1, firstQ: q, lastQ: q });
    else {
      hit.sent++;
      hit.lastQ = q;
    }
  }
  return out;
}

/** The simulator's ground truth for one socket, in the same shape. */
function truthOf(sim: Sim, id: string): Counts {
  const out: Counts = new Map();
  for (const e of sim.control.groundTruth({ connection: id }))
    out.set(`${e.channel}.${e.ticker}`, e.bySocket[id]!);
  return out;
}

async function allReceived(sim: Sim, c: RawClient): Promise<void> {
  const id = idOf(sim, c);
  await waitUntil(
    () => c.events().length === sim.control.connection(id).eventsSent,
    10_000,
    'every event sent',
  );
}

describe('ground truth', () => {
  it('equals what plain readers received, per (channel, ticker) and socket, with sparse q', async () => {
    const sim = await useSim({ rate: 1_000, symbols: 30 });
    const all = await useAuthed(sim.url);
    const some = await useAuthed(sim.url);
    await subscribe(all, 'T.*,Q.*,A.*,AM.*,LULD.*,NOI.*');
    await subscribe(some, 'T.AAPL,Q.MSFT');
    await sim.control.advance(65_000);
    await allReceived(sim, all);
    await allReceived(sim, some);
    const fromAll = received(all);
    expect([...fromAll.keys()].some((k) => k.startsWith('AM.'))).toBe(true);
    expect(truthOf(sim, idOf(sim, all))).toEqual(fromAll);
    expect(truthOf(sim, idOf(sim, some))).toEqual(received(some));
    const aapl = sim.control.groundTruth({ channel: 'T', ticker: 'AAPL' })[0]!;
    expect(aapl.sent).toBe(fromAll.get('T.AAPL')!.sent + received(some).get('T.AAPL')!.sent);
    expect(aapl.generated).toBe(fromAll.get('T.AAPL')!.sent);
    expect(aapl.lastQ).toBe(fromAll.get('T.AAPL')!.lastQ);
  });

  it('reconciles received + gaps = generated in contiguous mode, across an outage', async () => {
    const sim = await useSim({ rate: 3_000, symbols: 12, seq: 'contiguous' });
    const c = await useAuthed(sim.url);
    await subscribe(c, 'T.AAPL,Q.AAPL');
    await sim.control.advance(5_000);
    sim.control.outage('AAPL', 3_000);
    await sim.control.advance(10_000);
    await allReceived(sim, c);
    for (const ch of ['T', 'Q']) {
      const got = received(c).get(`${ch}.AAPL`)!;
      const truth = sim.control.groundTruth({ channel: ch, ticker: 'AAPL' })[0]!;
      let gaps = got.firstQ - 1;
      let prev = 0;
      for (const e of c.events().filter((x) => x['ev'] === ch)) {
        gaps += prev === 0 ? 0 : (e['q'] as number) - prev - 1;
        prev = e['q'] as number;
      }
      expect(got.sent, ch).toBe(truth.bySocket[idOf(sim, c)]!.sent);
      expect(gaps, ch).toBeGreaterThan(0);
      expect(got.sent + gaps + (truth.lastQ - got.lastQ), ch).toBe(truth.generated);
    }
  });
});

describe('advance() on the virtual clock', () => {
  it("never kills the test's own socket as a slow consumer: it lets sockets drain between steps", async () => {
    const sim = await useSim({ rate: 20_000, slowConsumerBytes: 65_536 });
    const c = await useAuthed(sim.url);
    await subscribe(c, 'T.*,Q.*');
    await sim.control.advance(3_000);
    expect(sim.control.connection(idOf(sim, c))).toMatchObject({ state: 'open' });
    await allReceived(sim, c);
    expect(c.events().length).toBeGreaterThan(50_000);
    expect(statuses(c).some((s) => s['status'] === 'slow_consumer')).toBe(false);
    expect(c.ws.readyState).toBe(1);
  });
});
