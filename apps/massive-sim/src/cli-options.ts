import { InvalidArgumentError as CliArgumentError } from 'commander';
import type { AccountOptions, ApiKeyOptions } from './accounts.js';
import type { CliOptions } from './cli-program.js';
import type { SimOptions } from './options.js';

const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

const number = (flag: string, v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new CliArgumentError(`${flag} must be a number, got "${v}"`);
  return n;
};

/** Maps the command line to {@link SimOptions}; throws a CLI error naming a bad flag. */
export function cliToSimOptions(o: CliOptions): SimOptions {
  const options: SimOptions = {
    host: o.host,
    port: o.port,
    path: o.path,
    controlHost: o.controlHost,
    controlPort: o.control ? (o.controlPort ?? (o.port === 0 ? 0 : o.port + 1)) : false,
    seed: o.seed,
    symbols: o.symbols,
    rate: o.rate,
    tradeRatio: o.tradeRatio,
    eventsPerFrame: o.eventsPerFrame,
    tickMs: o.tickMs,
    acceleration: o.acceleration,
    seq: o.seq,
    quoteSizes: o.quoteSizes,
    secondBarDelayMs: o.secondBarDelay,
    lateTradeRatio: o.lateTrades,
    lateTradeMaxDelayMs: o.lateMaxDelay,
    fractionalRatio: o.fractional,
    haltsPerDay: o.haltsPerDay,
    loop: o.loop,
    maxConnections: o.maxConnections,
    limitPolicy: o.limitPolicy,
    zombieMs: o.zombieMs,
    maxConnectionsAfterAuth: o.authSuccessFirst,
    authTimeoutMs: o.authTimeout,
    slowConsumerBytes: o.slowConsumerBytes,
    latencyMs: o.latency,
    bandwidthBytesPerSec: o.bandwidth,
    benchStamp: o.benchStamp,
    groundTruth: o.groundTruth,
    accounts: accountsOf(o),
  };
  if (o.controlToken !== undefined) options.controlToken = o.controlToken;
  if (o.tickers !== undefined) options.tickers = o.tickers;
  if (o.replay !== undefined) options.replay = o.replay;
  if (o.replayConnection !== undefined) options.replayConnection = o.replayConnection;
  if (o.speed !== undefined)
    options.acceleration = o.speed === 'max' ? 'max' : number('--speed', o.speed);
  Object.assign(options, clockOf(o.clock));
  if (o.start !== undefined) options.startAt = instant('--start', o.start);
  return options;
}

function clockOf(clock: string): Pick<SimOptions, 'clock' | 'virtualPaced' | 'startAt'> {
  if (clock === 'virtual') return { clock: 'virtual', virtualPaced: true };
  if (clock === 'session' || clock === 'now') return { clock: 'real', startAt: clock };
  return { clock: 'real', startAt: instant('--clock', clock) };
}

function instant(flag: string, v: string): number {
  const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(ms))
    throw new CliArgumentError(
      `${flag} must be session, now, virtual, an ISO instant or Unix ms, got "${v}"`,
    );
  return ms;
}

/** Accounts from --api-keys and --accounts, with the plans of --delayed-keys, --key-channels, --keys-without-socket. */
function accountsOf(o: CliOptions): Record<string, AccountOptions> {
  const accounts: Record<string, { keys: ApiKeyOptions[]; maxConnections?: number }> = {};
  for (const key of o.apiKeys) accounts[key] = { keys: [{ key }] };
  for (const spec of o.accounts ?? []) {
    const m = /^([^:=]+)(?::(\d+))?=(.+)$/.exec(spec);
    if (m === null)
      throw new CliArgumentError(`--accounts must look like acct1:3=k1,k2, got "${spec}"`);
    const keys = list(m[3]!).map((key) => ({ key }));
    for (const k of keys) if (accounts[k.key]?.keys.length === 1) delete accounts[k.key];
    accounts[m[1]!] = { keys, ...(m[2] !== undefined && { maxConnections: Number(m[2]) }) };
  }
  const keyOf = (key: string): ApiKeyOptions => {
    for (const a of Object.values(accounts)) {
      const hit = a.keys.find((k) => k.key === key);
      if (hit !== undefined) return hit;
    }
    const fresh = { key };
    accounts[key] = { keys: [fresh] };
    return fresh;
  };
  for (const key of o.delayedKeys ?? []) keyOf(key).feed = 'delayed';
  for (const key of o.keysWithoutSocket ?? []) keyOf(key).websocket = false;
  for (const spec of o.keyChannels ?? []) {
    const m = /^([^=]+)=(.+)$/.exec(spec);
    if (m === null)
      throw new CliArgumentError(`--key-channels must look like k1=T,AM, got "${spec}"`);
    keyOf(m[1]!).channels = list(m[2]!);
  }
  return accounts;
}
