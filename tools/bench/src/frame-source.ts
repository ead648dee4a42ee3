import { encodeFrame, type MarketEvent } from '@tickmux/core';

/** What a replay server sends one socket: the next frame, forever. */
export interface FrameSource {
  next(): string;
}

/** Pre-built frames in a loop: the same for every socket, whatever it subscribed. */
export function loopFrames(frames: readonly string[]): () => FrameSource {
  return () => {
    let i = 0;
    return {
      next: () => {
        const f = frames[i]!;
        i = (i + 1) % frames.length;
        return f;
      },
    };
  };
}

/** `q` is written as this prefix and 7 digits, so each pass can swap the prefix for its number. */
const Q_MARK = 7_777_777;
const Q_TEXT = `"q":${Q_MARK}`;

/** Whether `topics` (`T.AAPL`, `Q.*`, `*`) select an event of channel `ev` for `sym`. */
export function topicMatcher(topics: Iterable<string>): (ev: string, sym: string) => boolean {
  const set = new Set(topics);
  return (ev, sym) => set.has('*') || set.has(`${ev}.*`) || set.has(`${ev}.${sym}`);
}

/** A trade or quote encoded once, its `q` written as a mark each pass replaces. */
export interface ReplayEvent {
  ev: string;
  sym: string;
  /** The event's JSON with `"q":7777777` + 7 digits. */
  text: string;
}

/**
 * Encodes the trades and quotes of `events` once, for {@link subscribedFrames}: a subscription
 * then only filters and concatenates, which stays fast for 10k tickers on a loaded machine.
 */
export function prepareEvents(events: readonly MarketEvent[]): ReplayEvent[] {
  const out: ReplayEvent[] = [];
  for (const e of events) {
    const q = (e as { q?: unknown }).q;
    if ((e.ev !== 'T' && e.ev !== 'Q') || typeof q !== 'number' || q >= 10_000_000) continue;
    const marked = { ...e, q: Q_MARK * 10_000_000 + q };
    out.push({ ev: e.ev, sym: e.sym, text: encodeFrame([marked]).slice(1, -1) });
  }
  return out;
}

/**
 * Frames of only the subscribed tickers' T and Q events, with `q` rising on every pass over them
 * (pass p sends q = (p + 1) * 10^7 + the event's q), so a reader that de-duplicates by
 * (ticker, q) watermark sees new events forever, never a replay of old ones. Minute bars are
 * left out: a replayed bar has the same window and content, which is a duplicate by design.
 * The frames are put together when the subscription arrives, before the socket is fed; each pass
 * costs one `join` per frame. `firstPass` lets a rebuilt source (a later subscribe) keep `q`
 * rising.
 */
export function subscribedFrames(
  events: readonly ReplayEvent[],
  topics: Iterable<string>,
  batch: number,
  firstPass = 0,
): FrameSource & { pass(): number; events: number } {
  const wanted = topicMatcher(topics);
  const chosen = events.filter((e) => wanted(e.ev, e.sym));
  const templates: string[][] = [];
  for (let i = 0; i < chosen.length; i += batch) {
    const body = chosen
      .slice(i, i + batch)
      .map((e) => e.text)
      .join(',');
    templates.push(`[${body}]`.split(Q_TEXT));
  }
  let pass = firstPass;
  let i = 0;
  let prefix = `"q":${pass + 1}`;
  return {
    events: chosen.length,
    pass: () => pass,
    next: () => {
      if (templates.length === 0) return '[]';
      const frame = templates[i]!.join(prefix);
      if (++i === templates.length) {
        i = 0;
        pass++;
        prefix = `"q":${pass + 1}`;
      }
      return frame;
    },
  };
}
