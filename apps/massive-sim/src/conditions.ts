/**
 * Trade conditions, chosen by size, session and kind of print. Codes are the vendor's condition
 * table ids as we read it: 12 Form T (extended hours), 14 intermarket sweep, 32 sold out of
 * sequence (a late report), 37 odd lot, 41 trade-through exempt; auction prints use the listing
 * market's codes (Nasdaq: 25 opening, 28 re-opening, 8 closing prints; NYSE/AMEX: 17 opening,
 * 18 re-opening, 19 closing trade).
 */
export const Cond = {
  ODD_LOT: 1,
  FORM_T: 2,
  ISO: 4,
  TRADE_THRU_EXEMPT: 8,
  LATE: 16,
  OPEN: 32,
  REOPEN: 64,
  CLOSE: 128,
  /** The ticker lists on Nasdaq (tape 3): auction prints carry the UTP codes. */
  UTP: 256,
} as const;

const cache = new Map<number, string>();

/** The `,"c":[...]` member of a trade for a set of {@link Cond} flags; '' when it has none. */
export function conditionsJson(flags: number): string {
  const hit = cache.get(flags);
  if (hit !== undefined) return hit;
  const utp = (flags & Cond.UTP) !== 0;
  const codes: number[] = [];
  if (flags & Cond.OPEN) codes.push(utp ? 25 : 17);
  if (flags & Cond.REOPEN) codes.push(utp ? 28 : 18);
  if (flags & Cond.CLOSE) codes.push(utp ? 8 : 19);
  if (flags & Cond.FORM_T) codes.push(12);
  if (flags & Cond.ISO) codes.push(14);
  if (flags & Cond.LATE) codes.push(32);
  if (flags & Cond.ODD_LOT) codes.push(37);
  if (flags & Cond.TRADE_THRU_EXEMPT) codes.push(41);
  codes.sort((a, b) => a - b);
  const json = codes.length === 0 ? '' : `,"c":[${codes.join(',')}]`;
  cache.set(flags, json);
  return json;
}

/** Conditions of a late report: out of sequence, odd lot by size, Form T if it printed outside 9:30-16:00. */
export function lateFlags(oddLot: boolean, extendedHours: boolean): number {
  return Cond.LATE | (oddLot ? Cond.ODD_LOT : 0) | (extendedHours ? Cond.FORM_T : 0);
}
