import type { Draft } from './draft.js';
import { STRATEGIES } from './strategies/index.js';

/** How {@link balance} moves tickers. */
export interface BalanceTarget {
  /** Stop once the busiest connection carries at most (1 + tolerance) × the mean. */
  readonly tolerance: number;
  /** Move only into this live connection (a new one), up to `limit` tickers on it. */
  readonly into?: number;
  readonly limit?: number;
}

/**
 * Moves tickers from the busiest connection to lighter ones until the busiest carries at most
 * (1 + tolerance) × the mean load (tickers, or message rate under `load-balanced`), or no move
 * helps. Each move takes, from the busiest connection, the movable unit (a ticker, or a sector
 * under `sector`) whose load is closest to half the gap to the target, so each move does the most
 * it can: few moves. A ticker never moves off a connection it belongs on (its hash choice, manual
 * list, tier or pinned sector), and a connection that received never gives (nor the reverse), so
 * the plan has no cycles and needs no headroom. Ends because every move lowers the sum of squared
 * loads.
 */
export function balance(draft: Draft, target: BalanceTarget): void {
  const n = draft.live.length;
  if (n < 2) return;
  const strategy = STRATEGIES[draft.policy.strategy];
  const uniform = strategy.weight === undefined;
  const weight = strategy.weight?.(draft) ?? (() => 1);
  const home = strategy.home?.(draft);
  const unitOf = strategy.unit?.(draft);
  const loads = draft.live.map((c) => {
    let sum = 0;
    for (const t of draft.tickersOn(c)) sum += weight(t);
    return sum;
  });
  const received = new Set<number>();
  const gave = new Set<number>();
  const movable = (t: string, from: number) => !(home?.(t)?.includes(from) ?? false);

  for (;;) {
    const total = loads.reduce((a, b) => a + b, 0);
    if (total <= 0) return;
    const h = busiest(loads, (i) => !received.has(i) && i !== target.into);
    if (h === -1) return;
    if (target.into === undefined && loads[h]! <= (1 + target.tolerance) * (total / n)) return;
    const sinks =
      target.into === undefined
        ? [...loads.keys()]
            .filter((i) => i !== h && !gave.has(i))
            .sort((a, b) => loads[a]! - loads[b]!)
        : [target.into];
    let moved = false;
    for (const l of sinks) {
      const room = Math.min(
        draft.policy.capacity - draft.loads[l]!,
        target.limit === undefined ? Infinity : target.limit - draft.loads[l]!,
      );
      const gap = loads[h]! - loads[l]!;
      if (room <= 0 || gap <= 0) continue;
      const unit = bestUnit(draft, h, l, { gap, room, uniform, weight, movable, unitOf });
      if (unit === undefined) continue;
      for (const t of unit.tickers) {
        draft.unplace(t, draft.live[h]!);
        draft.place(t, l);
      }
      loads[h]! -= unit.weight;
      loads[l]! += unit.weight;
      received.add(l);
      gave.add(h);
      moved = true;
      break;
    }
    if (!moved) return;
  }
}

interface Unit {
  tickers: string[];
  weight: number;
}

function busiest(loads: readonly number[], ok: (i: number) => boolean): number {
  let best = -1;
  for (let i = 0; i < loads.length; i++) {
    if (ok(i) && (best === -1 || loads[i]! > loads[best]!)) best = i;
  }
  return best;
}

/**
 * The unit on `h` to move to `l`: movable tickers not already on `l`, grouped by `unitOf`, that
 * fit in `room` and weigh less than `gap` (so the move helps); the one closest to gap / 2.
 */
function bestUnit(
  draft: Draft,
  h: number,
  l: number,
  how: {
    gap: number;
    room: number;
    /** Every ticker weighs 1: the first single that fits is as good as any. */
    uniform: boolean;
    weight: (t: string) => number;
    movable: (t: string, from: number) => boolean;
    unitOf: ((t: string) => string | undefined) | undefined;
  },
): Unit | undefined {
  const { gap, room, uniform, weight, movable, unitOf } = how;
  const units = new Map<string, Unit>();
  let best: Unit | undefined;
  const better = (u: Unit) =>
    u.tickers.length <= room &&
    u.weight < gap &&
    (best === undefined || Math.abs(u.weight - gap / 2) < Math.abs(best.weight - gap / 2));
  for (const t of draft.tickersOn(draft.live[h]!)) {
    if (!movable(t, h) || draft.holds(t, l)) continue;
    const key = unitOf?.(t);
    if (key === undefined) {
      const u = { tickers: [t], weight: weight(t) };
      if (better(u)) best = u;
      if (best !== undefined && uniform && unitOf === undefined) return best;
    } else {
      const u = units.get(key) ?? { tickers: [], weight: 0 };
      u.tickers.push(t);
      u.weight += weight(t);
      units.set(key, u);
    }
  }
  for (const u of units.values()) if (better(u)) best = u;
  return best;
}
