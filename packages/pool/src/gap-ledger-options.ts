import {
  assertChannel,
  isValidChannel,
  DEFAULT_CHANNELS,
  InvalidArgumentError,
  silentLogger,
  systemClock,
  type Clock,
  type Logger,
} from '@tickmux/core';
import { assertClock, assertFunction, integerOption, optionsObject } from './validate.js';

/** A closed gap: an interval in which a ticker had no live subscription on some channels. */
export interface GapReport {
  ticker: string;
  /** The channels that had no live subscription. */
  channels: readonly string[];
  /** The last sign of life of the last connection that carried them, Unix ms. */
  from: number;
  /** When a connection confirmed them again (or the ticker was given up), Unix ms. */
  to: number;
  /** Why the last carrier went: the reason given to `lost()`, or `'unsubscribed'`. */
  reason: string;
  /** The last connection that carried them. */
  connection: string;
  /**
   * Events missed on the sequenced channels (contiguous `q` only): present when every sequenced
   * channel of the gap had a known last `q` before and a first `q` after.
   */
  missing?: number;
  /** Events missed per sequenced channel, for the channels that could be counted. */
  missingByChannel?: Readonly<Record<string, number>>;
}

/** A gap still open, as `openGaps()` lists it (for a health endpoint). */
export interface OpenGap {
  ticker: string;
  channels: readonly string[];
  from: number;
  reason: string;
  connection: string;
  /** When the loss was noticed (`detectedAt` of `lost()`, or `from`). */
  detectedAt: number;
}

/** Options of `new GapLedger(options)`. */
export interface GapLedgerOptions {
  /** Channels a confirmation covers when it names none (`MASSIVE_CHANNELS`). @default ['T', 'Q', 'AM'] */
  channels?: readonly string[];
  /** Closed gaps kept for `history()`. @default 1000 */
  historySize?: number;
  /**
   * `q` is contiguous per (channel, ticker) (the simulator's contiguous mode, never the real feed):
   * count the events each gap missed. @default false
   */
  contiguous?: boolean;
  /** The channels that carry `q`, counted when `contiguous`. @default ['T', 'Q'] */
  sequencedChannels?: readonly string[];
  /**
   * When `contiguous`: how long a closed gap waits for the first event of each sequenced channel
   * before it is reported without a complete count, ms. @default 30000
   */
  settleMs?: number;
  /** When `contiguous` (required then): the last `q` delivered for (channel, ticker), e.g. `dedup.lastSeq`. */
  lastSeq?: (channel: string, ticker: string) => number | undefined;
  /** Called once per closed gap (errors it throws are logged and swallowed). */
  onGap?: (gap: GapReport) => void;
  /** Timers of `settleMs`. @default systemClock */
  clock?: Clock;
  /** @default silent */
  logger?: Logger;
}

export const DEFAULT_GAP_LEDGER_OPTIONS = Object.freeze({
  channels: DEFAULT_CHANNELS,
  historySize: 1_000,
  contiguous: false,
  sequencedChannels: Object.freeze<string[]>(['T', 'Q']),
  settleMs: 30_000,
});

export interface ResolvedGapLedgerOptions {
  channels: readonly string[];
  historySize: number;
  contiguous: boolean;
  sequencedChannels: ReadonlySet<string>;
  settleMs: number;
  lastSeq: ((channel: string, ticker: string) => number | undefined) | undefined;
  onGap: ((gap: GapReport) => void) | undefined;
  clock: Clock;
  logger: Logger;
}

/** Validates a list of channels (non-empty, each a channel name); returns it de-duplicated. */
export function channelList(field: string, value: unknown): readonly string[] {
  if (!Array.isArray(value) || value.length === 0)
    throw new InvalidArgumentError(field, value, 'must list at least one channel');
  // Called per confirmed topic: no allocation but the result, and a field name only for an error.
  const out: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const c: unknown = value[i];
    if (typeof c !== 'string' || !isValidChannel(c)) assertChannel(c, `${field}[${i}]`);
    if (!out.includes(c as string)) out.push(c as string);
  }
  return Object.freeze(out);
}

/** Applies defaults and validates; throws `InvalidArgumentError` naming the first bad option. */
export function resolveGapLedgerOptions(options?: GapLedgerOptions): ResolvedGapLedgerOptions {
  const o = optionsObject(options);
  const d = DEFAULT_GAP_LEDGER_OPTIONS;
  const contiguous = o.contiguous ?? d.contiguous;
  if (typeof contiguous !== 'boolean')
    throw new InvalidArgumentError('contiguous', contiguous, 'must be a boolean');
  if (contiguous && o.lastSeq === undefined)
    throw new InvalidArgumentError('lastSeq', undefined, 'is required when contiguous is true');
  return {
    channels: channelList('channels', o.channels ?? d.channels),
    historySize: integerOption(o, d, 'historySize', 0, 1_000_000),
    contiguous,
    sequencedChannels: new Set(
      channelList('sequencedChannels', o.sequencedChannels ?? d.sequencedChannels),
    ),
    settleMs: integerOption(o, d, 'settleMs', 0, 86_400_000),
    lastSeq: o.lastSeq === undefined ? undefined : assertFunction('lastSeq', o.lastSeq),
    onGap: o.onGap === undefined ? undefined : assertFunction('onGap', o.onGap),
    clock: assertClock(o.clock ?? systemClock),
    logger: o.logger ?? silentLogger,
  };
}
