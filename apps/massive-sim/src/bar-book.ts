import type { BarFields } from './sim-event.js';

/**
 * Open aggregate bars for one window length (1 s for A, 60 s for AM). Bars are built from the
 * trades the model emits and closed when time passes the window's end; a window without trades
 * gets no bar, as with the vendor.
 */
export class BarBook {
  private windowStart = Number.NEGATIVE_INFINITY;
  private readonly bars: (BarFields | undefined)[];
  /** Tickers with an open bar, in the order their first trade arrived (the emit order). */
  private open: number[] = [];

  constructor(
    readonly windowMs: number,
    size: number,
  ) {
    this.bars = new Array<BarFields | undefined>(size);
  }

  /** Adds a trade at integer time `t`; the caller has already flushed windows that ended. */
  add(idx: number, t: number, p: number, s: number): void {
    if (t >= this.windowStart + this.windowMs) this.windowStart = t - (t % this.windowMs);
    const bar = this.bars[idx];
    if (bar === undefined) {
      this.bars[idx] = {
        o: p,
        h: p,
        l: p,
        c: p,
        v: s,
        pv: p * s,
        n: 1,
        s: this.windowStart,
        e: this.windowStart + this.windowMs,
      };
      this.open.push(idx);
      return;
    }
    if (p > bar.h) bar.h = p;
    if (p < bar.l) bar.l = p;
    bar.c = p;
    bar.v += s;
    bar.pv += p * s;
    bar.n++;
  }

  /** True when time `horizon` has passed the open window's end and bars are waiting. */
  due(horizon: number): boolean {
    return this.open.length > 0 && horizon >= this.windowStart + this.windowMs;
  }

  /** Closes every open bar, in arrival order. */
  flush(emit: (idx: number, bar: BarFields) => void): void {
    const open = this.open;
    this.open = [];
    for (const idx of open) {
      const bar = this.bars[idx]!;
      this.bars[idx] = undefined;
      emit(idx, bar);
    }
  }
}
