/** A channel the model generates, or one found in a recording. */
export type SimChannel = string;

/** One generated (or replayed) event, serialised once and shared by every socket that receives it. */
export interface SimEvent {
  ch: SimChannel;
  /** Subscription bit of the channel (1 << channel index). */
  bit: number;
  /** Ground-truth slot: channel index x tickers + ticker index. */
  slot: number;
  /** Index of the ticker in the source's universe. */
  idx: number;
  sym: string;
  /** The event's JSON object text. */
  json: string;
  /** The event's `q`, 0 when it carries none (bars, imbalances). */
  q: number;
}

/** One aggregate window, as A/AM carry it. */
export interface BarFields {
  o: number;
  h: number;
  l: number;
  c: number;
  /** Window volume: the sum of the trades' integer sizes `s`. */
  v: number;
  /** Window volume in millionths of a share (fractional trades included). */
  vMicro: number;
  /** Sum of price x decimal size. */
  pv: number;
  /** Trades in the window. */
  n: number;
  s: number;
  e: number;
}

/** Day context of a bar: `av`, `op`, `a` and the decimal day volume. */
export interface DayFields {
  av: number;
  avMicro: number;
  op: number;
  a: number;
}

const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

/** Millionths of a share as the vendor's decimal-string size (`"12.5"`, `"300"`). */
export function decimalShares(micro: number): string {
  const whole = Math.floor(micro / 1_000_000);
  const frac = micro - whole * 1_000_000;
  if (frac === 0) return String(whole);
  return `${whole}.${String(frac).padStart(6, '0').replace(/0+$/, '')}`;
}

/** T in the vendor's field order: ev, sym, i, x, p, s, c, t, q, z, then trfi, trft, ds when present. */
export function tradeJson(
  sym: string,
  id: number,
  x: number,
  p: number | string,
  s: number,
  c: string,
  t: number,
  q: number,
  z: number,
  extra: string,
): string {
  return `{"ev":"T","sym":"${sym}","i":"${id}","x":${x},"p":${p},"s":${s}${c},"t":${t},"q":${q},"z":${z}${extra}}`;
}

/** Q in the vendor's field order: ev, sym, bx, bp, bs, ax, ap, as, c, i (optional), t, q, z. */
export function quoteJson(
  sym: string,
  bx: number,
  bp: number | string,
  bs: number,
  ax: number,
  ap: number | string,
  as: number,
  c: number,
  i: string,
  t: number,
  q: number,
  z: number,
): string {
  return `{"ev":"Q","sym":"${sym}","bx":${bx},"bp":${bp},"bs":${bs},"ax":${ax},"ap":${ap},"as":${as},"c":${c}${i},"t":${t},"q":${q},"z":${z}}`;
}

/** A or AM: window OHLCV, `vw`, `z` (average trade size) and the day's `av`, `op`, `a`; `dv`/`dav` when asked. */
export function barJson(
  ev: 'A' | 'AM',
  sym: string,
  bar: BarFields,
  day: DayFields,
  decimals: boolean,
): string {
  const vw = r4(bar.pv / (bar.vMicro / 1_000_000));
  const z = Math.round(bar.v / bar.n);
  const dec = decimals
    ? `,"dv":"${decimalShares(bar.vMicro)}","dav":"${decimalShares(day.avMicro)}"`
    : '';
  return `{"ev":"${ev}","sym":"${sym}","v":${bar.v},"av":${day.av},"op":${day.op},"vw":${vw},"o":${bar.o},"c":${bar.c},"h":${bar.h},"l":${bar.l},"a":${r4(day.a)},"z":${z},"s":${bar.s},"e":${bar.e}${dec}}`;
}

/** LULD as the vendor's example has it: `T` ticker, bands `h`/`l`, indicators, tape, `t` in microseconds, `q`. */
export function luldJson(
  sym: string,
  h: number,
  l: number,
  indicators: string,
  z: number,
  tMs: number,
  q: number,
): string {
  return `{"ev":"LULD","T":"${sym}","h":${h},"l":${l},"i":[${indicators}],"z":${z},"t":${tMs}000,"q":${q}}`;
}

/** NOI (imbalance) as the vendor's example has it: `t` in nanoseconds, `at` hhmm Eastern, `a` auction type. */
export function noiJson(
  sym: string,
  tMs: number,
  at: number,
  a: string,
  i: number,
  x: number,
  o: number,
  p: number,
  b: number,
): string {
  return `{"ev":"NOI","T":"${sym}","t":${tMs}000000,"at":${at},"a":"${a}","i":${i},"x":${x},"o":${o},"p":${p},"b":${b}}`;
}
