import { createHash } from 'node:crypto';
import type { TickmuxConfig } from '@tickmux/config';
import { ErrorCode, TickmuxError, silentLogger, type Clock, type Logger } from '@tickmux/core';
import {
  SlotGate,
  createCoordinatorFromConfig,
  type HaStatus,
  type LeaderlessInterval,
  type LeaseCoordinator,
  type RedisLeaseStore,
} from '@tickmux/ha';
import type { SlotGateFn } from '@tickmux/pool';
import type { GapReport, HealthStatus } from '../service-source.js';

/** What `startService` takes for HA beyond the config (`HA_*`). */
export interface ServiceHaOptions {
  /**
   * The account's namespace in Redis: instances of one account must use the same. @default a hash
   * of `MASSIVE_API_KEY` (instances with the same key share the namespace; the key is not stored)
   */
  account?: string;
  /** The coordinator's clock. @default systemClock */
  clock?: Clock;
}

/** What the service reads to turn a leaderless interval into one gap per ticker. */
export interface LeaderlessDeps {
  /** The tickers the service subscribes (known once resolved). */
  tickers(): readonly string[];
  channels: readonly string[];
  health(): HealthStatus;
  writeGap(gap: GapReport): void;
}

/** How long a leaderless report waits for every connection to be up before it is written anyway, ms. */
const LEADERLESS_WAIT_MS = 30_000;
/** Then how long it waits for data on every connection (its subscriptions confirmed), ms. */
const LEADERLESS_DATA_WAIT_MS = 5_000;

/**
 * HA in the service (`HA_ENABLED=true`): the lease coordinator on Redis, the slot gate the
 * manager consults before each socket, and the leaderless intervals reported as gaps. Made with
 * {@link startServiceHa}; stopped after the clients disconnected.
 */
export class ServiceHa {
  readonly gate: SlotGate;
  /** The manager's `slotGate` option: connection n waits for slot n's lease. */
  readonly slotGate: SlotGateFn;
  private readonly logger: Logger;
  private stopped = false;
  private stopping: Promise<void> | undefined;
  private readonly reports = new Set<Promise<void>>();

  constructor(
    readonly coordinator: LeaseCoordinator,
    readonly store: RedisLeaseStore,
    logger: Logger,
  ) {
    this.logger = logger;
    this.gate = new SlotGate(coordinator);
    this.slotGate = (slot, signal) => this.gate.acquire(slot, signal);
  }

  /** `ha.status()` (role, fencing token, lease age, slots) for health and `/readyz`. */
  status(): HaStatus {
    return this.coordinator.status();
  }

  /** Starts campaigning; each leaderless interval becomes one gap per ticker (reason `leaderless`). */
  start(deps: LeaderlessDeps): void {
    this.coordinator.on('leaderless', (interval) => {
      const report = this.reportLeaderless(interval, deps).catch((err: unknown) =>
        this.logger.error({ err }, 'ha: leaderless report failed'),
      );
      this.reports.add(report);
      void report.finally(() => this.reports.delete(report));
    });
    this.coordinator.on('role', (role, previous) =>
      this.logger.info({ role, previous }, `ha: ${role}`),
    );
    this.coordinator.start();
  }

  /**
   * After the clients disconnected (their sockets closed with a close handshake): stops the
   * coordinator (leases released), then closes the store. Idempotent.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.stopped = true;
      this.gate.close();
      await Promise.allSettled([...this.reports]);
      await this.coordinator.stop();
      await this.store.close();
    })();
    return this.stopping;
  }

  /**
   * One gap per ticker from the old leader's last renewal to the moment every connection is up
   * again and has delivered data (at most 5 s after it is up; at least the interval's end): a
   * superset of what was not streamed.
   */
  private async reportLeaderless(interval: LeaderlessInterval, deps: LeaderlessDeps) {
    const until = async (ok: (h: HealthStatus) => boolean, ms: number) => {
      const deadline = Date.now() + ms;
      while (!this.stopped && Date.now() < deadline && !ok(deps.health()))
        await new Promise((r) => setTimeout(r, 25));
    };
    await until(allConnected, LEADERLESS_WAIT_MS);
    await until((h) => dataSince(h, interval.to), LEADERLESS_DATA_WAIT_MS);
    const to = Math.max(interval.to, Date.now());
    this.logger.warn(
      { from: interval.from, to, ms: to - interval.from },
      'ha: took over; the interval without a leader is reported as a gap per ticker',
    );
    for (const ticker of deps.tickers())
      deps.writeGap({
        ticker,
        channels: [...deps.channels],
        from: interval.from,
        to,
        reason: 'leaderless',
      });
  }
}

function allConnected(h: HealthStatus): boolean {
  return h.total_connections > 0 && h.connected === h.total_connections;
}

/** Every connection has delivered an event since `at`. */
function dataSince(h: HealthStatus, at: number): boolean {
  return Object.values(h.connections).every(
    (c) => c.last_message_at !== null && c.last_message_at >= at,
  );
}

/** The default namespace: a hash of the API key (the key itself never reaches Redis). */
export function haAccount(config: Pick<TickmuxConfig, 'apiKey'>): string {
  return createHash('sha256').update(config.apiKey).digest('hex').slice(0, 16);
}

/**
 * The service's HA, when `config.ha.enabled` (undefined otherwise: nothing changes): the
 * coordinator on `REDIS_URL`, its store ready. Needs multi-connection mode (the manager). Call
 * `start()` once the adapter exists.
 */
export async function startServiceHa(
  config: TickmuxConfig,
  o: ServiceHaOptions & { logger?: Logger; multi: boolean },
): Promise<ServiceHa | undefined> {
  if (!config.ha.enabled) return undefined;
  if (!o.multi)
    throw new TickmuxError(
      ErrorCode.CONFIG_INVALID,
      'HA_ENABLED=true needs the multi-connection manager (USE_MULTI_CONNECTION=true, a Massive connection, not synthetic ticks)',
    );
  if (config.ha.mode !== 'leader')
    throw new TickmuxError(
      ErrorCode.CONFIG_INVALID,
      `HA_MODE=${config.ha.mode}: the service runs HA in leader mode only (HA_MODE=leader); slots shared across instances need tickers routed per slot, which the service does not do yet`,
    );
  const logger = o.logger ?? silentLogger;
  const made = createCoordinatorFromConfig(config, {
    account: o.account ?? haAccount(config),
    logger,
    ...(o.clock === undefined ? {} : { clock: o.clock }),
  });
  if (made === undefined)
    throw new TickmuxError(ErrorCode.CONFIG_INVALID, 'HA_ENABLED=true needs REDIS_URL');
  try {
    await made.store.ready();
  } catch (err) {
    await made.store.close();
    throw err;
  }
  return new ServiceHa(made.coordinator, made.store, logger);
}
