import fc from 'fast-check';
import type {
  AggregateEvent,
  GenericEvent,
  QuoteEvent,
  StatusMessage,
  TradeEvent,
} from '../src/index.js';

/** A finite double that survives JSON (no NaN, no infinities, no -0). */
export const jsonDouble = fc
  .double({ noNaN: true, noDefaultInfinity: true })
  .map((d) => (Object.is(d, -0) ? 0 : d));
const int = fc.integer({ min: 0, max: 2 ** 53 - 1 });
const smallInt = fc.integer({ min: 0, max: 1_000_000 });
const sym = fc.string({ minLength: 1, maxLength: 12 });

export const tradeArb: fc.Arbitrary<TradeEvent> = fc.record(
  {
    ev: fc.constant('T' as const),
    sym,
    p: jsonDouble,
    s: smallInt,
    t: int,
    x: smallInt,
    i: fc.string(),
    z: fc.integer({ min: 1, max: 3 }),
    c: fc.array(smallInt, { maxLength: 4 }),
    q: int,
    trfi: smallInt,
    trft: int,
    ds: fc.string(),
  },
  { requiredKeys: ['ev', 'sym', 'p', 's', 't'] },
);

export const quoteArb: fc.Arbitrary<QuoteEvent> = fc.record(
  {
    ev: fc.constant('Q' as const),
    sym,
    bp: jsonDouble,
    bs: smallInt,
    ap: jsonDouble,
    as: smallInt,
    bx: smallInt,
    ax: smallInt,
    c: smallInt,
    i: fc.array(smallInt, { maxLength: 3 }),
    t: int,
    q: int,
    z: fc.integer({ min: 1, max: 3 }),
  },
  { requiredKeys: ['ev', 'sym', 'bp', 'bs', 'ap', 'as'] },
);

export const aggregateArb: fc.Arbitrary<AggregateEvent> = fc.record(
  {
    ev: fc.constantFrom('A' as const, 'AM' as const),
    sym,
    v: smallInt,
    av: int,
    op: jsonDouble,
    vw: jsonDouble,
    o: jsonDouble,
    c: jsonDouble,
    h: jsonDouble,
    l: jsonDouble,
    a: jsonDouble,
    z: smallInt,
    s: int,
    e: int,
    otc: fc.constant(true),
  },
  { requiredKeys: ['ev', 'sym', 'v', 'o', 'c', 'h', 'l', 's', 'e'] },
);

export const statusArb: fc.Arbitrary<StatusMessage> = fc.record({
  ev: fc.constant('status' as const),
  status: fc.string(),
  message: fc.string(),
});

const RESERVED = new Set(['T', 'Q', 'A', 'AM', 'status']);
export const genericArb: fc.Arbitrary<GenericEvent> = fc
  .tuple(
    fc.string({ minLength: 1 }).filter((ev) => !RESERVED.has(ev)),
    fc.dictionary(
      fc.string().filter((k) => k !== 'ev' && k !== '__proto__'),
      // Round-tripped through JSON so values are what a frame can carry (no -0).
      fc.json({ maxDepth: 2 }).map((text) => JSON.parse(text) as unknown),
      { maxKeys: 5 },
    ),
  )
  .map(([ev, fields]) => ({ ...fields, ev }));

export const anyMessageArb = fc.oneof(tradeArb, quoteArb, aggregateArb, statusArb, genericArb);
