import type { HealthStatus } from './service-source.js';

export interface ReadinessOptions {
  /** Connections that must be `connected` for the service to be ready. @default 1 */
  minConnected?: number;
}

export const DEFAULT_READINESS_OPTIONS = Object.freeze({ minConnected: 1 });

/** The answer of `GET /readyz`. */
export interface Readiness {
  ready: boolean;
  /** Why not, in words; empty when ready. */
  reasons: string[];
  connected: number;
  total_connections: number;
}

/**
 * Ready when at least `minConnected` connections are connected (ticks can flow) and, with HA, this
 * instance leads (`health.ha.ready`: a standby is never ready). Liveness (`/healthz`) asks less:
 * only that the process answers.
 */
export function assessReadiness(health: HealthStatus, options: ReadinessOptions = {}): Readiness {
  const min = options.minConnected ?? DEFAULT_READINESS_OPTIONS.minConnected;
  const reasons: string[] = [];
  if (health.total_connections === 0) reasons.push('no connection is configured');
  else if (health.connected < min)
    reasons.push(
      `${health.connected} of ${health.total_connections} connections connected; ${min} needed`,
    );
  if (health.ha !== undefined && !health.ha.ready)
    reasons.unshift(`HA ${health.ha.role}: not the leader (${health.ha.instance_id})`);
  return {
    ready: reasons.length === 0,
    reasons,
    connected: health.connected,
    total_connections: health.total_connections,
  };
}
