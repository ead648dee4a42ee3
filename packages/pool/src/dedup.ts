import {
  eventKey,
  InvalidArgumentError,
  type AggregateEvent,
  type GenericEvent,
  type MassiveEvent,
} from '@tickmux/core';
import { barFingerprint } from './bar-fingerprint.js';
import { BarHistory, type BarHistoryBounds } from './bar-history.js';
import {
  resolveDedupOptions,
  type DedupOptions,
  type ResolvedDedupOptions,
} from './dedup-options.js';
import { DedupSource, type DedupVerdict, type SourceHooks } from './dedup-source.js';
import { Outcome } from './outcome.js';
import { RecentKeys } from './recent-keys.js';
import { SeqWindow } from './seq-window.js';
import { tradingDay } from './trading-day.js';
import { assertName } from './validate.js';

/** Counters of a {@link Dedup} (snake_case, as the health object shows them). */
export interface DedupStats {
  /** First copies delivered (late ones included, corrections not). */
  emitted: number;
  /** Copies dropped: seen before, superseded bar versions, and stale ones. */
  duplicates_dropped: number;
  /** Bars delivered as corrections of a window already delivered. */
  corrections: number;
  /** Of `emitted`, those delivered after a larger sequence number of the same key. */
  out_of_order: number;
  /** Of `duplicates_dropped`, those too old to judge (below a window's floor, an earlier day). */
  stale: number;
  /** (channel, ticker) keys held. */
  keys: number;
  /** Sources registered. */
  sources: number;
}

/**
 * Exactly-once arbitration of the events of N connections, in bounded memory (README: "dedup").
 * T, Q and other channels with a sequence number: a {@link SeqWindow} per (channel, ticker).
 * A and AM: a {@link BarHistory} per (channel, ticker), by window start and content. Anything else:
 * its content key among the channel's recent keys. One `Map.get` per event on the hot path.
 */
export class Dedup {
  private readonly o: ResolvedDedupOptions;
  private readonly bounds: BarHistoryBounds;
  private readonly trades = new Map<string, SeqWindow>();
  private readonly quotes = new Map<string, SeqWindow>();
  private readonly minutes = new Map<string, BarHistory>();
  private readonly seconds = new Map<string, BarHistory>();
  private readonly otherSeq = new Map<string, Map<string, SeqWindow>>();
  private readonly content = new Map<string, RecentKeys>();
  private readonly sources = new Map<string, DedupSource>();
  private readonly freeSlots: number[] = [];
  private readonly hooks: SourceHooks;
  private emitted = 0;
  private duplicates = 0;
  private corrections = 0;
  private outOfOrder = 0;
  private stale = 0;

  constructor(options?: DedupOptions) {
    this.o = resolveDedupOptions(options);
    this.bounds = {
      windows: this.o.barWindows,
      versions: this.o.barVersions,
      sources: this.o.maxSources,
    };
    for (let slot = this.o.maxSources - 1; slot >= 0; slot--) this.freeSlots.push(slot);
    this.hooks = {
      decide: (event, slot) => this.decide(event, slot),
      clearSlot: (slot) => this.clearSlot(slot),
      release: (source) => {
        this.sources.delete(source.connection);
        this.clearSlot(source.slot);
        this.freeSlots.push(source.slot);
      },
    };
  }

  /** The source of `connection`, registered on first use (at most `maxSources` at once). */
  source(connection: string): DedupSource {
    const known = this.sources.get(connection);
    if (known !== undefined) return known;
    assertName('connection', connection);
    const slot = this.freeSlots.pop();
    if (slot === undefined) {
      throw new InvalidArgumentError(
        'connection',
        connection,
        `${this.o.maxSources} sources are registered (maxSources); release one first`,
      );
    }
    const source = new DedupSource(connection, slot, this.hooks);
    this.sources.set(connection, source);
    return source;
  }

  /** Decides on an event from `connection` (a lookup more than `source(connection).offer`). */
  offer(event: MassiveEvent, connection: string): DedupVerdict {
    return (this.sources.get(connection) ?? this.source(connection)).offer(event);
  }

  /** The largest sequence number delivered today for (channel, ticker), if any. */
  lastSeq(channel: string, ticker: string): number | undefined {
    const map =
      channel === 'T' ? this.trades : channel === 'Q' ? this.quotes : this.otherSeq.get(channel);
    return map?.get(ticker)?.max();
  }

  /** Drops every key of `ticker` (call when it is no longer subscribed anywhere). */
  forget(ticker: string): void {
    this.trades.delete(ticker);
    this.quotes.delete(ticker);
    this.minutes.delete(ticker);
    this.seconds.delete(ticker);
    for (const map of this.otherSeq.values()) map.delete(ticker);
  }

  stats(): DedupStats {
    let keys = this.trades.size + this.quotes.size + this.minutes.size + this.seconds.size;
    for (const map of this.otherSeq.values()) keys += map.size;
    return {
      emitted: this.emitted,
      duplicates_dropped: this.duplicates,
      corrections: this.corrections,
      out_of_order: this.outOfOrder,
      stale: this.stale,
      keys,
      sources: this.sources.size,
    };
  }

  private decide(event: MassiveEvent, slot: number): DedupVerdict {
    let outcome: Outcome;
    switch (event.ev) {
      case 'T':
      case 'Q': {
        const e = event as { sym: string; q?: number; t?: number };
        const map = event.ev === 'T' ? this.trades : this.quotes;
        outcome =
          typeof e.q === 'number' ? this.sequenced(map, e.sym, e.q, e.t) : this.byContent(event);
        break;
      }
      case 'AM':
        outcome = this.bar(this.minutes, event as AggregateEvent, slot);
        break;
      case 'A':
        outcome = this.bar(this.seconds, event as AggregateEvent, slot);
        break;
      default:
        outcome = this.other(event as GenericEvent);
    }
    switch (outcome) {
      case Outcome.New:
        this.emitted++;
        return 'emit';
      case Outcome.Late:
        this.emitted++;
        this.outOfOrder++;
        return 'emit';
      case Outcome.Seen:
        this.duplicates++;
        return 'duplicate';
      case Outcome.Stale:
        this.duplicates++;
        this.stale++;
        return 'duplicate';
      case Outcome.Correction:
        this.corrections++;
        return 'correction';
    }
  }

  private sequenced(
    map: Map<string, SeqWindow>,
    ticker: string,
    q: number,
    t: number | undefined,
  ): Outcome {
    const day = tradingDay(t ?? this.o.clock.now(), this.o.dayOffsetMs);
    let window = map.get(ticker);
    if (window === undefined) {
      window = new SeqWindow(day, this.o.seqWindow);
      map.set(ticker, window);
    }
    return window.offer(q, day);
  }

  private bar(map: Map<string, BarHistory>, e: AggregateEvent, slot: number): Outcome {
    let history = map.get(e.sym);
    if (history === undefined) {
      history = new BarHistory(this.bounds);
      map.set(e.sym, history);
    }
    return history.offer(e.s, barFingerprint(e), slot);
  }

  /** LULD, NOI and unknown channels: by (ticker, q) when they carry both, else by content. */
  private other(e: GenericEvent): Outcome {
    const q = e['q'];
    const ticker = typeof e.sym === 'string' ? e.sym : e['T'];
    if (typeof q !== 'number' || typeof ticker !== 'string') return this.byContent(e);
    let map = this.otherSeq.get(e.ev);
    if (map === undefined) {
      map = new Map();
      this.otherSeq.set(e.ev, map);
    }
    const t = e['t'];
    return this.sequenced(map, ticker, q, typeof t === 'number' ? t : undefined);
  }

  private byContent(e: MassiveEvent): Outcome {
    let recent = this.content.get(e.ev);
    if (recent === undefined) {
      recent = new RecentKeys(this.o.contentWindow);
      this.content.set(e.ev, recent);
    }
    return recent.add(eventKey(e)) ? Outcome.New : Outcome.Seen;
  }

  private clearSlot(slot: number): void {
    for (const history of this.minutes.values()) history.clearSource(slot);
    for (const history of this.seconds.values()) history.clearSource(slot);
  }
}
