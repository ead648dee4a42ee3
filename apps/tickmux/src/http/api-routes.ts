import { ErrorCode, InvalidArgumentError, normaliseTicker } from '@tickmux/core';
import type { TickmuxMetrics } from '../metrics/metrics.js';
import { assessReadiness, type ReadinessOptions } from '../readiness.js';
import { FAULT_KINDS, type FaultKind, type ServiceSource } from '../service-source.js';
import type { TickSink } from '../sinks/sink.js';
import { dashboardSnapshot, type SnapshotDeps } from './dashboard-snapshot.js';
import { HttpError } from './http-error.js';
import type { LiveEvents } from './live-events.js';
import { onlyFields, readJsonObject } from './request-body.js';
import type { Route } from './router.js';

export interface ApiDeps extends SnapshotDeps {
  source: ServiceSource;
  metrics: TickmuxMetrics | undefined;
  sinks: () => readonly TickSink[];
  live: LiveEvents;
  readiness: ReadinessOptions;
  maxBodyBytes: number;
  /** Monotonic ms at start, for uptime. */
  startedAt: number;
  monotonic: () => number;
}

/** The service's API routes (README: "HTTP API"). */
export function apiRoutes(d: ApiDeps): Route[] {
  const connection = (id: string) => {
    const c = d.source.getHealthStatus().connections[id];
    if (c === undefined) throw unknownConnection(id);
    return c;
  };
  return [
    {
      method: 'GET',
      pattern: '/api/websocket/connections',
      handler: () => ({ json: d.source.getHealthStatus() }),
    },
    {
      method: 'GET',
      pattern: '/api/websocket/connections/:id',
      handler: ({ params }) => ({ json: { id: params['id'], ...connection(params['id']!) } }),
    },
    {
      method: 'GET',
      pattern: '/api/websocket/connections/:id/tickers',
      handler: ({ params }) => {
        const id = params['id']!;
        const tickers = d.source.getConnectionTickers(id);
        if (tickers === undefined) throw unknownConnection(id);
        return { json: { id, count: tickers.length, tickers } };
      },
    },
    {
      method: 'POST',
      pattern: '/api/websocket/rebalance',
      mutating: true,
      handler: async ({ req }) => {
        onlyFields(await readJsonObject(req, d.maxBodyBytes), []);
        const moves = await d.source.rebalance();
        d.live.broadcast();
        return { json: { moves } };
      },
    },
    {
      method: 'POST',
      pattern: '/api/websocket/connections/:id/fault',
      mutating: true,
      handler: async ({ req, params }) => {
        const body = await readJsonObject(req, d.maxBodyBytes);
        onlyFields(body, ['kind']);
        const kind = faultKind(body['kind']);
        const id = params['id']!;
        connection(id);
        if (d.source.injectFault === undefined)
          throw new HttpError(
            501,
            ErrorCode.NOT_SUPPORTED,
            'fault injection needs the simulator (simulator mode)',
          );
        await d.source.injectFault(id, kind);
        d.live.broadcast();
        return { json: { id, kind, injected: true } };
      },
    },
    {
      method: 'GET',
      pattern: '/api/gaps',
      handler: ({ query }) => {
        const ticker = query.get('ticker');
        const t = ticker === null ? undefined : normaliseTicker(ticker, 'ticker');
        const open = flag(query.get('open'), 'open');
        const limit = integer(query.get('limit'), 'limit', 1000, 1, 100_000);
        const all = d.source
          .gaps()
          .filter(
            (g) =>
              (t === undefined || g.ticker === t) &&
              (open === undefined || (g.to === null) === open),
          );
        return { json: { total: all.length, gaps: all.slice(-limit) } };
      },
    },
    {
      method: 'GET',
      pattern: '/api/sinks',
      handler: () => ({ json: { sinks: d.sinks().map((s) => ({ name: s.name, ...s.counters })) } }),
    },
    { method: 'GET', pattern: '/api/snapshot', handler: () => ({ json: dashboardSnapshot(d) }) },
    {
      method: 'GET',
      pattern: '/api/events',
      handler: ({ req, res }) => {
        d.live.attach(req, res);
        return undefined;
      },
    },
    {
      method: 'GET',
      pattern: '/metrics',
      handler: async () => {
        if (d.metrics === undefined)
          throw new HttpError(404, ErrorCode.NOT_FOUND, 'metrics are not enabled');
        return { text: await d.metrics.text(), contentType: d.metrics.contentType };
      },
    },
    {
      method: 'GET',
      pattern: '/healthz',
      handler: () => ({
        json: { status: 'ok', uptime_s: Math.round((d.monotonic() - d.startedAt) / 1000) },
      }),
    },
    {
      method: 'GET',
      pattern: '/readyz',
      handler: () => {
        const r = assessReadiness(d.source.getHealthStatus(), d.readiness);
        return { status: r.ready ? 200 : 503, json: r };
      },
    },
  ];
}

function unknownConnection(id: string): HttpError {
  return new HttpError(404, ErrorCode.UNKNOWN_CONNECTION, `no connection "${id}"`, 'id');
}

function faultKind(v: unknown): FaultKind {
  if (typeof v === 'string' && (FAULT_KINDS as readonly string[]).includes(v))
    return v as FaultKind;
  throw new InvalidArgumentError('body.kind', v, `must be one of ${FAULT_KINDS.join(', ')}`);
}

function flag(v: string | null, field: string): boolean | undefined {
  if (v === null) return undefined;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new InvalidArgumentError(field, v, 'must be true or false');
}

function integer(
  v: string | null,
  field: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (v === null) return fallback;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < min || n > max)
    throw new InvalidArgumentError(field, v, `must be an integer from ${min} to ${max}`);
  return n;
}
