import { ErrorCode, TickmuxError } from '@tickmux/core';
import { ChannelTable, MAX_CHANNELS } from './channels.js';
import type { EventSource } from './event-source.js';
import type { Recording } from './recording.js';
import type { SimEvent } from './sim-event.js';

/** How a recording is replayed. */
export interface ReplayOptions {
  /** Start again from the first frame after the last (market time keeps increasing). @default false */
  loop?: boolean;
  /** Only the frames this recorded connection received. @default every connection's */
  connection?: string;
}

interface ReplayFrame {
  t: number;
  events: SimEvent[];
}

/**
 * Serves a recording as an event source: every data event of its frames (statuses left out), in
 * order, with its original text, at its recorded receive time (market time). Frames keep their
 * grouping: the events of one recorded frame that a socket subscribed to go out as one frame.
 */
export class ReplaySource implements EventSource {
  readonly channels: ChannelTable;
  readonly tickers: readonly string[];
  now: number;
  readonly generated: Record<string, number> = {};
  private readonly frames: ReplayFrame[];
  private readonly loop: boolean;
  private readonly period: number;
  private cursor = 0;
  private offset = 0;

  constructor(recording: Recording, options: ReplayOptions = {}) {
    this.loop = options.loop ?? false;
    const wanted = options.connection;
    const raw = recording.frames
      .filter((f) => wanted === undefined || f.c === wanted)
      .map((f) => ({ t: f.t, objects: dataObjects(f.f) }));
    const tickerIndex = new Map<string, number>();
    const channelNames: string[] = [];
    for (const f of raw)
      for (const o of f.objects) {
        if (!tickerIndex.has(o.sym)) tickerIndex.set(o.sym, tickerIndex.size);
        if (!channelNames.includes(o.ev)) channelNames.push(o.ev);
      }
    if (channelNames.length > MAX_CHANNELS)
      throw new TickmuxError(
        ErrorCode.SIM_RECORDING_INVALID,
        `a recording may carry at most ${MAX_CHANNELS} channels (found ${channelNames.join(', ')})`,
      );
    this.channels = new ChannelTable(channelNames);
    this.tickers = [...tickerIndex.keys()];
    const n = this.tickers.length;
    this.frames = raw
      .map((f) => ({
        t: f.t,
        events: f.objects.map((o): SimEvent => {
          const ch = this.channels.index(o.ev)!;
          const idx = tickerIndex.get(o.sym)!;
          return {
            ch: o.ev,
            bit: 1 << ch,
            slot: ch * n + idx,
            idx,
            sym: o.sym,
            json: o.json,
            q: o.q,
          };
        }),
      }))
      .filter((f) => f.events.length > 0);
    this.now = this.frames[0]?.t ?? 0;
    const first = this.frames[0]?.t ?? 0;
    const last = this.frames.at(-1)?.t ?? 0;
    // One pass lasts from the first frame to the last, plus the mean gap between frames.
    this.period =
      last - first + (this.frames.length > 1 ? (last - first) / (this.frames.length - 1) : 1);
  }

  /** Data events in the recording (one pass). */
  get size(): number {
    return this.frames.reduce((n, f) => n + f.events.length, 0);
  }

  nextEventAt(): number {
    if (this.cursor < this.frames.length) return this.frames[this.cursor]!.t + this.offset;
    if (!this.loop || this.frames.length === 0) return Number.POSITIVE_INFINITY;
    return this.frames[0]!.t + this.offset + this.period;
  }

  advance(
    toMs: number,
    sink: (event: SimEvent) => void,
    budget = Number.POSITIVE_INFINITY,
    frameEnd?: () => void,
  ): number {
    let made = 0;
    while (made < budget && this.nextEventAt() <= toMs) {
      const frame = this.take();
      for (const ev of frame.events) {
        sink(ev);
        this.generated[ev.ch] = (this.generated[ev.ch] ?? 0) + 1;
      }
      made += frame.events.length;
      frameEnd?.();
    }
    if (made < budget && Number.isFinite(toMs) && toMs > this.now) this.now = toMs;
    return made;
  }

  skipTo(toMs: number): void {
    while (this.nextEventAt() <= toMs) this.take();
    if (toMs > this.now) this.now = toMs;
  }

  private take(): ReplayFrame {
    if (this.cursor >= this.frames.length) {
      this.cursor = 0;
      this.offset += this.period;
    }
    const frame = this.frames[this.cursor++]!;
    this.now = frame.t + this.offset;
    return frame;
  }
}

interface DataObject {
  ev: string;
  sym: string;
  json: string;
  q: number;
}

/** The data events of a frame's text, each with its exact original text; statuses and junk left out. */
function dataObjects(frame: string): DataObject[] {
  const out: DataObject[] = [];
  for (const json of splitJsonArray(frame)) {
    let o: unknown;
    try {
      o = JSON.parse(json);
    } catch {
      continue;
    }
    if (o === null || typeof o !== 'object') continue;
    const r = o as Record<string, unknown>;
    const ev = r['ev'];
    const sym = r['sym'] ?? r['T'] ?? r['pair'];
    if (typeof ev !== 'string' || ev === 'status' || typeof sym !== 'string') continue;
    out.push({ ev, sym, json, q: typeof r['q'] === 'number' ? r['q'] : 0 });
  }
  return out;
}

/** The texts of a JSON array's top-level elements, exactly as written ([] when it is no array). */
export function splitJsonArray(text: string): string[] {
  const out: string[] = [];
  let i = text.indexOf('[');
  if (i < 0) return out;
  let depth = 0;
  let start = -1;
  let inString = false;
  for (i++; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth++ === 0) start = i;
    } else if (c === '}' || c === ']') {
      if (depth === 0) break; // the array's own end
      if (--depth === 0) out.push(text.slice(start, i + 1));
    }
  }
  return out;
}
