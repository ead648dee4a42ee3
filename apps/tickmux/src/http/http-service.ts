import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  ErrorCode,
  InvalidArgumentError,
  silentLogger,
  systemClock,
  type Clock,
  type Logger,
} from '@tickmux/core';
import type { TickmuxMetrics } from '../metrics/metrics.js';
import type { ReadinessOptions } from '../readiness.js';
import type { ServiceSource } from '../service-source.js';
import type { TickSink } from '../sinks/sink.js';
import { apiRoutes } from './api-routes.js';
import { dashboardSnapshot } from './dashboard-snapshot.js';
import { errorReply, HttpError, notFound } from './http-error.js';
import { LiveEvents } from './live-events.js';
import { Router } from './router.js';
import { DASHBOARD_DIR, StaticFiles } from './static-files.js';

export interface HttpServiceOptions {
  /** What the API and the dashboard show and act on. */
  source: ServiceSource;
  /** Served at `GET /metrics`; without it that route answers 404. @default none */
  metrics?: TickmuxMetrics;
  /** Sinks whose counters `/api/sinks` and the dashboard show. @default none */
  sinks?: () => readonly TickSink[];
  /**
   * Bearer token required by the mutating routes (`POST ...`): `Authorization: Bearer <token>`,
   * else 401. Reading routes stay open. @default none (mutating routes open too)
   */
  token?: string;
  /** The dashboard's files. @default apps/tickmux/public */
  publicDir?: string;
  /** Period of the dashboard's live snapshots, ms. @default 1000 */
  liveIntervalMs?: number;
  /** What `/readyz` requires. @default { minConnected: 1 } */
  readiness?: ReadinessOptions;
  /** Largest request body, bytes (413 above). @default 65536 */
  maxBodyBytes?: number;
  /** @default systemClock */
  clock?: Clock;
  /** @default silent */
  logger?: Logger;
}

export const DEFAULT_HTTP_SERVICE_OPTIONS = Object.freeze({
  liveIntervalMs: 1_000,
  maxBodyBytes: 65_536,
});

/**
 * The service's HTTP side on node:http: the JSON API, `/metrics`, `/healthz`, `/readyz`, the
 * dashboard's static files and its live snapshots (server-sent events). Its `server` also carries
 * the WebSocket fan-out (`WebSocketFanoutSink` takes upgrades on its path).
 */
export class HttpService {
  readonly server: Server;
  private readonly router: Router;
  private readonly files: StaticFiles;
  private readonly live: LiveEvents;
  private readonly logger: Logger;
  private readonly tokenHash: Buffer | undefined;
  private baseUrl: string | undefined;
  private closing: Promise<void> | undefined;

  constructor(options: HttpServiceOptions) {
    if (
      options === null ||
      typeof options !== 'object' ||
      typeof options.source?.getHealthStatus !== 'function'
    )
      throw new InvalidArgumentError('source', options?.source, 'must implement ServiceSource');
    const o = { ...DEFAULT_HTTP_SERVICE_OPTIONS, ...options };
    if (o.token !== undefined && (typeof o.token !== 'string' || !/^\S+$/.test(o.token)))
      throw new InvalidArgumentError(
        'token',
        '[redacted]',
        'must be a non-empty string without spaces',
      );
    for (const f of ['liveIntervalMs', 'maxBodyBytes'] as const) {
      if (!Number.isInteger(o[f]) || o[f] < 1)
        throw new InvalidArgumentError(f, o[f], 'must be an integer >= 1');
    }
    const clock = o.clock ?? systemClock;
    this.logger = o.logger ?? silentLogger;
    this.tokenHash = o.token === undefined ? undefined : sha256(o.token);
    const sinks = o.sinks ?? (() => []);
    const deps = {
      source: o.source,
      metrics: o.metrics,
      sinks,
      readiness: o.readiness ?? {},
      now: () => clock.now(),
    };
    this.live = new LiveEvents(() => dashboardSnapshot(deps), clock, o.liveIntervalMs, this.logger);
    this.router = new Router(
      apiRoutes({
        ...deps,
        live: this.live,
        maxBodyBytes: o.maxBodyBytes,
        startedAt: clock.monotonic(),
        monotonic: () => clock.monotonic(),
      }),
    );
    this.files = new StaticFiles(o.publicDir ?? DASHBOARD_DIR);
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  /**
   * Sends the dashboard a snapshot now, outside its interval: on a connection's state change, so
   * a short outage (a drop reconnects within ~100 ms) is shown rather than fallen between two
   * snapshots.
   */
  broadcast(): void {
    this.live.broadcast();
  }

  /** The base URL once listening (`http://127.0.0.1:<port>`). */
  get url(): string | undefined {
    return this.baseUrl;
  }

  /** Listens; port 0 picks a free one. Resolves with the base URL. */
  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address();
    const actual = typeof address === 'object' && address !== null ? address.port : port;
    this.baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${actual}`;
    return this.baseUrl;
  }

  /** Ends the live streams and every connection, stops listening. Idempotent. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.live.close();
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.closing;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    let path = '/';
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      path = url.pathname;
      const match = this.router.match(method, path);
      if (match === undefined) {
        if (
          (method === 'GET' || method === 'HEAD') &&
          (await this.files.serve(path, res, method === 'HEAD'))
        )
          return;
        throw notFound(`no route ${method} ${path}`);
      }
      if ('allowed' in match) {
        res.setHeader('allow', match.allowed.join(', '));
        throw new HttpError(
          405,
          ErrorCode.METHOD_NOT_ALLOWED,
          `${method} is not allowed on ${path} (allowed: ${match.allowed.join(', ')})`,
        );
      }
      if (match.route.mutating === true) this.authorize(req);
      const result = await match.route.handler({
        req,
        res,
        params: match.params,
        query: url.searchParams,
      });
      if (result === undefined) return;
      if ('json' in result)
        send(
          res,
          result.status ?? 200,
          'application/json; charset=utf-8',
          JSON.stringify(result.json),
        );
      else send(res, result.status ?? 200, result.contentType, result.text);
    } catch (err) {
      const { status, body } = errorReply(err);
      if (status >= 500) this.logger.error({ method, path, err: String(err) }, 'request failed');
      if (status === 401) res.setHeader('www-authenticate', 'Bearer');
      if (res.headersSent) res.end();
      else send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
    }
  }

  private authorize(req: IncomingMessage): void {
    if (this.tokenHash === undefined) return;
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (m === null)
      throw new HttpError(
        401,
        ErrorCode.UNAUTHORIZED,
        'this route needs a bearer token (Authorization: Bearer <token>)',
      );
    if (!timingSafeEqual(sha256(m[1]!), this.tokenHash))
      throw new HttpError(
        401,
        ErrorCode.UNAUTHORIZED,
        'the bearer token is not the configured one',
      );
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}
