import type { TickData } from '@tickmux/core';
import type { GapReport } from '../service-source.js';

/**
 * The normalised tick as JSON, exactly the documented fields in the documented order:
 * `{"ticker","price","volume","timestamp","source","event_type"}` (`timestamp` in seconds). Fields
 * a producer added to the object (a correction mark, a connection id) are not carried, so every
 * consumer of `tickstock.data.raw` sees one format. A non-finite number is written as null.
 */
export function encodeTick(t: TickData): string {
  return `{"ticker":${JSON.stringify(t.ticker)},"price":${num(t.price)},"volume":${num(t.volume)},"timestamp":${num(t.timestamp)},"source":${JSON.stringify(t.source)},"event_type":${JSON.stringify(t.event_type)}}`;
}

/**
 * A gap report as JSON, marked `"type":"gap"`:
 * `{"type":"gap","ticker","channels","from","to","reason","missing"?}` (`from`/`to` Unix ms,
 * `to` null while open).
 */
export function encodeGap(g: GapReport): string {
  const missing = g.missing === undefined ? '' : `,"missing":${num(g.missing)}`;
  return `{"type":"gap","ticker":${JSON.stringify(g.ticker)},"channels":${JSON.stringify(g.channels)},"from":${num(g.from)},"to":${g.to === null ? 'null' : num(g.to)},"reason":${JSON.stringify(g.reason)}${missing}}`;
}

function num(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}
