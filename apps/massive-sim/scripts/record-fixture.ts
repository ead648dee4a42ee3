/**
 * Records the bundled fixture `recordings/sim-open.ndjson`: a plain reader subscribed to every
 * channel of a deterministic simulator (virtual clock, seed 7) across the 09:30 open of
 * 2025-01-02, each received frame stamped with the market time it was sent at. Run with
 * `pnpm --filter @tickmux/massive-sim record-fixture`; the output is the same on every run.
 */
import { writeFile } from 'node:fs/promises';
import WebSocket from 'ws';
import {
  easternToUtc,
  recordingFrameLine,
  recordingHeaderLine,
  startSim,
  type RecordedFrame,
} from '../src/index.js';

const START = easternToUtc(2025, 1, 2, 9 * 60 + 29) + 55_000;
const STEP_MS = 100;
const STEPS = 100;
const out = new URL('../recordings/sim-open.ndjson', import.meta.url);

const sim = await startSim({
  clock: 'virtual',
  startAt: START,
  seed: 7,
  symbols: 12,
  rate: 30,
  controlPort: false,
});
const ws = new WebSocket(sim.url);
const received: string[] = [];
ws.on('message', (data: Buffer) => received.push(data.toString()));
await new Promise((resolve) => ws.once('open', resolve));
ws.send(JSON.stringify({ action: 'auth', params: 'demo' }));
ws.send(JSON.stringify({ action: 'subscribe', params: 'T.*,Q.*,A.*,AM.*,LULD.*,NOI.*' }));
const sent = () => sim.control.connections()[0]?.framesSent ?? 0;
const settle = async () => {
  while (received.length < sent()) await new Promise((r) => setTimeout(r, 5));
};
await new Promise((r) => setTimeout(r, 100));
await settle();
const frames: RecordedFrame[] = received.map((f) => ({ t: START, c: 'c1', f }));
for (let i = 0; i < STEPS; i++) {
  const before = received.length;
  await sim.control.advance(STEP_MS);
  await settle();
  const t = sim.control.stats().marketTime;
  for (const f of received.slice(before)) frames.push({ t, c: 'c1', f });
}
ws.close();
await sim.close();
const header = recordingHeaderLine({
  createdAt: new Date(START).toISOString(),
  source: 'massive-sim seed 7, 12 tickers, rate 30, virtual clock from 09:29:55 US/Eastern',
  note: 'statuses and data, as one plain reader subscribed to every channel received them',
});
await writeFile(out, [header, ...frames.map(recordingFrameLine)].join('\n') + '\n');
process.stdout.write(`wrote ${frames.length} frames to ${out.pathname}\n`);
