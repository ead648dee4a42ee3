import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { ErrorCode, TickmuxError } from '@tickmux/core';

/** The `format` of a recording's header line. */
export const RECORDING_FORMAT = 'massive-ws-recording';
/** The version this code reads and writes. */
export const RECORDING_VERSION = 1;

/**
 * First line of a recording. Format (NDJSON, UTF-8, optionally gzip-compressed):
 * `{"format":"massive-ws-recording","version":1,"createdAt":"<ISO 8601>", ...}`, then one line per
 * received text frame.
 */
export interface RecordingHeader {
  format: typeof RECORDING_FORMAT;
  version: typeof RECORDING_VERSION;
  /** When the recording was made, ISO 8601. */
  createdAt: string;
  /** What was recorded (e.g. `wss://socket.massive.com/stocks`, `massive-sim seed 7`). */
  source?: string;
  /** Free text. */
  note?: string;
}

/** One received text frame: `{"t":<receive time, Unix ms>,"c":"<connection id>","f":"<frame text>"}`. */
export interface RecordedFrame {
  /** Receive time, Unix ms (fractions allowed). */
  t: number;
  /** The recorder's id of the connection that received it. */
  c: string;
  /** The frame's text exactly as received (a JSON array). */
  f: string;
}

/** A parsed recording. */
export interface Recording {
  header: RecordingHeader;
  frames: RecordedFrame[];
}

/** The header line (no newline). */
export function recordingHeaderLine(header: Omit<RecordingHeader, 'format' | 'version'>): string {
  return JSON.stringify({ format: RECORDING_FORMAT, version: RECORDING_VERSION, ...header });
}

/** One frame line (no newline). */
export function recordingFrameLine(frame: RecordedFrame): string {
  return JSON.stringify({ t: frame.t, c: frame.c, f: frame.f });
}

const invalid = (message: string) => new TickmuxError(ErrorCode.SIM_RECORDING_INVALID, message);

/** Parses a recording (gzip detected by its magic bytes); throws SIM_RECORDING_INVALID naming the line. */
export function parseRecording(data: string | Uint8Array): Recording {
  let text: string;
  if (typeof data === 'string') text = data;
  else if (data[0] === 0x1f && data[1] === 0x8b) text = gunzipSync(data).toString('utf8');
  else text = Buffer.from(data).toString('utf8');
  const lines = text.split('\n');
  const header = parseLine(lines[0] ?? '', 1) as Partial<RecordingHeader>;
  if (header.format !== RECORDING_FORMAT)
    throw invalid(`line 1: not a recording (format must be "${RECORDING_FORMAT}")`);
  if (header.version !== RECORDING_VERSION)
    throw invalid(
      `line 1: version ${String(header.version)} is not supported (this reads ${RECORDING_VERSION})`,
    );
  const frames: RecordedFrame[] = [];
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const o = parseLine(line, i + 1) as Partial<RecordedFrame>;
    if (typeof o.t !== 'number' || !Number.isFinite(o.t))
      throw invalid(`line ${i + 1}: "t" must be a number`);
    if (typeof o.c !== 'string') throw invalid(`line ${i + 1}: "c" must be a string`);
    if (typeof o.f !== 'string') throw invalid(`line ${i + 1}: "f" must be a string`);
    if (o.t < last) throw invalid(`line ${i + 1}: "t" goes back in time`);
    last = o.t;
    frames.push({ t: o.t, c: o.c, f: o.f });
  }
  return { header: header as RecordingHeader, frames };
}

/** Reads and parses a recording file (`.ndjson` or `.ndjson.gz`). */
export async function readRecording(path: string): Promise<Recording> {
  return parseRecording(await readFile(path));
}

function parseLine(line: string, n: number): unknown {
  try {
    const v: unknown = JSON.parse(line);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
    return v;
  } catch (err) {
    throw invalid(`line ${n}: ${(err as Error).message}`);
  }
}
