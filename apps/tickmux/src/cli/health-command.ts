import type { HealthStatus } from '../service-source.js';
import { healthTable } from './health-table.js';

export interface HealthOptions {
  url: string;
  json: boolean;
  timeout: number;
}

/**
 * `tickmux health`: GET /api/websocket/connections of a running service and print it as a table.
 * Exit code 0 when every connection is connected, 2 when some are not, 1 when unreachable.
 */
export async function runHealth(opts: HealthOptions): Promise<number> {
  const base = opts.url.replace(/\/+$/, '');
  let health: HealthStatus;
  try {
    const res = await fetch(`${base}/api/websocket/connections`, {
      signal: AbortSignal.timeout(opts.timeout * 1000),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status} ${await res.text()}`);
    health = (await res.json()) as HealthStatus;
  } catch (err) {
    process.stderr.write(
      `tickmux health: cannot read ${base}/api/websocket/connections (${(err as Error).message}); ` +
        'is `tickmux start` running? Pass its address with --url or PORT\n',
    );
    return 1;
  }
  process.stdout.write(
    `${opts.json ? JSON.stringify(health, null, 2) : healthTable(health, Date.now())}\n`,
  );
  return health.total_connections > 0 && health.connected === health.total_connections ? 0 : 2;
}
