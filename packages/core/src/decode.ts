import { ErrorCode } from './errors.js';
import type { MassiveEvent, StatusMessage } from './events.js';

/** Something wrong with (part of) a frame. The rest of the frame is still delivered. */
export interface DecodeIssue {
  code: ErrorCode;
  message: string;
  /** Position of the offending object in the frame's array. */
  index?: number;
  /** The field that is missing or mistyped. */
  field?: string;
  /** The event type of the offending object, when it had one. */
  ev?: string;
}

/** What one server frame held: data events and status messages in arrival order, and issues. */
export interface DecodedFrame {
  readonly events: readonly MassiveEvent[];
  readonly statuses: readonly StatusMessage[];
  /**
   * Where each status stood among the events: `statusAt[i]` is the number of events that came
   * before `statuses[i]` in the frame, so a consumer can handle both in the order they were sent.
   */
  readonly statusAt: readonly number[];
  readonly issues: readonly DecodeIssue[];
}

const NONE: readonly never[] = Object.freeze([]);

/** Aggregate window lengths, used to complete the seed-era form that carries one `t`. */
const WINDOW_MS = { A: 1_000, AM: 60_000 } as const;

type Obj = Record<string, unknown>;

/**
 * Decodes one server frame. Never throws: invalid JSON, a frame that is not an array, and objects
 * that are not valid events come back as `issues`. An event with a missing or mistyped required
 * field is skipped (and reported); a mistyped optional field is removed from the event (and
 * reported) so the event still arrives. A lone object instead of an array is decoded as a
 * one-element frame and reported. Unknown `ev` values pass through as generic events.
 *
 * The returned events are the parsed objects themselves (no copy), so numbers keep full double
 * precision and unknown vendor fields stay available.
 */
export function decodeFrame(text: string): DecodedFrame {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return {
      events: NONE,
      statuses: NONE,
      statusAt: NONE,
      issues: [
        {
          code: ErrorCode.INVALID_JSON,
          message: `invalid JSON: ${(err as Error).message}`,
        },
      ],
    };
  }
  if (Array.isArray(parsed)) return decodeArray(parsed as unknown[], null);
  const notArray: DecodeIssue = {
    code: ErrorCode.FRAME_NOT_ARRAY,
    message: `frame is ${parsed === null ? 'null' : typeof parsed}, expected an array of objects`,
  };
  if (parsed !== null && typeof parsed === 'object') return decodeArray([parsed], notArray);
  return { events: NONE, statuses: NONE, statusAt: NONE, issues: [notArray] };
}

function decodeArray(items: readonly unknown[], firstIssue: DecodeIssue | null): DecodedFrame {
  const events: MassiveEvent[] = [];
  let statuses: StatusMessage[] | undefined;
  let statusAt: number[] | undefined;
  let issues: DecodeIssue[] | undefined = firstIssue === null ? undefined : [firstIssue];
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      (issues ??= []).push({
        code: ErrorCode.MESSAGE_NOT_OBJECT,
        message: `frame[${index}] is ${item === null ? 'null' : Array.isArray(item) ? 'an array' : typeof item}, expected an object`,
        index,
      });
      continue;
    }
    const obj = item as Obj;
    const ev = obj['ev'];
    if (ev === 'T' || ev === 'Q' || ev === 'AM' || ev === 'A') {
      let bad = checkMarketEvent(obj, ev);
      // A mistyped optional field is dropped (and reported) so the event still arrives.
      while (bad !== undefined && bad.charCodeAt(0) === 63 /* '?' */) {
        const field = bad.slice(1);
        (issues ??= []).push(fieldIssue(obj, field, index, ev));
        delete obj[field];
        bad = checkMarketEvent(obj, ev);
      }
      if (bad === undefined) events.push(obj as unknown as MassiveEvent);
      else (issues ??= []).push(fieldIssue(obj, bad, index, ev));
    } else if (ev === 'status' || (ev === undefined && typeof obj['status'] === 'string')) {
      // Seed-era status replies carry no `ev`: {"status":"success","session":"xyz"}.
      if (typeof obj['status'] === 'string') {
        (statuses ??= []).push(obj as StatusMessage);
        (statusAt ??= []).push(events.length);
      } else (issues ??= []).push(fieldIssue(obj, 'status', index, 'status'));
    } else if (typeof ev === 'string') {
      events.push(obj as MassiveEvent);
    } else {
      (issues ??= []).push(fieldIssue(obj, 'ev', index, undefined));
    }
  }
  return {
    events,
    statuses: statuses ?? NONE,
    statusAt: statusAt ?? NONE,
    issues: issues ?? NONE,
  };
}

function fieldIssue(obj: Obj, field: string, index: number, ev: string | undefined): DecodeIssue {
  const missing = obj[field] === undefined;
  const what = ev === undefined ? 'message' : `${ev} event`;
  const issue: DecodeIssue = {
    code: missing ? ErrorCode.MISSING_FIELD : ErrorCode.INVALID_FIELD,
    message: missing
      ? `frame[${index}]: ${what} is missing required field "${field}"`
      : `frame[${index}]: ${what} has an invalid "${field}" (${typeof obj[field]})`,
    index,
    field,
  };
  if (ev !== undefined) issue.ev = ev;
  return issue;
}

function checkMarketEvent(o: Obj, ev: 'T' | 'Q' | 'A' | 'AM'): string | undefined {
  return ev === 'T' ? checkTrade(o) : ev === 'Q' ? checkQuote(o) : checkAggregate(o, ev);
}

// The checkers return undefined when the event is valid, the name of a bad required field, or
// '?' + the name of a bad optional field. They run once per event, so they stay branch-only.

function checkTrade(o: Obj): string | undefined {
  if (typeof o['sym'] !== 'string') return 'sym';
  if (typeof o['p'] !== 'number') return 'p';
  if (typeof o['s'] !== 'number') return 's';
  if (typeof o['t'] !== 'number') return 't';
  if (!optNumber(o['q'])) return '?q';
  if (!optString(o['i'])) return '?i';
  if (!optNumber(o['x'])) return '?x';
  if (!optNumber(o['z'])) return '?z';
  if (!optArray(o['c'])) return '?c';
  if (!optNumber(o['trfi'])) return '?trfi';
  if (!optNumber(o['trft'])) return '?trft';
  if (!optString(o['ds'])) return '?ds';
  return undefined;
}

function checkQuote(o: Obj): string | undefined {
  if (typeof o['sym'] !== 'string') return 'sym';
  if (typeof o['bp'] !== 'number') return 'bp';
  if (typeof o['ap'] !== 'number') return 'ap';
  if (typeof o['bs'] !== 'number') return 'bs';
  if (typeof o['as'] !== 'number') return 'as';
  if (!optNumber(o['t'])) return '?t';
  if (!optNumber(o['q'])) return '?q';
  if (!optNumber(o['bx'])) return '?bx';
  if (!optNumber(o['ax'])) return '?ax';
  if (!optNumber(o['c'])) return '?c';
  if (!optNumber(o['z'])) return '?z';
  if (!optArray(o['i'])) return '?i';
  return undefined;
}

function checkAggregate(o: Obj, ev: 'A' | 'AM'): string | undefined {
  if (typeof o['sym'] !== 'string') return 'sym';
  if (typeof o['o'] !== 'number') return 'o';
  if (typeof o['h'] !== 'number') return 'h';
  if (typeof o['l'] !== 'number') return 'l';
  if (typeof o['c'] !== 'number') return 'c';
  if (typeof o['v'] !== 'number') return 'v';
  if (typeof o['s'] !== 'number') {
    // Seed-era form: one `t`, the bar's time as consumers saw it (its end), instead of s/e.
    const t = o['t'];
    if (o['s'] !== undefined || typeof t !== 'number') return 's';
    o['e'] = t;
    o['s'] = t - WINDOW_MS[ev];
  }
  if (typeof o['e'] !== 'number') return 'e';
  if (!optNumber(o['vw'])) return '?vw';
  if (!optNumber(o['av'])) return '?av';
  if (!optNumber(o['op'])) return '?op';
  if (!optNumber(o['a'])) return '?a';
  if (!optNumber(o['z'])) return '?z';
  if (o['otc'] !== undefined && typeof o['otc'] !== 'boolean') return '?otc';
  return undefined;
}

function optNumber(v: unknown): boolean {
  return v === undefined || typeof v === 'number';
}

function optString(v: unknown): boolean {
  return v === undefined || typeof v === 'string';
}

function optArray(v: unknown): boolean {
  return v === undefined || Array.isArray(v);
}
