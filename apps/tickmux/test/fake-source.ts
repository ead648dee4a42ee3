import type { Clock, TimerHandle } from '@tickmux/core';
import type {
  ConnectionHealth,
  FaultKind,
  GapReport,
  HealthStatus,
  RebalanceMove,
  ServiceSource,
} from '../src/index.js';

interface FakeConnection extends Omit<ConnectionHealth, 'tickers'> {
  tickers: string[];
}

export interface FakeSourceOptions {
  clock: Clock;
  /** @default 3 */
  connections?: number;
  /** Tickers per connection at start; connection_1 gets `extraOnFirst` more (unbalanced). @default 4 */
  tickersPerConnection?: number;
  /** @default 0 */
  extraOnFirst?: number;
  /** Offer injectFault (simulator mode). @default true */
  simulator?: boolean;
  /** A faulted connection is connected again after this long, ms. @default 2000 */
  recoverAfterMs?: number;
}

/**
 * A ServiceSource that behaves like a small pool, honestly: connections with tickers and counters
 * that move with traffic, a rebalance that really moves tickers from the fullest to the emptiest
 * connection, and faults that take a connection down, open a gap for each of its tickers, and
 * recover (closing the gaps) after `recoverAfterMs` on the clock.
 */
export class FakeSource implements ServiceSource {
  readonly conns = new Map<string, FakeConnection>();
  readonly gapList: GapReport[] = [];
  readonly faults: [string, FaultKind][] = [];
  injectFault?: (id: string, kind: FaultKind) => Promise<void>;
  rebalances = 0;
  totalTicks = 0;
  duplicates = 0;
  corrections = 0;
  private readonly clock: Clock;
  private readonly recoverAfterMs: number;
  private readonly timers = new Set<TimerHandle>();
  private traffic: TimerHandle | undefined;

  constructor(o: FakeSourceOptions) {
    this.clock = o.clock;
    this.recoverAfterMs = o.recoverAfterMs ?? 2_000;
    const n = o.connections ?? 3;
    const per = o.tickersPerConnection ?? 4;
    let t = 0;
    const names = ['primary', 'secondary', 'tertiary'];
    for (let i = 1; i <= n; i++) {
      const count = per + (i === 1 ? (o.extraOnFirst ?? 0) : 0);
      this.conns.set(`connection_${i}`, {
        name: names[i - 1] ?? `connection_${i}`,
        status: 'connected',
        tickers: Array.from({ length: count }, () => `T${String(t++).padStart(3, '0')}`),
        messages: 0,
        errors: 0,
        last_message_at: null,
        reconnects: 0,
      });
    }
    if (o.simulator ?? true) this.injectFault = (id, kind) => this.fault(id, kind);
  }

  /** Every connected connection receives `perConnection` messages (a third of them duplicates). */
  receive(perConnection: number): void {
    for (const c of this.conns.values()) {
      if (c.status !== 'connected') continue;
      c.messages += perConnection;
      c.last_message_at = this.clock.now();
      this.totalTicks += perConnection - Math.floor(perConnection / 3);
      this.duplicates += Math.floor(perConnection / 3);
    }
    this.corrections++;
  }

  /** Traffic every `intervalMs` until `stop()`. */
  startTraffic(intervalMs: number, perConnection: number): void {
    this.traffic = this.clock.setInterval(() => this.receive(perConnection), intervalMs);
  }

  stop(): void {
    if (this.traffic !== undefined) this.clock.clearInterval(this.traffic);
    for (const t of this.timers) this.clock.clearTimeout(t);
    this.timers.clear();
  }

  getHealthStatus(): HealthStatus {
    const connections: HealthStatus['connections'] = {};
    let connected = 0;
    let tickers = 0;
    let errors = 0;
    for (const [id, c] of this.conns) {
      connections[id] = { ...c, tickers: c.tickers.length };
      if (c.status === 'connected') connected++;
      tickers += c.tickers.length;
      errors += c.errors;
    }
    return {
      total_connections: this.conns.size,
      connected,
      total_tickers: tickers,
      total_ticks: this.totalTicks,
      total_errors: errors,
      duplicates_dropped: this.duplicates,
      corrections: this.corrections,
      gaps: this.gapList.length,
      account_contention: 0,
      connections,
    };
  }

  getConnectionTickers(id: string): readonly string[] | undefined {
    return this.conns.get(id)?.tickers.slice();
  }

  rebalance(): Promise<readonly RebalanceMove[]> {
    this.rebalances++;
    const moves: RebalanceMove[] = [];
    const live = [...this.conns.entries()].filter(([, c]) => c.status === 'connected');
    for (;;) {
      live.sort(([, a], [, b]) => b.tickers.length - a.tickers.length);
      const [fromId, from] = live[0] ?? [];
      const [toId, to] = live[live.length - 1] ?? [];
      if (!from || !to || from.tickers.length - to.tickers.length <= 1) break;
      const ticker = from.tickers.pop()!;
      to.tickers.push(ticker);
      moves.push({ ticker, from: fromId!, to: toId! });
    }
    return Promise.resolve(moves);
  }

  gaps(): readonly GapReport[] {
    return this.gapList;
  }

  private fault(id: string, kind: FaultKind): Promise<void> {
    const c = this.conns.get(id);
    if (c === undefined) return Promise.reject(new Error(`no connection ${id}`));
    this.faults.push([id, kind]);
    c.status = 'reconnecting';
    c.errors++;
    const from = c.last_message_at ?? this.clock.now();
    const opened = c.tickers.map((ticker) => {
      const g: GapReport = {
        ticker,
        channels: ['T', 'Q', 'AM'],
        from,
        to: null,
        reason: `fault:${kind}`,
      };
      this.gapList.push(g);
      return g;
    });
    const timer = this.clock.setTimeout(() => {
      this.timers.delete(timer);
      c.status = 'connected';
      c.reconnects++;
      for (const g of opened) g.to = this.clock.now();
    }, this.recoverAfterMs);
    this.timers.add(timer);
    return Promise.resolve();
  }
}
