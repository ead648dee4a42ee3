import type { MassiveEvent } from './events.js';

/** What a tick describes. */
export type TickEventType = 'trade' | 'quote' | 'aggregate_second' | 'aggregate_minute';

/**
 * The project's normalised tick, as callbacks and the Redis channel carry it. `timestamp` is in
 * seconds (float), as the existing consumers expect.
 */
export interface TickData {
  ticker: string;
  price: number;
  volume: number;
  timestamp: number;
  source: 'massive';
  event_type: TickEventType;
}

/**
 * Normalises any vendor timestamp to seconds by its magnitude: the vendor sends milliseconds,
 * but some channels show microseconds or nanoseconds, and a few payloads seconds.
 */
export function toSeconds(t: number): number {
  if (t >= 1e17) return t / 1e9; // nanoseconds
  if (t >= 1e14) return t / 1e6; // microseconds
  if (t >= 1e11) return t / 1e3; // milliseconds
  return t; // already seconds
}

/**
 * The normalised tick of a data event, or null for channels without one (LULD, NOI, ...).
 * - T: price `p`, volume `s`, time `t`.
 * - Q: price is the bid/ask midpoint (the side that is present when one is 0), volume 0 (a quote
 *   trades nothing), time `t`, or `fallbackMs` for payloads without one.
 * - A/AM: price is the close `c`, volume the window volume `v`, time the window end `e` (a bar
 *   is known at its end).
 */
export function toTick(event: MassiveEvent, fallbackMs: number = Date.now()): TickData | null {
  switch (event.ev) {
    case 'T': {
      const e = event as { sym: string; p: number; s: number; t: number };
      return {
        ticker: e.sym,
        price: e.p,
        volume: e.s,
        timestamp: toSeconds(e.t),
        source: 'massive',
        event_type: 'trade',
      };
    }
    case 'Q': {
      const e = event as { sym: string; bp: number; ap: number; t?: number };
      const price = e.bp > 0 && e.ap > 0 ? (e.bp + e.ap) / 2 : e.bp > 0 ? e.bp : e.ap;
      return {
        ticker: e.sym,
        price,
        volume: 0,
        timestamp: toSeconds(e.t ?? fallbackMs),
        source: 'massive',
        event_type: 'quote',
      };
    }
    case 'AM':
    case 'A': {
      const e = event as { sym: string; c: number; v: number; e: number };
      return {
        ticker: e.sym,
        price: e.c,
        volume: e.v,
        timestamp: toSeconds(e.e),
        source: 'massive',
        event_type: event.ev === 'A' ? 'aggregate_second' : 'aggregate_minute',
      };
    }
    default:
      return null;
  }
}

/**
 * The identity de-duplication keys on (massive-protocol.md): T → (sym, q), Q → (sym, q),
 * A/AM → (ev, sym, s). Without a sequence number, T falls back to its trade id `i`, and T/Q to
 * their full content; other channels key on their whole content.
 */
export function eventKey(event: MassiveEvent): string {
  const e = event as Record<string, unknown>;
  const sym = e['sym'] as string;
  switch (event.ev) {
    case 'T':
      if (typeof e['q'] === 'number') return `T|${sym}|${e['q']}`;
      if (typeof e['i'] === 'string') return `T|${sym}|i${e['i']}`;
      return `T|${sym}|${String(e['t'])}|${String(e['p'])}|${String(e['s'])}`;
    case 'Q':
      if (typeof e['q'] === 'number') return `Q|${sym}|${e['q']}`;
      return `Q|${sym}|${String(e['t'])}|${String(e['bp'])}|${String(e['ap'])}|${String(e['bs'])}|${String(e['as'])}`;
    case 'AM':
    case 'A':
      return `${event.ev}|${sym}|${String(e['s'])}`;
    default:
      return `${event.ev}|${JSON.stringify(event)}`;
  }
}
