import { Command, InvalidArgumentError as CommanderArgumentError, Option } from 'commander';
import { REDIS_TICK_CHANNELS } from '../service/start-service.js';
import { runHealth } from './health-command.js';
import { runRecord } from './record-command.js';
import { runSim } from './sim-command.js';
import { runStart, type StartOptions } from './start-command.js';
import { runUniverseLoad, type UniverseLoadOptions } from './universe-command.js';

function integer(name: string, min: number, max: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new CommanderArgumentError(`${name} must be an integer from ${min} to ${max}`);
    return n;
  };
}

function positive(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0)
      throw new CommanderArgumentError(`${name} must be a positive number`);
    return n;
  };
}

const defaultPort = (): number => {
  const p = Number(process.env['PORT'] ?? 8080);
  return Number.isInteger(p) && p >= 0 && p <= 65535 ? p : 8080;
};

/** The `tickmux` command line. `exit(code)` ends a command that has finished. */
export function createProgram(
  exit: (code: number) => void = (c) => (process.exitCode = c),
): Command {
  const program = new Command('tickmux')
    .description(
      'Every Massive WebSocket connection at once: the service, its simulator and tools.',
    )
    .showHelpAfterError();

  program
    .command('start')
    .description(
      'Run the service: reads .env and the environment; without MASSIVE_WEBSOCKET_URL (and no vendor key) ' +
        'it starts the embedded simulator and points at it. Dashboard and API on PORT (first line printed).',
    )
    // Not --env-file: Node 20 takes that flag for itself even after the script name.
    .option('--config <path>', 'env file read before the environment (dotenv format)', '.env')
    .addOption(
      new Option('--port <n>', 'HTTP port of the dashboard and API (0: a free one)')
        .env('PORT')
        .argParser(integer('--port', 0, 65535))
        .default(defaultPort()),
    )
    .addOption(
      new Option('--host <host>', 'interface the HTTP server binds')
        .env('HOST')
        .default('127.0.0.1'),
    )
    .option(
      '--tickers <list>',
      'tickers to subscribe, comma-separated (default: the configured universes)',
      (v) => v.split(','),
    )
    .option('--synthetic', 'ticks generated in-process (SyntheticDataAdapter), no socket', false)
    .addOption(
      new Option(
        '--redis-channels <list>',
        'with REDIS_URL: pub/sub channels of the ticks, comma-separated',
      )
        .env('TICKMUX_REDIS_CHANNELS')
        .default(REDIS_TICK_CHANNELS.join(',')),
    )
    .addOption(
      new Option('--redis-stream <key>', 'with REDIS_URL: the stream the ticks are added to')
        .env('TICKMUX_REDIS_STREAM')
        .default('tickstock:stream:raw'),
    )
    .option('--seed <n>', 'embedded simulator: seed', integer('--seed', 0, 2 ** 31), 42)
    .option(
      '--rate <n>',
      'embedded simulator: trades + quotes per second',
      positive('--rate'),
      2_000,
    )
    .option(
      '--duration <seconds>',
      'stop after this long (default: until Ctrl-C)',
      positive('--duration'),
    )
    .option(
      '--status-interval <seconds>',
      'print a status line this often',
      positive('--status-interval'),
      10,
    )
    .addOption(
      new Option(
        '--log-level <level>',
        'log level (logs go to stderr: text on a terminal, JSON otherwise)',
      )
        .choices(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'])
        .env('LOG_LEVEL')
        .default('warn'),
    )
    .action((opts: StartOptions) => runStart(opts));

  program
    .command('sim')
    .description(
      "Run the simulator alone: massive-sim's own CLI (tickmux sim --help lists its options)",
    )
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[args...]', 'massive-sim arguments')
    .action(async (args: string[]) => exit(await runSim(args)));

  program
    .command('record')
    .description(
      "Record a session in the simulator's format (massive-ws-recording, NDJSON; .gz compresses) for `pnpm sim --replay`: " +
        'from --url / MASSIVE_WEBSOCKET_URL with a key, else from the embedded simulator',
    )
    .requiredOption('-o, --out <file>', 'recording to write (.ndjson or .ndjson.gz)')
    .option('--duration <seconds>', 'how long to record', positive('--duration'), 10)
    .option(
      '--url <url>',
      'socket URL (default: MASSIVE_WEBSOCKET_URL, else the embedded simulator)',
    )
    .option('--api-key <key>', 'API key (default: MASSIVE_API_KEY)')
    .option(
      '--tickers <list>',
      'tickers, comma-separated, or * for every ticker',
      'AAPL,MSFT,NVDA,AMZN,GOOGL',
    )
    .option('--channels <list>', 'channels, comma-separated', 'T,Q,A,AM')
    .option('--seed <n>', 'embedded simulator: seed', integer('--seed', 0, 2 ** 31), 7)
    .option('--rate <n>', 'embedded simulator: trades + quotes per second', positive('--rate'), 200)
    .option('--note <text>', "free text for the recording's header")
    .action(async (opts: Parameters<typeof runRecord>[0]) => exit(await runRecord(opts)));

  const universe = program.command('universe').description('Universes (ticker lists by key)');
  universe
    .command('load')
    .description(
      'Load universes from JSON files ({"key": ["AAPL", ...]}) and/or the bundled sample into Redis',
    )
    .argument('[files...]', 'universe files')
    .option('--bundled', 'also the bundled sample universes', false)
    .option('--redis-url <url>', 'Redis (default: REDIS_URL, else redis://127.0.0.1:6379)')
    .option('--namespace <ns>', 'key prefix (default tickmux)')
    .option('--print', 'print the universes instead of loading them', false)
    .action(async (files: string[], opts: UniverseLoadOptions) =>
      exit(await runUniverseLoad(files, opts)),
    );

  program
    .command('health')
    .description(
      "Print a running service's connections (GET /api/websocket/connections) as a table",
    )
    .option('--url <url>', 'the service', `http://127.0.0.1:${defaultPort()}`)
    .option('--json', 'print the JSON instead', false)
    .option('--timeout <seconds>', 'request timeout', positive('--timeout'), 5)
    .action(async (opts: Parameters<typeof runHealth>[0]) => exit(await runHealth(opts)));

  return program;
}
