import type { GapReport, HealthStatus, RebalanceMove } from '../service-source.js';

/** One way of getting ticks (one client, a manager, a generator) behind the adapter's facade. */
export interface AdapterCore {
  connect(tickers: readonly string[]): Promise<boolean>;
  disconnect(): Promise<void>;
  getHealthStatus(): HealthStatus;
  getConnectionTickers(id: string): readonly string[] | undefined;
  rebalance(): Promise<readonly RebalanceMove[]>;
  gaps(): readonly GapReport[];
}
