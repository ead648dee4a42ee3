import type { ChannelTable } from './channels.js';
import type { SimEvent } from './sim-event.js';

/** What one socket was sent of one (channel, ticker). */
export interface SocketTruthCounts {
  /** Events handed to the socket. */
  sent: number;
  /** `q` of the first and the last of them (0 when the channel carries no `q`). */
  firstQ: number;
  lastQ: number;
}

/** Ground truth of one (channel, ticker): what the source generated and what each socket was sent. */
export interface TruthEntry {
  channel: string;
  ticker: string;
  /** Events the source generated (delivered or not). */
  generated: number;
  /** `q` of the last generated event (0 when the channel carries no `q`). */
  lastQ: number;
  /** Events sent, summed over every socket (closed ones included). */
  sent: number;
  /** Per socket id, for every socket that was sent any. */
  bySocket: Record<string, SocketTruthCounts>;
}

/** Narrows a ground-truth query; every field optional. */
export interface TruthFilter {
  channel?: string;
  ticker?: string;
  /** Only this socket's counts (and only entries it was sent). */
  connection?: string;
}

/** How many closed sockets keep their own counts; older ones are folded into the totals. */
const RETAINED = 1_000;

/** One socket's counters, by slot (channel index x tickers + ticker index), allocated on first send. */
export class SocketTruth {
  sent: Float64Array | undefined;
  firstQ: Float64Array | undefined;
  lastQ: Float64Array | undefined;

  constructor(private readonly slots: number) {}

  /** Counts the events of one frame as it is handed to the socket. */
  record(events: readonly SimEvent[]): void {
    if (this.sent === undefined) {
      this.sent = new Float64Array(this.slots);
      this.firstQ = new Float64Array(this.slots);
      this.lastQ = new Float64Array(this.slots);
    }
    const sent = this.sent;
    const lastQ = this.lastQ!;
    for (let i = 0; i < events.length; i++) {
      const ev = events[i]!;
      const slot = ev.slot;
      sent[slot]!++;
      if (ev.q > 0) {
        if (lastQ[slot] === 0) this.firstQ![slot] = ev.q;
        lastQ[slot] = ev.q;
      }
    }
  }
}

/**
 * The simulator's ground truth, per (channel, ticker): events generated, and events sent to each
 * socket with their first and last `q`, so a test can reconcile "received + gaps = sent". Counting
 * costs a few typed-array writes per event sent.
 */
export class GroundTruth {
  private readonly generated: Float64Array;
  private readonly generatedQ: Float64Array;
  private readonly retired = new Map<string, SocketTruth>();
  private readonly folded: Float64Array;

  constructor(
    private readonly channels: ChannelTable,
    private readonly tickers: readonly string[],
  ) {
    const slots = channels.size * tickers.length;
    this.generated = new Float64Array(slots);
    this.generatedQ = new Float64Array(slots);
    this.folded = new Float64Array(slots);
  }

  /** Counters for a new socket. */
  socket(): SocketTruth {
    return new SocketTruth(this.generated.length);
  }

  /** Counts one generated event. */
  onGenerated(ev: SimEvent): void {
    this.generated[ev.slot]!++;
    if (ev.q > 0) this.generatedQ[ev.slot] = ev.q;
  }

  /** Keeps a closed socket's counts (the oldest are folded into the totals past {@link RETAINED}). */
  retire(id: string, truth: SocketTruth): void {
    this.retired.set(id, truth);
    if (this.retired.size <= RETAINED) return;
    const [oldest, t] = this.retired.entries().next().value as [string, SocketTruth];
    this.retired.delete(oldest);
    if (t.sent !== undefined) for (let i = 0; i < t.sent.length; i++) this.folded[i]! += t.sent[i]!;
  }

  /** Entries with anything generated or sent, narrowed by `filter`; `live` are the open sockets. */
  query(filter: TruthFilter, live: ReadonlyMap<string, SocketTruth>): TruthEntry[] {
    const sockets = [...live, ...this.retired].filter(
      ([id, t]) =>
        t.sent !== undefined && (filter.connection === undefined || id === filter.connection),
    );
    const n = this.tickers.length;
    const out: TruthEntry[] = [];
    this.channels.names.forEach((channel, ch) => {
      if (filter.channel !== undefined && filter.channel !== channel) return;
      for (let idx = 0; idx < n; idx++) {
        const ticker = this.tickers[idx]!;
        if (filter.ticker !== undefined && filter.ticker !== ticker) continue;
        const slot = ch * n + idx;
        const bySocket: Record<string, SocketTruthCounts> = {};
        let sent = filter.connection === undefined ? this.folded[slot]! : 0;
        for (const [id, t] of sockets) {
          const s = t.sent![slot]!;
          if (s === 0) continue;
          sent += s;
          bySocket[id] = { sent: s, firstQ: t.firstQ![slot]!, lastQ: t.lastQ![slot]! };
        }
        const generated = this.generated[slot]!;
        if (generated === 0 && sent === 0) continue;
        if (filter.connection !== undefined && sent === 0) continue;
        out.push({ channel, ticker, generated, lastQ: this.generatedQ[slot]!, sent, bySocket });
      }
    });
    return out;
  }
}
