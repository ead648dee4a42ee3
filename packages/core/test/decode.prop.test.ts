import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  decodeFrame,
  encodeFrame,
  ErrorCode,
  type DecodeIssue,
  type MassiveEvent,
  type StatusMessage,
} from '../src/index.js';
import { aggregateArb, anyMessageArb, jsonDouble, quoteArb, tradeArb } from './arbitraries.js';

type FieldType = 'number' | 'string' | 'array' | 'boolean';
type MarketEv = 'T' | 'Q' | 'A' | 'AM';
interface Fields {
  required: Record<string, FieldType>;
  optional: Record<string, FieldType>;
}

const AGGREGATE: Fields = {
  required: {
    ev: 'string',
    sym: 'string',
    o: 'number',
    h: 'number',
    l: 'number',
    c: 'number',
    v: 'number',
    s: 'number',
    e: 'number',
  },
  optional: { vw: 'number', av: 'number', op: 'number', a: 'number', z: 'number', otc: 'boolean' },
};

/** The fields decodeFrame checks on each market event, and the type each must have. */
const FIELDS: Record<MarketEv, Fields> = {
  T: {
    required: { ev: 'string', sym: 'string', p: 'number', s: 'number', t: 'number' },
    optional: {
      q: 'number',
      i: 'string',
      x: 'number',
      z: 'number',
      c: 'array',
      trfi: 'number',
      trft: 'number',
      ds: 'string',
    },
  },
  Q: {
    required: {
      ev: 'string',
      sym: 'string',
      bp: 'number',
      ap: 'number',
      bs: 'number',
      as: 'number',
    },
    optional: {
      t: 'number',
      q: 'number',
      bx: 'number',
      ax: 'number',
      c: 'number',
      z: 'number',
      i: 'array',
    },
  },
  A: AGGREGATE,
  AM: AGGREGATE,
};

function typeOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/** A JSON value whose type is not `type` (for `ev`, never a string: another string is a new ev). */
function wrongValue(type: FieldType): fc.Arbitrary<unknown> {
  return fc
    .oneof(
      fc.constant(null),
      fc.boolean(),
      fc.string({ maxLength: 4 }),
      jsonDouble,
      fc.array(fc.integer(), { maxLength: 2 }),
      fc.constant({}),
    )
    .filter((v) => typeOf(v) !== type);
}

const DELETE = Symbol('delete');

/** One frame entry, tagged with its index, and what decodeFrame must make of it. */
interface Entry {
  value: unknown;
  /** `event`/`status`: delivered as this object; `rejected`: only issues. */
  outcome:
    { kind: 'event'; event: unknown } | { kind: 'status'; status: unknown } | { kind: 'rejected' };
  /** The issues this entry must produce (index added later). */
  issues: Partial<DecodeIssue>[];
}

/**
 * A valid T, Q, A or AM with exactly one checked field corrupted: deleted, or given a value of
 * another type. A required field so corrupted rejects the event; an optional one is dropped and
 * reported while the event still arrives.
 */
const nearEventArb: fc.Arbitrary<(tag: number) => Entry> = fc
  .oneof(tradeArb, quoteArb, aggregateArb)
  .chain((valid) => {
    const fields = FIELDS[valid.ev];
    const names = [...Object.keys(fields.required), ...Object.keys(fields.optional)];
    return fc.constantFrom(...names).chain((field) => {
      const required = field in fields.required;
      const type = (required ? fields.required[field] : fields.optional[field])!;
      const corruption = fc.oneof(fc.constant<typeof DELETE>(DELETE), wrongValue(type));
      return corruption.map((bad) => (tag: number): Entry => {
        const obj: Record<string, unknown> = { ...valid, tag };
        if (bad === DELETE) delete obj[field];
        else obj[field] = bad;
        const wire = JSON.parse(JSON.stringify(obj)) as Record<string, unknown>;
        const missing = !(field in wire);
        if (required) {
          const issue: Partial<DecodeIssue> = {
            code: missing ? ErrorCode.MISSING_FIELD : ErrorCode.INVALID_FIELD,
            field,
          };
          if (field !== 'ev') issue.ev = valid.ev;
          return { value: obj, outcome: { kind: 'rejected' }, issues: [issue] };
        }
        if (missing) return { value: obj, outcome: { kind: 'event', event: wire }, issues: [] };
        const repaired = { ...wire };
        delete repaired[field];
        return {
          value: obj,
          outcome: { kind: 'event', event: repaired },
          issues: [{ code: ErrorCode.INVALID_FIELD, field, ev: valid.ev }],
        };
      });
    });
  });

/** A valid event or status, delivered unchanged. */
const validArb: fc.Arbitrary<(tag: number) => Entry> = anyMessageArb.map(
  (message) =>
    (tag: number): Entry => {
      const value = { ...message, tag };
      const wire = JSON.parse(JSON.stringify(value)) as unknown;
      return message.ev === 'status'
        ? { value, outcome: { kind: 'status', status: wire }, issues: [] }
        : { value, outcome: { kind: 'event', event: wire }, issues: [] };
    },
);

/** Something that is not an object: rejected as such. */
const junkArb: fc.Arbitrary<(tag: number) => Entry> = fc
  .oneof(fc.constant(null), fc.boolean(), fc.string(), jsonDouble, fc.array(fc.integer()))
  .map((value) => (): Entry => ({
    value,
    outcome: { kind: 'rejected' },
    issues: [{ code: ErrorCode.MESSAGE_NOT_OBJECT }],
  }));

const frameArb = fc
  .array(
    fc.oneof(
      { arbitrary: nearEventArb, weight: 4 },
      { arbitrary: validArb, weight: 2 },
      { arbitrary: junkArb, weight: 1 },
    ),
    { maxLength: 25 },
  )
  .map((makers) => makers.map((make, index) => make(index)));

function tagOf(m: MassiveEvent | StatusMessage): unknown {
  return (m as unknown as Record<string, unknown>)['tag'];
}

describe('decodeFrame properties', () => {
  test('the near-event generator yields rejected and repaired T, Q, A and AM events', () => {
    const sample = fc.sample(nearEventArb, 400).map((make) => make(0));
    const seen = new Set(
      sample.map((e) => `${(e.value as { ev?: unknown }).ev as string}:${e.outcome.kind}`),
    );
    for (const ev of ['T', 'Q', 'A', 'AM']) {
      expect(seen).toContain(`${ev}:rejected`);
      expect(seen).toContain(`${ev}:event`);
    }
    expect(sample.some((e) => e.outcome.kind === 'event' && e.issues.length === 1)).toBe(true);
  });

  test.prop([fc.string({ unit: 'binary' })])(
    'never throws on arbitrary strings; text that is not JSON is one INVALID_JSON issue',
    (text) => {
      let json = true;
      try {
        JSON.parse(text);
      } catch {
        json = false;
      }
      const out = decodeFrame(text);
      if (json) {
        expect(out.issues.map((i) => i.code)).not.toContain(ErrorCode.INVALID_JSON);
      } else {
        expect(out).toEqual({
          events: [],
          statuses: [],
          statusAt: [],
          issues: [{ code: ErrorCode.INVALID_JSON, message: expect.stringContaining('JSON') }],
        });
      }
    },
  );

  test.prop([fc.json()])(
    'never throws on arbitrary JSON; a frame that is not an array is reported first',
    (text) => {
      const parsed = JSON.parse(text) as unknown;
      const out = decodeFrame(text);
      if (Array.isArray(parsed)) {
        expect(out.issues.map((i) => i.code)).not.toContain(ErrorCode.FRAME_NOT_ARRAY);
        for (const issue of out.issues) {
          expect(issue.index).toBeGreaterThanOrEqual(0);
          expect(issue.index).toBeLessThan(parsed.length);
        }
      } else if (parsed !== null && typeof parsed === 'object') {
        // A lone object is decoded as a one-element frame, after the FRAME_NOT_ARRAY issue.
        const asArray = decodeFrame(`[${text}]`);
        expect(out.issues[0]?.code).toBe(ErrorCode.FRAME_NOT_ARRAY);
        expect({ ...out, issues: out.issues.slice(1) }).toEqual(asArray);
      } else {
        expect(out.events).toEqual([]);
        expect(out.statuses).toEqual([]);
        expect(out.issues.map((i) => i.code)).toEqual([ErrorCode.FRAME_NOT_ARRAY]);
      }
    },
  );

  test.prop([frameArb])(
    'near-events (one field of a valid T/Q/A/AM corrupted): every entry is an event, a status or rejected with an issue, exactly once',
    (entries) => {
      const out = decodeFrame(JSON.stringify(entries.map((e) => e.value)));

      // Accounting from the output alone: each entry carries its index as `tag`.
      const delivered = new Map<unknown, number>();
      for (const m of [...out.events, ...out.statuses]) {
        delivered.set(tagOf(m), (delivered.get(tagOf(m)) ?? 0) + 1);
      }
      for (const tag of delivered.keys()) expect(entries.map((_, i) => i)).toContain(tag);
      entries.forEach((_, index) => {
        const issues = out.issues.filter((i) => i.index === index);
        const times = delivered.get(index) ?? 0;
        const rejected = times === 0 && issues.length > 0 ? 1 : 0;
        expect({ index, outcomes: times + rejected }).toEqual({ index, outcomes: 1 });
        // An issue beside a delivered entry can only be an optional field that was dropped.
        if (times === 1) {
          const m = [...out.events, ...out.statuses].find((x) => tagOf(x) === index)!;
          for (const issue of issues) {
            expect(issue.code).toBe(ErrorCode.INVALID_FIELD);
            expect(issue.field! in m).toBe(false);
          }
        }
      });
      for (const issue of out.issues) expect(issue.index).toBeDefined();

      // And against what each entry was built to be.
      const expectedEvents = entries.flatMap((e) =>
        e.outcome.kind === 'event' ? [e.outcome.event] : [],
      );
      const expectedStatuses = entries.flatMap((e) =>
        e.outcome.kind === 'status' ? [e.outcome.status] : [],
      );
      expect(out.events).toEqual(expectedEvents);
      expect(out.statuses).toEqual(expectedStatuses);
      let seen = 0;
      const statusAt: number[] = [];
      for (const e of entries) {
        if (e.outcome.kind === 'event') seen++;
        if (e.outcome.kind === 'status') statusAt.push(seen);
      }
      expect(out.statusAt).toEqual(statusAt);
      const expectedIssues = entries.flatMap((e, index) =>
        e.issues.map((issue) => expect.objectContaining({ ...issue, index }) as unknown),
      );
      expect(out.issues).toEqual(expectedIssues);
    },
  );

  test.prop([fc.array(anyMessageArb, { maxLength: 30 })])(
    'encode then decode of valid events and statuses is the identity',
    (messages) => {
      const out = decodeFrame(encodeFrame(messages));
      expect(out.issues).toEqual([]);
      const isStatus = (m: MassiveEvent | StatusMessage) => m.ev === 'status';
      expect(out.events).toEqual(messages.filter((m) => !isStatus(m)));
      expect(out.statuses).toEqual(messages.filter(isStatus));
    },
  );
});
