import type { BarFields } from './sim-event.js';

/** Emits one bar: `correction` is true when it re-sends a window already sent with new values. */
export type BarSink = (idx: number, bar: BarFields, correction: boolean) => void;

interface ClosedWindow {
  emitAt: number;
  start: number;
  bars: [idx: number, bar: BarFields][];
}

/**
 * Aggregate bars of one window length (1 s for A, 60 s for AM), built from the trades the model
 * emits. A window closes when time passes its end and its bars go out `emitDelayMs` later (the
 * vendor sends second bars about 2 s after the second); a window without trades gets no bar. Sent
 * bars are kept for `retainMs` so that a late trade can correct them (the vendor re-sends a minute
 * bar changed by late trades within 15 minutes).
 */
export class BarBook {
  /** When the book next has work: closing the open window or emitting a closed one. */
  dueAt = Number.POSITIVE_INFINITY;
  private windowStart = Number.NEGATIVE_INFINITY;
  private readonly bars: (BarFields | undefined)[];
  /** Tickers with an open bar, in the order their first trade arrived (the emit order). */
  private open: number[] = [];
  private readonly closed: ClosedWindow[] = [];
  /** Sent bars by window start, then ticker: what a late trade corrects. */
  private readonly sent = new Map<number, Map<number, BarFields>>();

  constructor(
    readonly windowMs: number,
    size: number,
    private readonly emitDelayMs: number,
    private readonly retainMs: number,
  ) {
    this.bars = new Array<BarFields | undefined>(size);
  }

  /** Adds an on-time trade at integer time `t`; what was due before `t` has already run. */
  add(idx: number, t: number, p: number, s: number, micro: number): void {
    if (t >= this.windowStart + this.windowMs) this.windowStart = t - (t % this.windowMs);
    const bar = this.bars[idx];
    if (bar === undefined) {
      this.bars[idx] = newBar(this.windowStart, this.windowMs, p, s, micro);
      if (this.open.push(idx) === 1) this.updateDue();
      return;
    }
    if (p > bar.h) bar.h = p;
    if (p < bar.l) bar.l = p;
    bar.c = p;
    addVolume(bar, p, s, micro);
  }

  /** Closes the open window if it ended by `at`, and emits every closed window due by `at`. */
  runDue(at: number, emit: BarSink): void {
    if (this.open.length > 0 && at >= this.windowStart + this.windowMs) {
      const bars = this.open.map((idx): [number, BarFields] => [idx, this.bars[idx]!]);
      for (const idx of this.open) this.bars[idx] = undefined;
      this.open = [];
      const end = this.windowStart + this.windowMs;
      this.closed.push({ emitAt: end + this.emitDelayMs, start: this.windowStart, bars });
      this.windowStart = end; // a late trade for the closed window must not reopen it
    }
    while (this.closed.length > 0 && at >= this.closed[0]!.emitAt) {
      const w = this.closed.shift()!;
      let kept: Map<number, BarFields> | undefined;
      if (this.retainMs > 0) this.sent.set(w.start, (kept = new Map<number, BarFields>()));
      for (const [idx, bar] of w.bars) {
        kept?.set(idx, bar);
        emit(idx, bar, false);
      }
      for (const start of this.sent.keys())
        if (start + this.windowMs <= at - this.retainMs) this.sent.delete(start);
    }
    this.updateDue();
  }

  /**
   * A trade reported late, executed at `t`: it changes volume, high and low but not open and close
   * (the rules of the vendor's "sold out of sequence" condition). A bar already sent is corrected
   * and emitted again; a window without a bar gets one.
   */
  addLate(idx: number, t: number, p: number, s: number, micro: number, emit: BarSink): void {
    const start = t - (t % this.windowMs);
    if (start === this.windowStart && this.bars[idx] !== undefined) {
      return lateInto(this.bars[idx], p, s, micro);
    }
    for (const w of this.closed) {
      if (w.start !== start) continue;
      const hit = w.bars.find(([i]) => i === idx);
      if (hit !== undefined) return lateInto(hit[1], p, s, micro);
      w.bars.push([idx, newBar(start, this.windowMs, p, s, micro)]);
      return;
    }
    if (start === this.windowStart) {
      this.bars[idx] = newBar(start, this.windowMs, p, s, micro);
      if (this.open.push(idx) === 1) this.updateDue();
      return;
    }
    let window = this.sent.get(start);
    const bar = window?.get(idx);
    if (bar !== undefined) {
      lateInto(bar, p, s, micro);
      emit(idx, bar, true);
      return;
    }
    const fresh = newBar(start, this.windowMs, p, s, micro);
    if (this.retainMs > 0) {
      if (window === undefined) this.sent.set(start, (window = new Map<number, BarFields>()));
      window.set(idx, fresh);
    }
    emit(idx, fresh, false);
  }

  private updateDue(): void {
    const close = this.open.length > 0 ? this.windowStart + this.windowMs : Infinity;
    const send = this.closed.length > 0 ? this.closed[0]!.emitAt : Infinity;
    this.dueAt = close < send ? close : send;
  }
}

function newBar(start: number, windowMs: number, p: number, s: number, micro: number): BarFields {
  return {
    o: p,
    h: p,
    l: p,
    c: p,
    v: s,
    vMicro: micro,
    pv: (p * micro) / 1e6,
    n: 1,
    s: start,
    e: start + windowMs,
  };
}

function addVolume(bar: BarFields, p: number, s: number, micro: number): void {
  bar.v += s;
  bar.vMicro += micro;
  bar.pv += (p * micro) / 1e6;
  bar.n++;
}

function lateInto(bar: BarFields, p: number, s: number, micro: number): void {
  if (p > bar.h) bar.h = p;
  if (p < bar.l) bar.l = p;
  addVolume(bar, p, s, micro);
}
