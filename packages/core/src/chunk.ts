import { ErrorCode, InvalidArgumentError } from './errors.js';
import type { ClientAction } from './encode.js';

/** Limits for splitting a topic list into subscribe/unsubscribe frames. */
export interface ChunkOptions {
  /**
   * Largest encoded frame, in UTF-8 bytes, including `{"action":...,"params":"..."}`.
   * The vendor documents no limit; this keeps frames far below common proxy limits.
   * @default 16384
   */
  maxFrameBytes?: number;
  /**
   * Most topics in one frame.
   * @default 1000
   */
  maxTopicsPerFrame?: number;
  /**
   * The action the frames carry (its name counts toward the byte limit).
   * @default 'subscribe'
   */
  action?: ClientAction;
}

export const DEFAULT_CHUNK_OPTIONS: Readonly<Required<ChunkOptions>> = Object.freeze({
  maxFrameBytes: 16_384,
  maxTopicsPerFrame: 1_000,
  action: 'subscribe',
});

/**
 * Splits topics into groups whose encoded frame stays within both limits, keeping order: the
 * groups concatenated are exactly the input. Throws {@link InvalidArgumentError} for bad limits or
 * a single topic too long to fit any frame.
 */
export function chunkTopics(topics: readonly string[], options: ChunkOptions = {}): string[][] {
  const { maxFrameBytes, maxTopicsPerFrame, action } = { ...DEFAULT_CHUNK_OPTIONS, ...options };
  if (!Number.isInteger(maxTopicsPerFrame) || maxTopicsPerFrame < 1) {
    throw new InvalidArgumentError(
      'maxTopicsPerFrame',
      maxTopicsPerFrame,
      'must be an integer >= 1',
    );
  }
  const overhead = utf8Length(JSON.stringify({ action, params: '' }));
  if (!Number.isInteger(maxFrameBytes) || maxFrameBytes <= overhead) {
    throw new InvalidArgumentError(
      'maxFrameBytes',
      maxFrameBytes,
      `must be an integer > ${overhead}`,
    );
  }
  const budget = maxFrameBytes - overhead;
  const chunks: string[][] = [];
  let current: string[] = [];
  let used = 0;
  for (let i = 0; i < topics.length; i++) {
    const t = topics[i] as string;
    // Bytes as the topic appears inside the JSON string (escapes included).
    const size = utf8Length(JSON.stringify(t)) - 2;
    if (size > budget) {
      throw new InvalidArgumentError(
        `topics[${i}]`,
        t,
        `longer than a ${maxFrameBytes}-byte frame allows`,
        ErrorCode.INVALID_TOPIC,
      );
    }
    const added = current.length === 0 ? size : size + 1; // + the comma
    if (current.length >= maxTopicsPerFrame || used + added > budget) {
      chunks.push(current);
      current = [t];
      used = size;
    } else {
      current.push(t);
      used += added;
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** UTF-8 byte length of a string without Node's Buffer (core also runs in browsers). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
