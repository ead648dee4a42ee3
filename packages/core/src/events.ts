/**
 * Typed Massive stock events, field for field as the vendor sends them (see
 * docs: massive-protocol.md). Times are Unix milliseconds unless noted. Decoded events are the
 * vendor's own objects after validation, so fields the vendor adds later stay available.
 */

/** T: one trade. */
export interface TradeEvent {
  ev: 'T';
  /** Ticker. */
  sym: string;
  /** Price. */
  p: number;
  /** Size (shares). */
  s: number;
  /** SIP timestamp. */
  t: number;
  /** Exchange id. */
  x?: number;
  /** Trade id (a string on the wire). */
  i?: string;
  /** Tape: 1 NYSE, 2 AMEX, 3 Nasdaq. */
  z?: number;
  /** Conditions. */
  c?: number[];
  /** Sequence number, rising per ticker. */
  q?: number;
  /** Trade reporting facility id. */
  trfi?: number;
  /** Trade reporting facility timestamp. */
  trft?: number;
  /** Decimal size as a string (fractional shares). */
  ds?: string;
}

/** Q: one NBBO quote. */
export interface QuoteEvent {
  ev: 'Q';
  sym: string;
  /** Bid price. */
  bp: number;
  /** Bid size (round lots). */
  bs: number;
  /** Ask price. */
  ap: number;
  /** Ask size (round lots). */
  as: number;
  /** Bid exchange id. */
  bx?: number;
  /** Ask exchange id. */
  ax?: number;
  /** Condition. */
  c?: number;
  /** Indicators. */
  i?: number[];
  /** SIP timestamp (absent in some older payloads). */
  t?: number;
  /** Sequence number. */
  q?: number;
  /** Tape. */
  z?: number;
}

/** A (per second) or AM (per minute) aggregate bar. Sent only for windows that had trades. */
export interface AggregateEvent {
  ev: 'A' | 'AM';
  sym: string;
  /** Window volume. */
  v: number;
  /** Window open, close, high, low. */
  o: number;
  c: number;
  h: number;
  l: number;
  /** Window start and end. A seed-era bar's single `t` is read as the window end (see decodeFrame). */
  s: number;
  e: number;
  /** Accumulated day volume. */
  av?: number;
  /** Official opening price of the day. */
  op?: number;
  /** Window VWAP. */
  vw?: number;
  /** Day VWAP. */
  a?: number;
  /** Average trade size in the window. */
  z?: number;
  /** Present (true) only for OTC tickers. */
  otc?: boolean;
}

/** Any channel tickmux has no type for (LULD, NOI, FMV, ...), passed through untouched. */
export interface GenericEvent {
  ev: string;
  sym?: string;
  [field: string]: unknown;
}

/** The data events the stock cluster sends that tickmux types. */
export type MarketEvent = TradeEvent | QuoteEvent | AggregateEvent;

/** Every data event a decoded frame can hold. */
export type MassiveEvent = MarketEvent | GenericEvent;

/**
 * A status message: `{"ev":"status","status":"auth_success","message":"authenticated"}`, or the
 * seed-era form without `ev` (`{"status":"success","session":"xyz"}`). Extra fields are kept.
 */
export interface StatusMessage {
  ev?: 'status';
  status: string;
  message?: string;
  [field: string]: unknown;
}

/** Channels the stock cluster serves. Unknown channels are still accepted everywhere. */
export const STOCK_CHANNELS = ['T', 'Q', 'A', 'AM', 'LULD', 'NOI', 'FMV'] as const;

/** Channels tickmux subscribes to by default (`MASSIVE_CHANNELS`). */
export const DEFAULT_CHANNELS: readonly string[] = ['T', 'Q', 'AM'];

export function isTrade(event: MassiveEvent): event is TradeEvent {
  return event.ev === 'T';
}

export function isQuote(event: MassiveEvent): event is QuoteEvent {
  return event.ev === 'Q';
}

export function isAggregate(event: MassiveEvent): event is AggregateEvent {
  return event.ev === 'AM' || event.ev === 'A';
}

export function isMarketEvent(event: MassiveEvent): event is MarketEvent {
  const ev = event.ev;
  return ev === 'T' || ev === 'Q' || ev === 'AM' || ev === 'A';
}
