/**
 * Events/s the replay mode delivers to one plain reader, beside the market model's, measured the
 * way `pnpm bench sim` measures the model (the simulator in its own process, one `ws` +
 * `JSON.parse` reader subscribed to everything, warm-up then a timed window; rounds alternate and
 * the median is reported). The replay serves the bundled recording with `--speed max --loop`.
 * Prints a table, then one JSON line. `pnpm --filter @tickmux/massive-sim bench:replay [--quick]`.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../recordings/sim-open.ndjson', import.meta.url));
const ALL = 'T.*,Q.*,A.*,AM.*,LULD.*,NOI.*';
const quick = process.argv.includes('--quick');
const [WARMUP_MS, MEASURE_MS, ROUNDS] = quick ? [1_000, 3_000, 1] : [2_000, 5_000, 3];

const MODES = {
  model: ['--symbols', '500', '--rate', '5000000', '--tick-ms', '1'],
  replay: ['--replay', FIXTURE, '--speed', 'max', '--loop'],
} as const;

/** Starts the simulator CLI with `args` and resolves with its URL and a stop function. */
async function server(
  args: readonly string[],
): Promise<{ url: string; stop: () => Promise<void> }> {
  const common = ['--port', '0', '--no-control', '--no-status', '--log-level', 'error'];
  const child = spawn(
    process.execPath,
    [
      ...process.execArgv,
      CLI,
      ...common,
      '--events-per-frame',
      '100',
      '--slow-consumer-bytes',
      String(512 << 20),
      ...args,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`massive-sim exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /^massive-sim listening on (\S+)$/.exec(line);
      if (m) resolve(m[1]!);
    });
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { url, stop };
}

/** Data events/s one plain reader counts over the timed window. */
async function measure(args: readonly string[]): Promise<number> {
  const { url, stop } = await server(args);
  const ws = new WebSocket(url, { perMessageDeflate: false });
  let events = 0;
  ws.on('message', (data: Buffer) => {
    for (const m of JSON.parse(data.toString()) as { ev: string; status?: string }[]) {
      if (m.ev !== 'status') events++;
      else if (m.status === 'connected')
        ws.send(JSON.stringify({ action: 'auth', params: 'demo' }));
      else if (m.status === 'auth_success')
        ws.send(JSON.stringify({ action: 'subscribe', params: ALL }));
    }
  });
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  const before = events;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, MEASURE_MS));
  const rate = ((events - before) * 1000) / (performance.now() - t0);
  ws.terminate();
  await stop();
  return rate;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rates: Record<keyof typeof MODES, number[]> = { model: [], replay: [] };
for (let round = 0; round < ROUNDS; round++)
  for (const mode of Object.keys(MODES) as (keyof typeof MODES)[])
    rates[mode].push(await measure(MODES[mode]));
const model = Math.round(median(rates.model));
const replay = Math.round(median(rates.replay));
process.stdout.write(
  `massive-sim market model (500 tickers)   ${model.toLocaleString('en-US')} events/s\n` +
    `massive-sim replay (--speed max --loop)   ${replay.toLocaleString('en-US')} events/s\n` +
    `${JSON.stringify({ measure: 'sim-replay', events_per_s: model, replay_events_per_s: replay, rounds: ROUNDS })}\n`,
);
