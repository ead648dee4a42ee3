import type { TickData } from '@tickmux/core';
import type { GapReport, ServiceSource } from '../service-source.js';

/**
 * Called once per emitted tick, in order. `receivedAt` is the clock's monotonic ms when the tick's
 * frame arrived (for the receive-latency histogram), when the source knows it.
 */
export type TickCallback = (tick: TickData, receivedAt?: number) => void;

/**
 * Status updates, in the original adapter's shape `status_callback(status, data)`: `status` is a
 * lifecycle state (`connecting`, `connected`, `reconnecting`, `closed`, `failed`), a server status
 * kind (`auth_success`, `max_connections`, ...) or `gap`; `data` always carries `connection_id`
 * (the connection it concerns, `connection_1` in single mode) and whatever else is known
 * (`previous`, `cause`, `error` code, `message`, the gap report).
 */
export type StatusCallback = (status: string, data: Readonly<Record<string, unknown>>) => void;

/**
 * What the service runs: a source of ticks with the original adapter's interface, that also
 * answers the HTTP API and the dashboard (`ServiceSource`). `RealTimeDataAdapter` (one client or
 * the multi-connection manager) and `SyntheticDataAdapter` (no socket) implement it.
 */
export interface DataAdapter extends ServiceSource {
  /** `realtime-single`, `realtime-multi` or `synthetic`. */
  readonly mode: 'realtime-single' | 'realtime-multi' | 'synthetic';
  /**
   * Connects and subscribes `tickers`. Resolves true once connected and subscribed, false when
   * the connection could not be made (the reason went to the status callback and the logger).
   * Never rejects for a network failure; throws `InvalidArgumentError` for a bad ticker list.
   */
  connect(tickers: readonly string[]): Promise<boolean>;
  /** Closes every socket and timer. Idempotent; safe before `connect()`. */
  disconnect(): Promise<void>;
}

/** A gap the adapter reports to the sinks and the status callback as it opens or closes. */
export type GapListener = (gap: GapReport) => void;
