#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError as CliArgumentError, Option } from 'commander';
import { pino } from 'pino';
import { startSim } from './start-sim.js';
import type { SimOptions } from './options.js';
import { startStatusLine } from './status-line.js';

const int = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new CliArgumentError(`${name} must be an integer, got "${v}"`);
  return n;
};
const num = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new CliArgumentError(`${name} must be a number, got "${v}"`);
  return n;
};
const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

const program = new Command('massive-sim')
  .description(
    'A synthetic Massive-compatible WebSocket server with a market model and fault injection.',
  )
  .option('--host <host>', 'interface to bind', '127.0.0.1')
  .option('--port <port>', 'WebSocket port (0 = any free port)', int('--port'), 8765)
  .option(
    '--control-port <port>',
    'HTTP control API port (default: WebSocket port + 1; 0 = any free port)',
    int('--control-port'),
  )
  .option('--no-control', 'do not start the HTTP control API')
  .option('--path <path>', 'WebSocket path', '/stocks')
  .option('--seed <n>', 'seed of the market model and scenarios', int('--seed'), 1)
  .option(
    '--symbols <n>',
    'universe size: bundled real tickers first, then synthetic',
    int('--symbols'),
    500,
  )
  .option('--tickers <list>', 'explicit universe, comma-separated (overrides --symbols)', list)
  .option('--rate <n>', 'trades + quotes per simulated second, all tickers', num('--rate'), 20_000)
  .option('--trade-ratio <x>', 'share of arrivals that are trades', num('--trade-ratio'), 0.4)
  .option('--events-per-frame <n>', 'most events in one frame', int('--events-per-frame'), 100)
  .option('--tick-ms <ms>', 'generation loop interval', num('--tick-ms'), 5)
  .option('--acceleration <x>', 'simulated ms per wall ms', num('--acceleration'), 1)
  .addOption(
    new Option(
      '--clock <mode>',
      'market time: real (wall clock) or virtual (fixed start, deterministic)',
    )
      .choices(['real', 'virtual'])
      .default('real'),
  )
  .option('--api-keys <list>', 'accepted API keys, comma-separated', list, ['demo'])
  .option('--max-connections <n>', 'connection limit per API key', int('--max-connections'), 3)
  .addOption(
    new Option('--limit-policy <policy>', 'who goes when a key exceeds its limit')
      .choices(['reject-new', 'kick-oldest'])
      .default('reject-new'),
  )
  .option(
    '--auth-timeout <ms>',
    'close sockets that do not authenticate in time',
    int('--auth-timeout'),
    10_000,
  )
  .option(
    '--slow-consumer-bytes <n>',
    'close a socket whose unsent bytes pass this',
    int('--slow-consumer-bytes'),
    8 * 1024 * 1024,
  )
  .option('--latency <ms>', 'added one-way latency per socket', num('--latency'), 0)
  .option('--bandwidth <bytesPerSec>', 'per-socket bandwidth cap (0 = none)', num('--bandwidth'), 0)
  .option('--bench-stamp', 'add sim_sent_ms (send time) to every event', false)
  .option('--scenario <file>', 'run a fault scenario (JSON timeline) once started')
  .addOption(
    new Option('--log-level <level>', 'log level (logs go to stderr)')
      .choices(['debug', 'info', 'warn', 'error', 'silent'])
      .default('warn'),
  )
  .option('--no-status', 'no live status line on a TTY')
  .action(run);

interface CliOptions {
  host: string;
  port: number;
  controlPort?: number;
  control: boolean;
  path: string;
  seed: number;
  symbols: number;
  tickers?: string[];
  rate: number;
  tradeRatio: number;
  eventsPerFrame: number;
  tickMs: number;
  acceleration: number;
  clock: 'real' | 'virtual';
  apiKeys: string[];
  maxConnections: number;
  limitPolicy: 'reject-new' | 'kick-oldest';
  authTimeout: number;
  slowConsumerBytes: number;
  latency: number;
  bandwidth: number;
  benchStamp: boolean;
  scenario?: string;
  logLevel: string;
  status: boolean;
}

async function run(opts: CliOptions): Promise<void> {
  // A closed stdout (`pnpm sim | head -1`) must not crash the server.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
  const logger = pino({ level: opts.logLevel, base: { app: 'massive-sim' } }, pino.destination(2));
  const options: SimOptions = {
    host: opts.host,
    port: opts.port,
    controlPort: opts.control ? (opts.controlPort ?? (opts.port === 0 ? 0 : opts.port + 1)) : false,
    path: opts.path,
    seed: opts.seed,
    symbols: opts.symbols,
    rate: opts.rate,
    tradeRatio: opts.tradeRatio,
    eventsPerFrame: opts.eventsPerFrame,
    tickMs: opts.tickMs,
    acceleration: opts.acceleration,
    clock: opts.clock,
    virtualPaced: true,
    apiKeys: opts.apiKeys,
    maxConnections: opts.maxConnections,
    limitPolicy: opts.limitPolicy,
    authTimeoutMs: opts.authTimeout,
    slowConsumerBytes: opts.slowConsumerBytes,
    latencyMs: opts.latency,
    bandwidthBytesPerSec: opts.bandwidth,
    benchStamp: opts.benchStamp,
    logger,
  };
  if (opts.tickers !== undefined) options.tickers = opts.tickers;
  const scenarioText =
    opts.scenario === undefined ? undefined : await readFile(opts.scenario, 'utf8');
  const sim = await startSim(options);
  console.log(`massive-sim listening on ${sim.url}`);
  if (sim.controlUrl !== undefined) console.log(`control API on ${sim.controlUrl}`);
  if (scenarioText !== undefined) {
    const handle = sim.control.runScenario(scenarioText);
    void handle.done.then((log) =>
      logger.info({ scenario: opts.scenario, steps: log.length }, 'scenario finished'),
    );
  }
  const status =
    opts.status && process.stdout.isTTY ? startStatusLine(sim, process.stdout) : undefined;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    status?.stop();
    logger.info({ signal }, 'shutting down');
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

program.parseAsync().catch((err: unknown) => {
  console.error(`massive-sim: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
