import type { LatencySummary } from '../metrics/latency-histogram.js';
import type { TickmuxMetrics } from '../metrics/metrics.js';
import { assessReadiness, type Readiness, type ReadinessOptions } from '../readiness.js';
import {
  FAULT_KINDS,
  type FaultKind,
  type GapReport,
  type HealthStatus,
  type ServiceSource,
} from '../service-source.js';
import type { SinkCounters, TickSink } from '../sinks/sink.js';

/** What the dashboard receives once a second (`GET /api/events`, `event: snapshot`). */
export interface DashboardSnapshot {
  /** Unix ms. */
  at: number;
  health: HealthStatus;
  readiness: Readiness;
  /** The latest gap reports, oldest first (at most 50). */
  gaps: GapReport[];
  sinks: (SinkCounters & { name: string })[];
  latency: { event: LatencySummary; receive: LatencySummary } | null;
  /** Fault kinds the dashboard may inject; empty when the source cannot (not simulator mode). */
  faults: readonly FaultKind[];
}

export interface SnapshotDeps {
  source: ServiceSource;
  sinks: () => readonly TickSink[];
  metrics: TickmuxMetrics | undefined;
  readiness: ReadinessOptions;
  now: () => number;
}

export function dashboardSnapshot(d: SnapshotDeps): DashboardSnapshot {
  const health = d.source.getHealthStatus();
  const gaps = d.source.gaps();
  return {
    at: d.now(),
    health,
    readiness: assessReadiness(health, d.readiness),
    gaps: gaps.slice(-50),
    sinks: d.sinks().map((s) => ({ name: s.name, ...s.counters })),
    latency: d.metrics?.latency() ?? null,
    faults: d.source.injectFault === undefined ? [] : FAULT_KINDS,
  };
}
