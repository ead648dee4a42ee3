import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ErrorCode, InvalidArgumentError, TickmuxError } from '@tickmux/core';
import type { SimControl } from './control-types.js';
import { controlRoutes, type Body, type Route } from './control-routes.js';

/**
 * The HTTP control API: the same faults and inspection as `SimControl`, as JSON over HTTP, for the
 * CLI and other processes. Listens on its own port (loopback unless told otherwise) so it stays up
 * while the WebSocket side restarts. With a token, every request needs `Authorization: Bearer
 * <token>` (else 401). Errors answer 400 (bad input) or 404 (unknown connection, account or route)
 * with `{ error: { code, message, field } }`.
 */
export function createControlServer(control: SimControl, token?: string): Server {
  const routes = controlRoutes(control);
  return createServer((req, res) => void handle(req, res, routes, token));
}

function authorized(req: IncomingMessage, token: string | undefined): boolean {
  if (token === undefined) return true;
  const given = Buffer.from(req.headers.authorization ?? '');
  const wanted = Buffer.from(`Bearer ${token}`);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  routes: [string, RegExp, Route][],
  token: string | undefined,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://control');
  const path = url.pathname;
  try {
    if (!authorized(req, token)) {
      req.resume();
      return reply(res, 401, {
        error: { code: ErrorCode.SIM_CONTROL_UNAUTHORIZED, message: 'a bearer token is required' },
      });
    }
    const body = await readBody(req);
    for (const [method, re, route] of routes) {
      const m = re.exec(path);
      if (m === null || method !== req.method) continue;
      const result = await route(m.slice(1), body, url.searchParams);
      return reply(res, 200, result ?? { ok: true });
    }
    reply(res, 404, { error: { code: 'NOT_FOUND', message: `no route ${req.method} ${path}` } });
  } catch (err) {
    const code = err instanceof TickmuxError ? err.code : 'INTERNAL';
    const status =
      code === ErrorCode.SIM_UNKNOWN_CONNECTION ? 404 : err instanceof TickmuxError ? 400 : 500;
    const field = err instanceof InvalidArgumentError ? err.field : undefined;
    reply(res, status, { error: { code, message: (err as Error).message, field } });
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return {};
  const text = Buffer.concat(chunks).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidArgumentError('body', text, 'must be a JSON object');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidArgumentError('body', text, 'must be a JSON object');
  }
  return parsed as Body;
}
