/** Malformed frames the simulator can send (fault injection). */
export const MALFORMED_KINDS = [
  'invalid-json',
  'not-array',
  'missing-field',
  'unknown-event',
  'binary',
] as const;
export type MalformedKind = (typeof MALFORMED_KINDS)[number];

/** One malformed frame of `kind`, about ticker `sym` at market time `t`. */
export function malformedFrame(kind: MalformedKind, sym: string, t: number): string | Buffer {
  switch (kind) {
    case 'invalid-json':
      return `[{"ev":"T","sym":"${sym}","p":`;
    case 'not-array':
      return `{"ev":"T","sym":"${sym}","p":1.5,"s":1,"t":${t}}`;
    case 'missing-field':
      return `[{"ev":"T","sym":"${sym}","s":100,"t":${t}}]`;
    case 'unknown-event':
      return `[{"ev":"XYZ","sym":"${sym}","v":1,"t":${t}}]`;
    case 'binary':
      return Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80, 0x7f]);
  }
}
