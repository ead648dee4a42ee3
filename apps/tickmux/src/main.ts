import { MassiveClient } from '@tickmux/client';
import {
  createUniverseSource,
  loadConfigFromFiles,
  redactUrl,
  resolveUniverses,
} from '@tickmux/config';
import { startSim, type Sim } from '@tickmux/massive-sim';
import { Command } from 'commander';
import { LiveView } from './live-view.js';
import { createServiceLogger } from './logger.js';

const program = new Command('tickmux')
  .description(
    'Reads the configuration (.env, then the environment), resolves the tickers, and streams them with a live view. ' +
      'Without USE_MASSIVE_API=true and a MASSIVE_API_KEY it runs against an embedded simulator.',
  )
  .option(
    '--tickers <list>',
    'tickers to subscribe, comma-separated (default: the configured universe)',
    (v) => v.split(','),
  )
  .option('--env-file <path>', 'env file read before the environment', '.env')
  .option('--rate <n>', 'embedded simulator: trades + quotes per second', Number, 20_000)
  .option('--seed <n>', 'embedded simulator: seed', Number, 42)
  .option('--duration <seconds>', 'stop after this long (default: until Ctrl-C)', Number)
  .option('--log-level <level>', 'log level (stderr)', 'warn')
  .action(run);

interface Options {
  tickers?: string[];
  envFile: string;
  rate: number;
  seed: number;
  duration?: number;
  logLevel: string;
}

async function run(opts: Options): Promise<void> {
  const logger = createServiceLogger({ level: opts.logLevel, destination: 2 });
  const config = loadConfigFromFiles([opts.envFile], {
    env: process.env,
    logger: logger.child({ component: 'config' }),
  });
  const source = createUniverseSource(config);
  const universes = await resolveUniverses(config, source, {
    logger: logger.child({ component: 'universe' }),
  });
  await source.close();
  const tickers = opts.tickers ?? [...universes.tickers];
  const live = config.useMassiveApi && config.apiKey !== '';
  let sim: Sim | undefined;
  if (!live) {
    sim = await startSim({
      seed: opts.seed,
      rate: opts.rate,
      apiKeys: ['demo'],
      maxConnections: config.maxConnections,
      logger: logger.child({ component: 'sim' }),
    });
    console.log(`simulator: ${sim.url} (control API ${sim.controlUrl ?? 'off'})`);
    console.log(`inject a fault: curl -X POST ${sim.controlUrl ?? ''}/connections/c1/kill`);
  } else {
    console.log(`vendor: ${redactUrl(config.url)}`);
  }
  console.log(
    `tickers (${tickers.length}): ${tickers.slice(0, 12).join(' ')}${tickers.length > 12 ? ' …' : ''}`,
  );
  const view = new LiveView(tickers);
  const client = new MassiveClient({
    url: sim?.url ?? config.url,
    apiKey: sim === undefined ? config.apiKey : 'demo',
    channels: config.channels,
    backoff: { baseDelayMs: config.reconnectDelayMs },
    // The embedded simulator is always there to come back to; the vendor gets the configured limit.
    maxRetries: sim === undefined ? config.maxRetries : Infinity,
    onTick: (tick) => view.onTick(tick),
    onStateChange: (state, _previous, reason) => {
      const error = reason.error === undefined ? '' : ` (${reason.error.code})`;
      console.log(`client: ${state}${error}`);
    },
    logger: logger.child({ component: 'client' }),
  });
  if (!(await client.connect()))
    throw new Error(`could not connect: ${client.lastError?.message ?? 'unknown'}`);
  await client.subscribe(tickers);
  const timer = setInterval(() => console.log(view.line(client.stats, Date.now())), 1_000);
  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(timer);
    await client.disconnect();
    await sim?.close();
    console.log(`stopped (${why}): ${view.ticks.toLocaleString('en-US')} ticks received`);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  if (opts.duration !== undefined)
    setTimeout(() => void stop(`${opts.duration}s elapsed`), opts.duration * 1000);
}

program.parseAsync().catch((err: unknown) => {
  console.error(`tickmux: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
