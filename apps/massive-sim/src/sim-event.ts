/** The channels the simulator generates. */
export type SimChannel = 'T' | 'Q' | 'A' | 'AM';

/** One generated event, serialised once and shared by every socket that receives it. */
export interface SimEvent {
  ch: SimChannel;
  /** Index of the ticker in the model's universe. */
  idx: number;
  sym: string;
  /** The event's JSON object text. */
  json: string;
}

/** One completed aggregate window, as A/AM carry it. */
export interface BarFields {
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  /** Sum of price x size in the window. */
  pv: number;
  /** Trades in the window. */
  n: number;
  s: number;
  e: number;
}

const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

/** T in the vendor's field order: ev, sym, i, x, p, s, c, t, q, z. */
export function tradeJson(
  sym: string,
  id: number,
  x: number,
  p: number,
  s: number,
  c: string,
  t: number,
  q: number,
  z: number,
): string {
  return `{"ev":"T","sym":"${sym}","i":"${id}","x":${x},"p":${p},"s":${s}${c},"t":${t},"q":${q},"z":${z}}`;
}

/** Q in the vendor's field order: ev, sym, bx, bp, bs, ax, ap, as, c, t, q, z. */
export function quoteJson(
  sym: string,
  bx: number,
  bp: number,
  bs: number,
  ax: number,
  ap: number,
  as: number,
  t: number,
  q: number,
  z: number,
): string {
  return `{"ev":"Q","sym":"${sym}","bx":${bx},"bp":${bp},"bs":${bs},"ax":${ax},"ap":${ap},"as":${as},"c":1,"t":${t},"q":${q},"z":${z}}`;
}

/** A or AM with day context: av day volume, op official open, a day VWAP, z average trade size. */
export function barJson(
  ev: 'A' | 'AM',
  sym: string,
  bar: BarFields,
  av: number,
  op: number,
  a: number,
): string {
  const vw = r4(bar.pv / bar.v);
  const z = Math.round(bar.v / bar.n);
  return `{"ev":"${ev}","sym":"${sym}","v":${bar.v},"av":${av},"op":${op},"vw":${vw},"o":${bar.o},"c":${bar.c},"h":${bar.h},"l":${bar.l},"a":${r4(a)},"z":${z},"s":${bar.s},"e":${bar.e}}`;
}
