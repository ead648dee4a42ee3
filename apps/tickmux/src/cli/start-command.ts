import {
  createUniverseSource,
  loadConfigFromFiles,
  redactUrl,
  resolveUniverses,
  type TickmuxConfig,
} from '@tickmux/config';
import { silentLogger } from '@tickmux/core';
import { startSim, type Sim } from '@tickmux/massive-sim';
import type { Logger as PinoLogger } from 'pino';
import { defaultManagerFactory } from '../adapter/default-manager.js';
import { createServiceLogger } from '../logger.js';
import { startService, type RunningService } from '../service/start-service.js';
import {
  EMBEDDED_API_KEY,
  embeddedDefaults,
  unsetDefaults,
  userEnv,
  wantsEmbeddedSim,
} from './embedded-env.js';
import { onShutdown } from './shutdown.js';

export interface StartOptions {
  config: string;
  port: number;
  host: string;
  tickers?: string[];
  synthetic: boolean;
  redisChannels: string;
  redisStream: string;
  seed: number;
  rate: number;
  duration?: number;
  statusInterval: number;
  logLevel: string;
}

const out = (line: string) => process.stdout.write(`${line}\n`);

/**
 * `tickmux start`: the configuration (`.env`, then the environment), the embedded simulator when
 * nothing points elsewhere, the adapter, sinks, HTTP API and dashboard; the dashboard URL is the
 * first line printed. Stops on SIGINT/SIGTERM (or after `--duration`), flushing the sinks.
 */
export async function runStart(opts: StartOptions): Promise<void> {
  const logger = createServiceLogger({ level: opts.logLevel, destination: 2 });
  const user = userEnv([opts.config], process.env);
  const embedded = !opts.synthetic && wantsEmbeddedSim(user);
  const multi = defaultManagerFactory !== undefined;
  const demo = embedded ? unsetDefaults(embeddedDefaults(multi), user) : {};
  const env = { ...process.env, ...demo };
  const configLog = logger.child({ component: 'config' });
  let config = loadConfigFromFiles([opts.config], {
    env,
    logger: embedded ? silentLogger : configLog,
  });
  let sim: Sim | undefined;
  let service: RunningService | undefined;
  const stopAll = async () => {
    await service?.close();
    await sim?.close();
  };
  try {
    if (embedded) {
      sim = await startSim({
        seed: opts.seed,
        rate: opts.rate,
        apiKeys: [EMBEDDED_API_KEY],
        maxConnections: config.maxConnections,
        logger: logger.child({ component: 'sim' }),
      });
      config = loadConfigFromFiles([opts.config], {
        env: {
          ...env,
          USE_MASSIVE_API: 'true',
          MASSIVE_API_KEY: EMBEDDED_API_KEY,
          MASSIVE_WEBSOCKET_URL: sim.url,
        },
        logger: configLog,
      });
    } else if (!opts.synthetic && (!config.useMassiveApi || config.apiKey === '')) {
      throw new Error(
        `MASSIVE_WEBSOCKET_URL is set (${redactUrl(config.url)}) but there is nothing to connect with: ` +
          'set USE_MASSIVE_API=true and MASSIVE_API_KEY (the simulator accepts "demo"), ' +
          'or unset MASSIVE_WEBSOCKET_URL to run the embedded simulator',
      );
    }
    const cfg = config;
    const redisChannels = opts.redisChannels
      .split(',')
      .map((c) => c.trim())
      .filter((c) => c !== '');
    service = await startService({
      config,
      tickers: opts.tickers ?? (() => resolveTickers(cfg, logger)),
      port: opts.port,
      host: opts.host,
      synthetic: opts.synthetic,
      redis: { channels: redisChannels, key: opts.redisStream },
      logger: logger.child({ component: 'service' }),
      ...(process.env['TICKMUX_API_TOKEN'] ? { token: process.env['TICKMUX_API_TOKEN'] } : {}),
      ...(config.useMultiConnection && defaultManagerFactory !== undefined
        ? { createManager: defaultManagerFactory }
        : {}),
      ...(sim === undefined ? {} : { sim: sim.control }),
      onListening: (url) => out(`tickmux dashboard: ${url}/`),
      onTickers: (tickers) =>
        describe(cfg, tickers, sim, opts.synthetic, redisChannels, opts.redisStream),
    });
  } catch (err) {
    await stopAll();
    throw err;
  }
  const running = service;
  const ha = running.ha;
  if (ha !== undefined) {
    const st = ha.status();
    out(
      `HA: instance ${st.instance_id} (${st.mode} mode, ${st.role}); it opens its sockets only while it leads`,
    );
    void running.streaming.then((ok) => {
      if (ok) out(`HA: instance ${ha.status().instance_id} leads and streams`);
    });
  } else if (!running.connected)
    out(
      'could not connect: the dashboard shows why; check MASSIVE_WEBSOCKET_URL and MASSIVE_API_KEY, then restart',
    );
  const timer = setInterval(() => out(statusLine(running)), opts.statusInterval * 1000);
  timer.unref();
  onShutdown(
    async (why) => {
      clearInterval(timer);
      await stopAll();
      const sinks = running.sinks.sinks
        .map((s) => `${s.name} ${s.counters.published.toLocaleString('en-US')}`)
        .join(', ');
      out(`stopped (${why}): sinks flushed and closed (published: ${sinks})`);
    },
    opts.duration === undefined ? undefined : opts.duration * 1000,
    logger,
  );
}

async function resolveTickers(config: TickmuxConfig, logger: PinoLogger): Promise<string[]> {
  const source = createUniverseSource(config);
  try {
    const universes = await resolveUniverses(config, source, {
      logger: logger.child({ component: 'universe' }),
    });
    return [...universes.tickers];
  } finally {
    await source.close();
  }
}

function describe(
  config: TickmuxConfig,
  tickers: readonly string[],
  sim: Sim | undefined,
  synthetic: boolean,
  channels: readonly string[],
  stream: string,
): void {
  if (synthetic) out('source: synthetic ticks generated in-process (no socket)');
  else if (sim !== undefined) out(`simulator: ${sim.url} (control API ${sim.controlUrl ?? 'off'})`);
  else out(`vendor: ${redactUrl(config.url)}`);
  const enabled = config.connections.filter((c) => c.enabled).length;
  const mode = synthetic
    ? 'the synthetic source'
    : config.useMultiConnection
      ? `${enabled} connections, ${config.routingStrategy}` +
        (config.criticalSymbols.length > 0
          ? `, ${config.criticalSymbols.length} critical tickers x${config.replicationFactor}`
          : '')
      : '1 connection';
  out(`tickers: ${tickers.length} on ${mode} (channels ${config.channels.join(',')})`);
  out(
    config.redisUrl === null
      ? `redis: off (set REDIS_URL to publish to ${channels.join(', ')} and the stream ${stream})`
      : `redis: publishing to ${channels.join(', ')} and the stream ${stream} at ${redactUrl(config.redisUrl)}`,
  );
}

const previous = new WeakMap<RunningService, { at: number; ticks: number }>();

function statusLine(service: RunningService): string {
  const h = service.adapter.getHealthStatus();
  const now = Date.now();
  const last = previous.get(service);
  previous.set(service, { at: now, ticks: h.total_ticks });
  const rate =
    last === undefined ? 0 : Math.round(((h.total_ticks - last.ticks) * 1000) / (now - last.at));
  return (
    `connected ${h.connected}/${h.total_connections}  tickers ${h.total_tickers}  ` +
    `ticks ${h.total_ticks.toLocaleString('en-US')} (${rate.toLocaleString('en-US')}/s)  ` +
    `duplicates dropped ${h.duplicates_dropped.toLocaleString('en-US')}  gaps ${h.gaps}  errors ${h.total_errors}`
  );
}
