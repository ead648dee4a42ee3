import { waitUntil } from '@tickmux/test-utils';
import type { Sim } from '@tickmux/massive-sim';
import type { MassiveEvent } from '@tickmux/core';
import { onTestFinished } from 'vitest';
import {
  MultiConnectionManager,
  type GapReport,
  type MultiConnectionManagerOptions,
  type TickInfo,
} from '../src/index.js';

/** Fast timings for a pool against the in-process simulator on loopback (real clock). */
export const FAST_POOL: Partial<MultiConnectionManagerOptions> = {
  backoff: { baseDelayMs: 20, maxDelayMs: 200, jitter: 0.2 },
  connectTimeoutMs: 2_000,
  confirmTimeoutMs: 3_000,
  heartbeatIntervalMs: 100,
  heartbeatTimeoutMs: 400,
  stableAfterMs: 200,
  circuitBreaker: { openMs: 50, maxOpenMs: 200 },
  maxConnectionsDelayMs: 300,
  healthCheckIntervalMs: 200,
  budget: { zombieGraceMs: 300, maxConnectionsBackoffMs: 300, jitter: 0 },
};

/** The zombie time the simulator uses with {@link FAST_POOL} (the budget's grace matches it). */
export const SIM_ZOMBIE_MS = 300;

/** One delivered event with what the pool said about it. */
export interface Delivered {
  event: MassiveEvent;
  info: TickInfo;
}

/** A manager on `sim` whose deliveries and gaps are recorded; disconnected when the test ends. */
export function observedPool(sim: Sim, options: Partial<MultiConnectionManagerOptions> = {}) {
  const delivered: Delivered[] = [];
  const gaps: GapReport[] = [];
  const pool = new MultiConnectionManager({
    apiKey: 'demo',
    url: sim.url,
    ...FAST_POOL,
    onEvent: (event, info) => void delivered.push({ event, info }),
    onGap: (gap) => void gaps.push(gap),
    ...options,
  });
  onTestFinished(() => pool.disconnect());
  return { pool, delivered, gaps };
}

/** `ev:sym:q` of T and Q events (their identity). */
export const idOf = (e: MassiveEvent): string =>
  `${e.ev}:${(e as { sym: string }).sym}:${(e as { q?: number }).q}`;

/** Identities delivered more than once. */
export function duplicates(delivered: readonly Delivered[]): string[] {
  const seen = new Set<string>();
  const twice: string[] = [];
  for (const { event } of delivered) {
    if (event.ev !== 'T' && event.ev !== 'Q') continue;
    const id = idOf(event);
    if (seen.has(id)) twice.push(id);
    seen.add(id);
  }
  return twice;
}

/** Tickers that had events delivered at index `from` or later. */
export function tickersSince(delivered: readonly Delivered[], from: number): Set<string> {
  const out = new Set<string>();
  for (let i = from; i < delivered.length; i++)
    out.add((delivered[i]!.event as { sym: string }).sym);
  return out;
}

/** Waits until every ticker in `tickers` has an event delivered after index `from`. */
export async function flowing(
  delivered: readonly Delivered[],
  tickers: readonly string[],
  what: string,
  timeoutMs = 10_000,
): Promise<number> {
  const from = delivered.length;
  await waitUntil(
    () => {
      const seen = tickersSince(delivered, from);
      return tickers.every((t) => seen.has(t));
    },
    timeoutMs,
    what,
  );
  return from;
}

/** The simulator's sockets of an account that are authenticated and not stalled. */
export function serverSockets(sim: Sim): number {
  return sim.control.connections().filter((c) => c.authenticated && !c.stalled).length;
}

/** The simulator's id (`c<n>`) of the open socket that carries `connection`'s tickers. */
export function simIdOf(sim: Sim, pool: MultiConnectionManager, connection: string): string {
  const tickers = new Set(pool.assignment.tickersOn(connection));
  const socket = sim.control
    .connections()
    .find((c) => c.topics.some((topic) => tickers.has(topic.slice(topic.indexOf('.') + 1))));
  if (socket === undefined) throw new Error(`no simulator socket carries ${connection}`);
  return socket.id;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
