import { ErrorCode, InvalidArgumentError, TickmuxError } from '@tickmux/core';
import type { ConnectionInfo, SimConnection } from './connection.js';
import { malformedFrame, type MalformedKind } from './malformed.js';
import type { SimStats } from './engine.js';
import { ScenarioRunner, parseScenario, type Scenario, type ScenarioLogEntry } from './scenario.js';
import type { SimHost } from './sim-host.js';

/** A running scenario. */
export interface ScenarioHandle {
  id: string;
  /** Resolves when every step has run. */
  done: Promise<ScenarioLogEntry[]>;
  log(): ScenarioLogEntry[];
  cancel(): void;
}

/**
 * Fault injection and inspection, for in-process tests (`sim.control`) and, through the HTTP
 * control API, for other processes. Connection ids are those `connections()` lists (`c1`, ...).
 */
export interface SimControl {
  connections(): ConnectionInfo[];
  stats(): SimStats;
  /** Closes a socket with a close frame carrying `code`. @default code 1011 */
  drop(id: string, code?: number, reason?: string): void;
  /** Destroys a socket without a close frame: the client sees 1006. */
  kill(id: string): void;
  /** Keeps a socket open but silent (no frames, no pongs) for `ms`. */
  stall(id: string, ms: number): void;
  /** Delays every frame by `delayMs` + up to `jitterMs` (order kept), on one socket or all, for `durationMs` or for good. */
  delay(id: string | undefined, delayMs: number, jitterMs?: number, durationMs?: number): void;
  /** Sends `count` malformed frames of a kind. */
  malformed(id: string, kind: MalformedKind, count?: number): void;
  /** Stops sending one ticker's events to everyone, for `durationMs` or until `endOutage`. */
  outage(ticker: string, durationMs?: number): void;
  endOutage(ticker: string): void;
  /** Sends `max_connections` and closes with 1008, as the vendor does at the account limit. */
  forceMaxConnections(id: string): void;
  /** Closes every socket, stops listening for `downMs`, then listens again on the same port. */
  restart(downMs?: number, code?: number): Promise<void>;
  /** Virtual clock: moves market time forward by `ms`. */
  advance(ms: number): void;
  /** Runs a timeline of faults (an object, or JSON text). */
  runScenario(scenario: Scenario | string): ScenarioHandle;
}

const VALID_CLOSE = (code: number) =>
  Number.isInteger(code) &&
  (code === 1000 ||
    code === 1001 ||
    code === 1002 ||
    code === 1003 ||
    (code >= 1007 && code <= 1014) ||
    (code >= 3000 && code <= 4999));

export function createControl(host: SimHost): SimControl {
  const { engine, o } = host;
  let scenarios = 0;
  const conn = (id: string): SimConnection => {
    const c = engine.connections.get(id);
    if (c === undefined)
      throw new TickmuxError(
        ErrorCode.SIM_UNKNOWN_CONNECTION,
        `no connection "${id}" (live: ${[...engine.connections.keys()].join(', ') || 'none'})`,
      );
    return c;
  };
  const positive = (field: string, v: number) => {
    if (!(Number.isFinite(v) && v >= 0))
      throw new InvalidArgumentError(field, v, 'must be a number >= 0');
  };
  const control: SimControl = {
    connections: () => host.connectionList().map((c) => c.info()),
    stats: () => engine.stats(),
    drop(id, code = 1011, reason = 'dropped by simulator') {
      if (!VALID_CLOSE(code))
        throw new InvalidArgumentError(
          'code',
          code,
          'not a close code a server may send (1000-1003, 1007-1014, 3000-4999)',
        );
      host.drop(conn(id), code, reason);
    },
    kill: (id) => host.kill(conn(id)),
    stall(id, ms) {
      positive('ms', ms);
      conn(id).stalledUntil = o.wallClock.monotonic() + ms;
    },
    delay(id, delayMs, jitterMs = 0, durationMs) {
      positive('delayMs', delayMs);
      positive('jitterMs', jitterMs);
      const until = durationMs === undefined ? undefined : o.wallClock.monotonic() + durationMs;
      const targets = id === undefined ? host.connectionList() : [conn(id)];
      for (const c of targets) c.setDelay(delayMs, jitterMs, until);
    },
    malformed(id, kind, count = 1) {
      const c = conn(id);
      const frame = malformedFrame(
        kind,
        engine.model.tickers[0] ?? 'AAPL',
        Math.floor(engine.model.now),
      );
      for (let i = 0; i < count; i++) c.sendRaw(frame);
    },
    outage(ticker, durationMs) {
      engine.outages.set(
        ticker,
        durationMs === undefined ? Number.POSITIVE_INFINITY : o.wallClock.monotonic() + durationMs,
      );
    },
    endOutage: (ticker) => void engine.outages.delete(ticker),
    forceMaxConnections: (id) => host.forceMaxConnections(conn(id)),
    restart: (downMs = 0, code) => host.restart(downMs, code),
    advance(ms) {
      if (o.clock !== 'virtual')
        throw new InvalidArgumentError(
          'clock',
          o.clock,
          'advance() needs the virtual clock (clock: "virtual")',
        );
      positive('ms', ms);
      engine.advance(ms);
    },
    runScenario(scenario) {
      const parsed = parseScenario(scenario);
      const runner = new ScenarioRunner(parsed, o.seed, control, host);
      const id = `s${++scenarios}`;
      return { id, done: runner.done, log: () => runner.log(), cancel: () => runner.cancel() };
    },
  };
  return control;
}
