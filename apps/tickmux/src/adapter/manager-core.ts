import type { TickmuxConfig } from '@tickmux/config';
import type { Logger, TickData } from '@tickmux/core';
import type { SlotGateFn } from '@tickmux/pool';
import type {
  ConnectionHealth,
  GapReport,
  HealthStatus,
  RebalanceMove,
} from '../service-source.js';
import type { AdapterCore } from './adapter-core.js';
import type {
  ConnectionManagerLike,
  ManagerFactory,
  ManagerGap,
  ManagerHealthStatus,
} from './connection-manager.js';
import type { StatusCallback } from './data-adapter.js';

export interface ManagerCoreOptions {
  createManager: ManagerFactory;
  onTick: (tick: TickData) => void;
  onStatus: StatusCallback;
  onGap: (gap: GapReport) => void;
  gapCapacity: number;
  /** How long `connect()` waits for the tickers to be confirmed, ms. */
  confirmTimeoutMs: number;
  logger?: Logger;
  /** HA: the manager's slot gate. */
  slotGate?: SlotGateFn;
}

/**
 * Multi-connection mode (`USE_MULTI_CONNECTION=true`): the manager does the work (routing,
 * replication, de-duplication, failover); this keeps its closed gap reports for the API and passes
 * its health through in the service's shape.
 */
export class ManagerCore implements AdapterCore {
  readonly manager: ConnectionManagerLike;
  private readonly closed: GapReport[] = [];
  private stopped = false;

  constructor(
    config: TickmuxConfig,
    private readonly o: ManagerCoreOptions,
  ) {
    this.manager = o.createManager(config, {
      onTick: (tick) => o.onTick(tick),
      onStatus: (status) => {
        const [name, data] = statusOf(status);
        o.onStatus(name, data);
      },
      onGap: (gap) => {
        const report = toReport(gap, gap.to ?? null);
        this.closed.push(report);
        if (this.closed.length > o.gapCapacity) this.closed.shift();
        o.onGap(report);
      },
      ...(o.logger === undefined ? {} : { logger: o.logger }),
      ...(o.slotGate === undefined ? {} : { slotGate: o.slotGate }),
    });
  }

  async connect(tickers: readonly string[]): Promise<boolean> {
    if (!(await this.manager.connect())) return false;
    // The manager's `subscribe()` answers at once for tickers it already wants (its universe,
    // loaded by `connect()`): true only when they are confirmed by then. Their confirmations follow
    // within moments, so ask again (the same tickers: nothing is sent twice) with a growing wait,
    // for at most `confirmTimeoutMs`.
    const deadline = Date.now() + this.o.confirmTimeoutMs;
    for (let wait = 50; ; wait = Math.min(wait * 2, 1_000)) {
      if (await this.manager.subscribe([...tickers])) return true;
      if (this.stopped || Date.now() + wait > deadline) return false;
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  disconnect(): Promise<void> {
    this.stopped = true;
    return this.manager.disconnect();
  }

  getHealthStatus(): HealthStatus {
    return toHealth(this.manager.getHealthStatus());
  }

  getConnectionTickers(id: string): readonly string[] | undefined {
    return this.manager.getConnectionTickers?.(id);
  }

  async rebalance(): Promise<readonly RebalanceMove[]> {
    const moves = await this.manager.rebalance();
    return moves.map((m) => ({ ticker: m.ticker, from: m.from ?? null, to: m.to }));
  }

  gaps(): readonly GapReport[] {
    const open = (this.manager.openGaps?.() ?? []).map((g) => toReport(g, null));
    return [...this.closed, ...open];
  }
}

function toReport(gap: ManagerGap, to: number | null): GapReport {
  return {
    ticker: gap.ticker,
    channels: [...gap.channels],
    from: gap.from,
    to,
    reason: gap.reason,
    ...(gap.missing === undefined ? {} : { missing: gap.missing }),
  };
}

function toHealth(h: ManagerHealthStatus): HealthStatus {
  const connections: Record<string, ConnectionHealth> = {};
  for (const [id, c] of Object.entries(h.connections))
    connections[id] = { ...c, status: c.status as ConnectionHealth['status'] };
  return { ...h, connections };
}

/** A manager's status (a server status or a lifecycle change, with `connection_id`) as (name, data). */
function statusOf(status: unknown): [string, Record<string, unknown>] {
  if (typeof status === 'string') return [status, {}];
  if (status === null || typeof status !== 'object') return ['unknown', { value: status }];
  const s = status as Record<string, unknown>;
  const name =
    typeof s['kind'] === 'string'
      ? s['kind']
      : typeof s['status'] === 'string'
        ? s['status']
        : typeof s['state'] === 'string'
          ? s['state']
          : 'unknown';
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) if (k !== 'raw') data[k] = v;
  return [name, data];
}
