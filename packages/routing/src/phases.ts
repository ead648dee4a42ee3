import { append } from './multimap.js';
import type { ConnectionId, Phase } from './types.js';

/** What one ticker's copies are before and after a change. */
export interface TickerChange {
  readonly ticker: string;
  /** Live copies before (a failed connection's copies are already gone). */
  readonly before: readonly ConnectionId[];
  readonly after: readonly ConnectionId[];
}

/**
 * Orders a change into phases: in each, every subscribe that fits under the capacity, then every
 * unsubscribe that leaves its ticker a copy (or that the change means: a ticker dropped, or left
 * with no copy after). Tickers with no copy get their subscribes first. Should nothing fit while
 * changes remain (a swap between full connections), one subscribe goes over the capacity and
 * `headroom` says by how much at most.
 */
export function schedule(
  changes: readonly TickerChange[],
  loadsBefore: ReadonlyMap<ConnectionId, number>,
  capacity: number,
): { phases: Phase[]; headroom: number } {
  const loads = new Map(loadsBefore);
  const copies = new Map<string, number>();
  const urgent: [string, ConnectionId][] = [];
  const rest: [string, ConnectionId][] = [];
  let unsubs: [string, ConnectionId][] = [];
  const endsEmpty = new Set<string>();
  for (const { ticker, before, after } of changes) {
    copies.set(ticker, before.length);
    if (after.length === 0) endsEmpty.add(ticker);
    for (const c of after) {
      if (!before.includes(c)) (before.length === 0 ? urgent : rest).push([ticker, c]);
      if (!loads.has(c)) loads.set(c, 0);
    }
    for (const c of before) if (!after.includes(c)) unsubs.push([ticker, c]);
  }
  // Per connection, its subscribes in order: tickers without a copy first.
  const subs = new Map<ConnectionId, string[]>();
  for (const [t, c] of [...urgent, ...rest]) append(subs, c, t);
  let pending = urgent.length + rest.length;
  const phases: Phase[] = [];
  let headroom = 0;

  const take = (
    phase: Map<ConnectionId, string[]>,
    c: ConnectionId,
    queue: string[],
    n: number,
  ) => {
    for (const t of queue.splice(0, n)) {
      append(phase, c, t);
      loads.set(c, loads.get(c)! + 1);
      copies.set(t, copies.get(t)! + 1);
      pending--;
    }
  };
  const release = (phase: Map<ConnectionId, string[]>) => {
    const waiting: [string, ConnectionId][] = [];
    for (const [t, c] of unsubs) {
      if (copies.get(t)! > 1 || endsEmpty.has(t)) {
        append(phase, c, t);
        loads.set(c, loads.get(c)! - 1);
        copies.set(t, copies.get(t)! - 1);
      } else waiting.push([t, c]);
    }
    unsubs = waiting;
  };

  while (pending > 0 || unsubs.length > 0) {
    const subscribe = new Map<ConnectionId, string[]>();
    const unsubscribe = new Map<ConnectionId, string[]>();
    for (const [c, queue] of subs) take(subscribe, c, queue, Math.max(0, capacity - loads.get(c)!));
    release(unsubscribe);
    if (subscribe.size === 0 && unsubscribe.size === 0) {
      // Deadlock: every connection with subscribes waiting is full. Go over by one where least.
      let over: ConnectionId | undefined;
      for (const [c, queue] of subs) {
        if (queue.length > 0 && (over === undefined || loads.get(c)! < loads.get(over)!)) over = c;
      }
      take(subscribe, over!, subs.get(over!)!, 1);
      headroom = Math.max(headroom, loads.get(over!)! - capacity);
      release(unsubscribe);
    }
    phases.push({ subscribe, unsubscribe });
  }
  return { phases, headroom };
}
