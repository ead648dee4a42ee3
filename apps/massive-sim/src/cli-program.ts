import { Command, InvalidArgumentError as CliArgumentError, Option } from 'commander';
import { SIM_DEFAULTS as D } from './options.js';

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
const collect = (v: string, previous: string[] = []) => [...previous, v];
const choice = (flag: string, text: string, choices: string[], def: string) =>
  new Option(flag, text).choices(choices).default(def);

/** The parsed command line. */
export interface CliOptions {
  host: string;
  port: number;
  path: string;
  controlHost: string;
  controlPort?: number;
  control: boolean;
  controlToken?: string;
  seed: number;
  symbols: number;
  tickers?: string[];
  rate: number;
  tradeRatio: number;
  eventsPerFrame: number;
  tickMs: number;
  acceleration: number;
  clock: string;
  start?: string;
  speed?: string;
  seq: 'sparse' | 'contiguous';
  quoteSizes: 'shares' | 'lots';
  secondBarDelay: number;
  lateTrades: number;
  lateMaxDelay: number;
  fractional: number;
  haltsPerDay: number;
  replay?: string;
  loop: boolean;
  replayConnection?: string;
  apiKeys: string[];
  accounts?: string[];
  maxConnections: number;
  limitPolicy: 'reject-new' | 'kick-oldest';
  zombieMs: number;
  authSuccessFirst: boolean;
  delayedKeys?: string[];
  keyChannels?: string[];
  keysWithoutSocket?: string[];
  authTimeout: number;
  slowConsumerBytes: number;
  latency: number;
  bandwidth: number;
  benchStamp: boolean;
  groundTruth: boolean;
  scenario?: string;
  logLevel: string;
  status: boolean;
}

/** The `massive-sim` command: every option with its default (`--help` lists them). */
export function createProgram(action: (opts: CliOptions) => Promise<void>): Command {
  return new Command('massive-sim')
    .description(
      'A synthetic Massive-compatible WebSocket server: a market on the US/Eastern calendar, vendor limits, fault injection, replay of recordings.',
    )
    .option('--host <host>', 'interface the WebSocket server binds', D.host)
    .option('--port <port>', 'WebSocket port (0 = any free port)', int('--port'), 8765)
    .option('--path <path>', 'WebSocket path', D.path)
    .option('--control-host <host>', 'interface of the HTTP control API', D.controlHost)
    .option(
      '--control-port <port>',
      'HTTP control API port (default: WebSocket port + 1; 0 = any free port)',
      int('--control-port'),
    )
    .option('--no-control', 'do not start the HTTP control API')
    .option(
      '--control-token <token>',
      'require "Authorization: Bearer <token>" on the control API (default: none)',
    )
    .option('--seed <n>', 'seed of the market model and scenarios', int('--seed'), D.seed)
    .option(
      '--symbols <n>',
      'universe size: bundled real tickers first, then synthetic',
      int('--symbols'),
      D.symbols,
    )
    .option('--tickers <list>', 'explicit universe, comma-separated (overrides --symbols)', list)
    .option(
      '--rate <n>',
      'trades + quotes per simulated second at the midday level',
      num('--rate'),
      D.rate,
    )
    .option(
      '--trade-ratio <x>',
      'share of arrivals that are trades',
      num('--trade-ratio'),
      D.tradeRatio,
    )
    .option(
      '--events-per-frame <n>',
      'most events in one frame',
      int('--events-per-frame'),
      D.eventsPerFrame,
    )
    .option('--tick-ms <ms>', 'generation loop interval', num('--tick-ms'), D.tickMs)
    .option('--acceleration <x>', 'simulated ms per wall ms', num('--acceleration'), D.acceleration)
    .option(
      '--clock <when>',
      'session (10:00 US/Eastern on the latest weekday, real pace) | now (the wall clock and calendar: closed at night) | virtual (2025-01-02 10:00 US/Eastern, deterministic, paced) | an ISO instant or Unix ms to start at',
      'session',
    )
    .option(
      '--start <instant>',
      'where market time starts (ISO instant or Unix ms), with any --clock',
    )
    .option(
      '--speed <x>',
      'replay speed: 1, 10, any factor, or max (as fast as the sockets drain); same as --acceleration',
    )
    .addOption(
      choice(
        '--seq <mode>',
        'q numbering: sparse (the vendor) or contiguous (exact gap counting)',
        ['sparse', 'contiguous'],
        D.seq,
      ),
    )
    .addOption(
      choice(
        '--quote-sizes <unit>',
        'bs/as in shares (the vendor since 3 Nov 2025) or round lots',
        ['shares', 'lots'],
        D.quoteSizes,
      ),
    )
    .option(
      '--second-bar-delay <ms>',
      'A bars go out this long after their second',
      num('--second-bar-delay'),
      D.secondBarDelayMs,
    )
    .option(
      '--late-trades <ratio>',
      'share of trades reported late (their AM bar is re-sent)',
      num('--late-trades'),
      D.lateTradeRatio,
    )
    .option(
      '--late-max-delay <ms>',
      'longest delay of a late report (5000-900000)',
      num('--late-max-delay'),
      D.lateTradeMaxDelayMs,
    )
    .option(
      '--fractional <ratio>',
      'share of off-exchange prints in fractional shares (ds, dv, dav)',
      num('--fractional'),
      D.fractionalRatio,
    )
    .option(
      '--halts-per-day <n>',
      'automatic LULD halts per regular session over the universe',
      num('--halts-per-day'),
      D.haltsPerDay,
    )
    .option(
      '--replay <file>',
      'serve a recording (.ndjson or .ndjson.gz) instead of the market model',
    )
    .option('--loop', 'replay: start again after the last frame', false)
    .option('--replay-connection <id>', 'replay: only the frames this recorded connection received')
    .option('--api-keys <list>', 'accepted API keys, one account each, comma-separated', list, [
      'demo',
    ])
    .option(
      '--accounts <account[:limit]=keys>',
      'an account sharing one limit across its keys, e.g. acct1:3=k1,k2 (repeatable)',
      collect,
    )
    .option(
      '--max-connections <n>',
      'connection limit of an account that sets none',
      int('--max-connections'),
      D.maxConnections,
    )
    .addOption(
      choice(
        '--limit-policy <policy>',
        'who goes when an account exceeds its limit',
        ['kick-oldest', 'reject-new'],
        D.limitPolicy,
      ),
    )
    .option(
      '--zombie-ms <ms>',
      'how long a socket abandoned without a close handshake still counts (0: not at all)',
      int('--zombie-ms'),
      D.zombieMs,
    )
    .option(
      '--no-auth-success-first',
      'refuse a socket over the limit without sending auth_success first',
    )
    .option(
      '--delayed-keys <list>',
      'keys on the delayed feed (15 minutes behind; no Q, LULD, NOI)',
      list,
    )
    .option(
      '--key-channels <key=channels>',
      "channels a key's plan includes, e.g. k1=T,AM (repeatable)",
      collect,
    )
    .option(
      '--keys-without-socket <list>',
      'keys whose plan has no websocket access (auth_failed)',
      list,
    )
    .option(
      '--auth-timeout <ms>',
      'close sockets that do not authenticate in time',
      int('--auth-timeout'),
      D.authTimeoutMs,
    )
    .option(
      '--slow-consumer-bytes <n>',
      'close a socket whose unsent bytes pass this',
      int('--slow-consumer-bytes'),
      D.slowConsumerBytes,
    )
    .option('--latency <ms>', 'added one-way latency per socket', num('--latency'), D.latencyMs)
    .option(
      '--bandwidth <bytesPerSec>',
      'per-socket bandwidth cap (0 = none)',
      num('--bandwidth'),
      D.bandwidthBytesPerSec,
    )
    .option('--bench-stamp', 'add sim_sent_ms (send time) to every event', false)
    .option('--no-ground-truth', 'do not count events per (channel, ticker, socket)')
    .option('--scenario <file>', 'run a fault scenario (JSON timeline) once started')
    .addOption(
      choice(
        '--log-level <level>',
        'log level (logs go to stderr)',
        ['debug', 'info', 'warn', 'error', 'silent'],
        'warn',
      ),
    )
    .option('--no-status', 'no live status line on a TTY')
    .action(action);
}
