import { InvalidArgumentError } from '@tickmux/core';
import { assertInteger, assertName } from './validate.js';

/** One connection in the health object (snake_case, as `getHealthStatus()` returns it). */
export interface ConnectionHealth {
  name: string;
  /** The connection's state (`'connected'`, `'reconnecting'`, ... as the client names them). */
  status: string;
  tickers: number;
  messages: number;
  errors: number;
  /** Unix ms of the last message, null before the first. */
  last_message_at: number | null;
  reconnects: number;
}

/** The pool's health object (architecture.md, `getHealthStatus()`). */
export interface HealthStatus {
  total_connections: number;
  /** Connections whose status is `'connected'`. */
  connected: number;
  total_tickers: number;
  /** Ticks delivered to the consumer (after de-duplication). */
  total_ticks: number;
  total_errors: number;
  duplicates_dropped: number;
  corrections: number;
  gaps: number;
  account_contention: number;
  connections: Record<string, ConnectionHealth>;
}

/** Figures other modules own (dedup, gap ledger, socket budget, routing), merged into a snapshot. */
export interface HealthTotals {
  /** Distinct tickers subscribed. @default the sum over connections (replicas counted twice) */
  total_tickers?: number;
  duplicates_dropped?: number;
  corrections?: number;
  gaps?: number;
  account_contention?: number;
}

/**
 * One connection's counters: plain fields, so the hot path pays an increment and a store
 * (`stats.message(at)`), nothing more.
 */
export class ConnectionStats {
  status = 'idle';
  tickers = 0;
  messages = 0;
  errors = 0;
  reconnects = 0;
  lastMessageAt: number | null = null;

  constructor(
    readonly id: string,
    public name: string,
  ) {}

  /** `count` messages arrived at `at` (Unix ms). */
  message(at: number, count = 1): void {
    this.messages += count;
    this.lastMessageAt = at;
  }

  error(): void {
    this.errors++;
  }

  reconnected(): void {
    this.reconnects++;
  }

  snapshot(): ConnectionHealth {
    return {
      name: this.name,
      status: this.status,
      tickers: this.tickers,
      messages: this.messages,
      errors: this.errors,
      last_message_at: this.lastMessageAt,
      reconnects: this.reconnects,
    };
  }
}

/** Per-connection counters and totals, and the health object built from them. */
export class HealthStats {
  /** Ticks delivered to the consumer; the hot path increments it (`stats.tick()`). */
  ticks = 0;
  private readonly byId = new Map<string, ConnectionStats>();

  /** Registers a connection (or returns the one registered under `id`). */
  add(id: string, name: string = id): ConnectionStats {
    const known = this.byId.get(id);
    if (known !== undefined) return known;
    assertName('id', id);
    assertName('name', name);
    const stats = new ConnectionStats(id, name);
    this.byId.set(id, stats);
    return stats;
  }

  get(id: string): ConnectionStats | undefined {
    return this.byId.get(id);
  }

  /** Unregisters a connection (its counters leave the totals). */
  remove(id: string): boolean {
    return this.byId.delete(id);
  }

  /** `count` ticks were delivered. */
  tick(count = 1): void {
    this.ticks += count;
  }

  /** The health object, with the figures other modules own. */
  snapshot(totals: HealthTotals = {}): HealthStatus {
    if (totals === null || typeof totals !== 'object')
      throw new InvalidArgumentError('totals', totals, 'must be an object');
    const connections: Record<string, ConnectionHealth> = {};
    let connected = 0;
    let errors = 0;
    let tickers = 0;
    for (const [id, stats] of this.byId) {
      connections[id] = stats.snapshot();
      if (stats.status === 'connected') connected++;
      errors += stats.errors;
      tickers += stats.tickers;
    }
    const count = (field: keyof HealthTotals, fallback: number) =>
      assertInteger(field, totals[field] ?? fallback, 0, Number.MAX_SAFE_INTEGER);
    return {
      total_connections: this.byId.size,
      connected,
      total_tickers: count('total_tickers', tickers),
      total_ticks: this.ticks,
      total_errors: errors,
      duplicates_dropped: count('duplicates_dropped', 0),
      corrections: count('corrections', 0),
      gaps: count('gaps', 0),
      account_contention: count('account_contention', 0),
      connections,
    };
  }
}
