import type { AccountInfo, LimitPolicy } from './account-book.js';
import type { ConnectionInfo, ConnectionState } from './connection.js';
import type { SimStats } from './engine.js';
import type { TruthEntry, TruthFilter } from './ground-truth.js';
import type { MalformedKind } from './malformed.js';
import type { Scenario, ScenarioLogEntry } from './scenario-schema.js';

/** A running scenario. */
export interface ScenarioHandle {
  id: string;
  /** Resolves when every step has run (or the scenario was cancelled). */
  done: Promise<ScenarioLogEntry[]>;
  log(): ScenarioLogEntry[];
  cancel(): void;
}

/** Settings that can change while the simulator runs (`configure`, `PATCH /settings`). */
export interface SimSettings {
  /** Trades + quotes per second at the midday level (the market model; a replay ignores it). */
  rate: number;
  limitPolicy: LimitPolicy;
  zombieMs: number;
  slowConsumerBytes: number;
  maxConnectionsAfterAuth: boolean;
  /** Connection limit per account. */
  maxConnections: Record<string, number>;
}

/** A change of settings: every field optional; `maxConnections` as a number sets every account. */
export type SettingsPatch = Partial<Omit<SimSettings, 'maxConnections'>> & {
  maxConnections?: number | Record<string, number>;
};

/** Which sockets `connections()` lists: one state, `live` (open + zombie) or `all` (closed too). */
export interface ConnectionFilter {
  /** @default 'open' */
  state?: ConnectionState | 'live' | 'all';
}

/**
 * Fault injection and inspection, for in-process tests (`sim.control`) and, through the HTTP
 * control API, for other processes. Connection ids are those `connections()` lists (`c1`, ...).
 */
export interface SimControl {
  /** Sockets, oldest first; open ones unless `filter.state` says otherwise. */
  connections(filter?: ConnectionFilter): ConnectionInfo[];
  /** One socket, live or closed (the last 1,000 closed ones are kept). */
  connection(id: string): ConnectionInfo;
  /** Every account: sockets counted now (open + zombie), high-water mark, kicks and refusals. */
  accounts(): AccountInfo[];
  account(name: string): AccountInfo;
  /** Restarts the high-water mark of one account (or all) from its current count. */
  resetHighWater(account?: string): void;
  /** Ground truth per (channel, ticker): generated, sent in total and per socket, last `q`. */
  groundTruth(filter?: TruthFilter): TruthEntry[];
  stats(): SimStats;
  settings(): SimSettings;
  /** Changes settings at runtime; returns them all. */
  configure(patch: SettingsPatch): SimSettings;
  /** Closes a socket with a close frame carrying `code`. @default code 1011 */
  drop(id: string, code?: number, reason?: string): void;
  /** Destroys a socket without a close frame: the client sees 1006. */
  kill(id: string): void;
  /** Stops reading and writing a socket (no frames, no pongs) for `ms`; it counts as a zombie meanwhile. @default ms zombieMs */
  stall(id: string, ms?: number): void;
  /** Sends `force_disconnect` and closes with 1008. */
  forceDisconnect(id: string): void;
  /** Sends `slow_consumer` and closes with 1008, as the slow-consumer limit does. */
  slowConsumer(id: string): void;
  /** Sends `max_connections` and closes with 1008, as the vendor does at the account limit. */
  forceMaxConnections(id: string): void;
  /** Delays every frame by `delayMs` + up to `jitterMs` (order kept), on one socket or all, for `durationMs` or for good. */
  delay(id: string | undefined, delayMs: number, jitterMs?: number, durationMs?: number): void;
  /** Sends `count` malformed frames of a kind. */
  malformed(id: string, kind: MalformedKind, count?: number): void;
  /** Stops sending one ticker's events to everyone, for `durationMs` (engine time) or until `endOutage`. */
  outage(ticker: string, durationMs?: number): void;
  endOutage(ticker: string): void;
  /** A LULD halt of one ticker for `durationMs` of market time: LULD events, no trades, a re-opening print. @default 300000 */
  halt(ticker: string, durationMs?: number): void;
  /** Closes every socket, stops listening for `downMs`, then listens again on the same port. */
  restart(downMs?: number, code?: number): Promise<void>;
  /** Virtual clock: moves market time forward by `ms`, letting sockets drain between steps. */
  advance(ms: number): Promise<void>;
  /** Runs a timeline of faults (an object, or JSON text). */
  runScenario(scenario: Scenario | string): ScenarioHandle;
}
