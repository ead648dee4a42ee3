import { ErrorCode, InvalidArgumentError, TickmuxError } from '@tickmux/core';
import type { SimConnection } from './connection.js';
import type { SimControl, SimSettings } from './control-types.js';
import { malformedFrame } from './malformed.js';
import { parseScenario } from './scenario-schema.js';
import { ScenarioRunner } from './scenario.js';
import { parseSettingsPatch } from './settings.js';
import type { SimHost } from './sim-host.js';

/** The market model's runtime controls (absent for a replay). */
export interface MarketLink {
  rate(): number;
  /** Changes the rate from the current market time on (the delayed feed follows 15 minutes later). */
  setRate(rate: number): void;
  halt(ticker: string, durationMs: number): void;
}

const VALID_CLOSE = (code: number) =>
  Number.isInteger(code) &&
  (code === 1000 ||
    code === 1001 ||
    code === 1002 ||
    code === 1003 ||
    (code >= 1007 && code <= 1014) ||
    (code >= 3000 && code <= 4999));

const unknown = (what: string, id: string, live: string[]) =>
  new TickmuxError(
    ErrorCode.SIM_UNKNOWN_CONNECTION,
    `no ${what} "${id}" (live: ${live.join(', ') || 'none'})`,
  );

export function createControl(host: SimHost, market: MarketLink | undefined): SimControl {
  const { engine, o, lifecycle, accounts } = host;
  let scenarios = 0;
  const live = (id: string): SimConnection => {
    const c = engine.connections.get(id);
    if (c === undefined) throw unknown('live connection', id, [...engine.connections.keys()]);
    return c;
  };
  const nonNegative = (field: string, v: number) => {
    if (!(Number.isFinite(v) && v >= 0))
      throw new InvalidArgumentError(field, v, 'must be a number >= 0');
  };
  const accountName = (name: string) => {
    if (!accounts.has(name)) throw unknown('account', name, accounts.names());
    return name;
  };
  const settings = (): SimSettings => ({
    rate: market?.rate() ?? 0,
    ...host.settings,
    maxConnections: Object.fromEntries(accounts.names().map((a) => [a, accounts.limitOf(a)])),
  });
  const control: SimControl = {
    connections: (filter = {}) => host.connectionList(filter.state ?? 'open').map((c) => c.info()),
    connection(id) {
      const c = host.find(id);
      if (c === undefined) throw unknown('connection', id, [...engine.connections.keys()]);
      return c.info();
    },
    accounts: () => accounts.names().map((a) => accounts.info(a)),
    account: (name) => accounts.info(accountName(name)),
    resetHighWater: (name) =>
      accounts.resetHighWater(name === undefined ? undefined : accountName(name)),
    groundTruth(filter = {}) {
      if (engine.truth === undefined)
        throw new InvalidArgumentError(
          'groundTruth',
          false,
          'ground truth is off (groundTruth: false)',
        );
      const socketTruth = new Map(
        [...engine.connections].flatMap(([id, c]) =>
          c.truth === undefined ? [] : [[id, c.truth] as const],
        ),
      );
      return engine.truth.query(filter, socketTruth);
    },
    stats: () => engine.stats(),
    settings,
    configure(patch) {
      const p = parseSettingsPatch(patch, accounts.names());
      if (p.rate !== undefined) {
        if (market === undefined)
          throw new InvalidArgumentError('rate', p.rate, 'a replay has no rate');
        market.setRate(p.rate);
      }
      if (p.limitPolicy !== undefined) host.settings.limitPolicy = p.limitPolicy;
      if (p.zombieMs !== undefined) host.settings.zombieMs = p.zombieMs;
      if (p.slowConsumerBytes !== undefined) host.settings.slowConsumerBytes = p.slowConsumerBytes;
      if (p.maxConnectionsAfterAuth !== undefined)
        host.settings.maxConnectionsAfterAuth = p.maxConnectionsAfterAuth;
      for (const [account, limit] of Object.entries(p.maxConnections ?? {}))
        accounts.setLimit(account, limit);
      return settings();
    },
    drop(id, code = 1011, reason = 'dropped by simulator') {
      if (!VALID_CLOSE(code))
        throw new InvalidArgumentError(
          'code',
          code,
          'not a close code a server may send (1000-1003, 1007-1014, 3000-4999)',
        );
      lifecycle.drop(live(id), code, reason);
    },
    kill: (id) => lifecycle.kill(live(id)),
    stall(id, ms = host.settings.zombieMs) {
      nonNegative('ms', ms);
      lifecycle.stall(live(id), ms);
    },
    forceDisconnect: (id) => lifecycle.forceDisconnect(live(id)),
    slowConsumer: (id) => lifecycle.slowConsumer(live(id)),
    forceMaxConnections: (id) => lifecycle.maxConnections(live(id)),
    delay(id, delayMs, jitterMs = 0, durationMs) {
      nonNegative('delayMs', delayMs);
      nonNegative('jitterMs', jitterMs);
      const until = durationMs === undefined ? undefined : o.wallClock.monotonic() + durationMs;
      const targets = id === undefined ? host.connectionList('open') : [live(id)];
      for (const c of targets) c.setDelay(delayMs, jitterMs, until);
    },
    malformed(id, kind, count = 1) {
      const c = live(id);
      const frame = malformedFrame(
        kind,
        engine.source.tickers[0] ?? 'AAPL',
        Math.floor(engine.source.now),
      );
      for (let i = 0; i < count; i++) c.sendRaw(frame);
    },
    outage(ticker, durationMs) {
      if (durationMs !== undefined) nonNegative('durationMs', durationMs);
      engine.outages.set(
        ticker,
        durationMs === undefined ? Number.POSITIVE_INFINITY : engine.elapsed() + durationMs,
      );
    },
    endOutage: (ticker) => void engine.outages.delete(ticker),
    halt(ticker, durationMs = 300_000) {
      if (!(Number.isFinite(durationMs) && durationMs > 0))
        throw new InvalidArgumentError('durationMs', durationMs, 'must be a number > 0');
      if (market === undefined)
        throw new InvalidArgumentError('ticker', ticker, 'a replay cannot halt');
      if (!engine.index.has(ticker))
        throw new InvalidArgumentError('ticker', ticker, 'not a ticker of the simulated market');
      market.halt(ticker, durationMs);
    },
    restart: (downMs = 0, code) => host.restart(downMs, code),
    advance(ms) {
      if (o.clock !== 'virtual')
        throw new InvalidArgumentError(
          'clock',
          o.clock,
          'advance() needs the virtual clock (clock: "virtual")',
        );
      nonNegative('ms', ms);
      return engine.advance(ms);
    },
    runScenario(scenario) {
      const runner = new ScenarioRunner(parseScenario(scenario), o.seed, control, host);
      const id = `s${++scenarios}`;
      return { id, done: runner.done, log: () => runner.log(), cancel: () => runner.cancel() };
    },
  };
  return control;
}
