import type { Draft } from './draft.js';

/** How one strategy chooses connections for a batch. Created per batch, so it may keep state. */
export interface Chooser {
  /**
   * Live connection indices to try for one more copy of the ticker, best first. Full connections
   * and those already holding it are skipped; when the list runs out, the least-loaded connection
   * with room takes the copy. Valid only until the next call. `first`: the ticker has no copy
   * yet (so no connection holds it).
   */
  prefer(ticker: string, first: boolean): readonly number[];
  /** A copy of the ticker went to the live connection with this index. */
  placed?(ticker: string, index: number): void;
}

/** A routing strategy: how it orders and places a batch, and where a ticker belongs. */
export interface Strategy {
  /** The order to place a batch in; default as given. Critical tickers still go first. */
  order?(draft: Draft, batch: readonly string[]): readonly string[];
  create(draft: Draft, batch: readonly string[]): Chooser;
  /**
   * Where each ticker belongs whatever the loads (live indices: its hash choices, its manual
   * list, its tier, its pinned sector), or undefined if anywhere. A new connection takes the
   * tickers that belong on it; a rebalance moves a ticker only off a connection it does not
   * belong on.
   */
  home?(draft: Draft): (ticker: string) => readonly number[] | undefined;
  /** Tickers a rebalance moves together (a sector); undefined moves the ticker alone. */
  unit?(draft: Draft): (ticker: string) => string | undefined;
  /** What a rebalance balances per ticker; default 1 (ticker count). */
  weight?(draft: Draft): (ticker: string) => number;
}

export const NO_PREFERENCE: readonly number[] = Object.freeze([]);

/**
 * The live index for one more copy of the ticker: the first of `prefer` with room that does not
 * hold it, else the least-loaded such connection (ties: lowest index); -1 if none has room. For a
 * ticker with no copy yet (`first`), no connection holds it, so that is not looked up.
 */
export function pick(
  draft: Draft,
  ticker: string,
  prefer: readonly number[],
  first = false,
): number {
  for (const i of prefer) if (draft.hasRoom(i) && (first || !draft.holds(ticker, i))) return i;
  const { loads } = draft;
  let best = -1;
  for (let i = 0; i < loads.length; i++) {
    if (best !== -1 && loads[i]! >= loads[best]!) continue;
    if (draft.hasRoom(i) && (first || !draft.holds(ticker, i))) best = i;
  }
  return best;
}

/**
 * Fills `out` with indices 0..keys.length-1 by ascending key (ties: lowest index) and returns it.
 * Insertion sort into a reused array: there are few connections and one call per ticker, so this
 * avoids an allocation and a comparator closure per ticker.
 */
export function rankInto(out: number[], keys: ArrayLike<number>): number[] {
  out.length = keys.length;
  for (let i = 0; i < keys.length; i++) {
    let j = i;
    while (j > 0 && keys[out[j - 1]!]! > keys[i]!) {
      out[j] = out[j - 1]!;
      j--;
    }
    out[j] = i;
  }
  return out;
}
