import type { TickData } from '@tickmux/core';
import type {
  ConnectionManagerLike,
  ManagerCallbacks,
  ManagerGap,
  ManagerHealthStatus,
  ManagerMove,
} from '../src/index.js';

/** A stand-in for the pool's manager: records calls, emits what a test tells it to. */
export class FakeManager implements ConnectionManagerLike {
  readonly calls: string[] = [];
  subscribed: string[] = [];
  open: ManagerGap[] = [];
  connectResult = true;
  /** What successive `subscribe()` calls answer (then true). */
  subscribeResults: boolean[] = [];

  constructor(readonly callbacks: ManagerCallbacks) {}

  connect(): Promise<boolean> {
    this.calls.push('connect');
    return Promise.resolve(this.connectResult);
  }

  subscribe(tickers: readonly string[]): Promise<boolean> {
    this.calls.push(`subscribe ${tickers.join(',')}`);
    this.subscribed = [...tickers];
    return Promise.resolve(this.subscribeResults.shift() ?? true);
  }

  disconnect(): Promise<void> {
    this.calls.push('disconnect');
    return Promise.resolve();
  }

  getHealthStatus(): ManagerHealthStatus {
    const half = Math.ceil(this.subscribed.length / 2);
    const conn = (n: number, tickers: number) => ({
      name: `c${n}`,
      status: 'connected',
      tickers,
      messages: 10 * n,
      errors: 0,
      last_message_at: 1_000,
      reconnects: 0,
    });
    return {
      total_connections: 2,
      connected: 2,
      total_tickers: this.subscribed.length,
      total_ticks: 30,
      total_errors: 0,
      duplicates_dropped: 5,
      corrections: 1,
      gaps: 1,
      account_contention: 0,
      connections: {
        connection_1: conn(1, half),
        connection_2: conn(2, this.subscribed.length - half),
      },
    };
  }

  getConnectionTickers(id: string): readonly string[] | undefined {
    const half = Math.ceil(this.subscribed.length / 2);
    if (id === 'connection_1') return this.subscribed.slice(0, half);
    if (id === 'connection_2') return this.subscribed.slice(half);
    return undefined;
  }

  rebalance(): Promise<readonly ManagerMove[]> {
    this.calls.push('rebalance');
    return Promise.resolve([{ ticker: 'MSFT', from: 'connection_1', to: 'connection_2' }]);
  }

  openGaps(): readonly ManagerGap[] {
    return this.open;
  }

  tick(t: TickData): void {
    this.callbacks.onTick(t);
  }
}
