import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ErrorCode, InvalidArgumentError, TickmuxError } from '@tickmux/core';
import type { ScenarioHandle, SimControl } from './control.js';
import { MALFORMED_KINDS, type MalformedKind } from './malformed.js';

type Body = Record<string, unknown>;
type Route = (params: string[], body: Body) => unknown;

/**
 * The HTTP control API: the same faults as `SimControl`, as JSON over HTTP, for the CLI and
 * other processes. Listens on its own port so it stays up while the WebSocket side restarts.
 * Errors answer 400 (bad input) or 404 (unknown connection or route) with `{ error: { code, message } }`.
 */
export function createControlServer(control: SimControl): Server {
  const scenarios = new Map<string, ScenarioHandle>();
  const num = (body: Body, field: string, fallback?: number): number => {
    const v = body[field] ?? fallback;
    if (typeof v !== 'number') throw new InvalidArgumentError(field, v, 'must be a number');
    return v;
  };
  const opt = (body: Body, field: string): number | undefined =>
    body[field] === undefined ? undefined : num(body, field);
  const routes: [string, RegExp, Route][] = [
    ['GET', /^\/connections$/, () => control.connections()],
    ['GET', /^\/stats$/, () => control.stats()],
    [
      'POST',
      /^\/connections\/([^/]+)\/drop$/,
      ([id], b) =>
        control.drop(
          id!,
          opt(b, 'code'),
          typeof b['reason'] === 'string' ? b['reason'] : undefined,
        ),
    ],
    ['POST', /^\/connections\/([^/]+)\/kill$/, ([id]) => control.kill(id!)],
    ['POST', /^\/connections\/([^/]+)\/stall$/, ([id], b) => control.stall(id!, num(b, 'ms'))],
    [
      'POST',
      /^\/connections\/([^/]+)\/delay$/,
      ([id], b) => control.delay(id, num(b, 'delayMs'), opt(b, 'jitterMs'), opt(b, 'durationMs')),
    ],
    [
      'POST',
      /^\/delay$/,
      (_, b) =>
        control.delay(undefined, num(b, 'delayMs'), opt(b, 'jitterMs'), opt(b, 'durationMs')),
    ],
    [
      'POST',
      /^\/connections\/([^/]+)\/malformed$/,
      ([id], b) => control.malformed(id!, kind(b['kind']), opt(b, 'count')),
    ],
    [
      'POST',
      /^\/connections\/([^/]+)\/max-connections$/,
      ([id]) => control.forceMaxConnections(id!),
    ],
    ['POST', /^\/outages$/, (_, b) => control.outage(ticker(b['ticker']), opt(b, 'durationMs'))],
    ['DELETE', /^\/outages\/([^/]+)$/, ([t]) => control.endOutage(decodeURIComponent(t!))],
    ['POST', /^\/restart$/, (_, b) => control.restart(opt(b, 'downMs'), opt(b, 'code'))],
    ['POST', /^\/advance$/, (_, b) => control.advance(num(b, 'ms'))],
    [
      'POST',
      /^\/scenarios$/,
      (_, b) => {
        const handle = control.runScenario(b as never);
        scenarios.set(handle.id, handle);
        return { id: handle.id };
      },
    ],
    ['GET', /^\/scenarios\/([^/]+)$/, ([id]) => scenarioOf(scenarios, id!).log()],
    ['DELETE', /^\/scenarios\/([^/]+)$/, ([id]) => scenarioOf(scenarios, id!).cancel()],
  ];
  return createServer((req, res) => void handle(req, res, routes));
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  routes: [string, RegExp, Route][],
): Promise<void> {
  const path = (req.url ?? '/').split('?')[0]!;
  try {
    const body = await readBody(req);
    for (const [method, re, route] of routes) {
      const m = re.exec(path);
      if (m === null || method !== req.method) continue;
      const result = await route(m.slice(1), body);
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

function kind(v: unknown): MalformedKind {
  if (typeof v === 'string' && (MALFORMED_KINDS as readonly string[]).includes(v))
    return v as MalformedKind;
  throw new InvalidArgumentError('kind', v, `must be one of ${MALFORMED_KINDS.join(', ')}`);
}

function ticker(v: unknown): string {
  if (typeof v !== 'string' || v === '')
    throw new InvalidArgumentError('ticker', v, 'must be a ticker');
  return v;
}

function scenarioOf(scenarios: Map<string, ScenarioHandle>, id: string): ScenarioHandle {
  const s = scenarios.get(id);
  if (s === undefined)
    throw new TickmuxError(ErrorCode.SIM_UNKNOWN_CONNECTION, `no scenario "${id}"`);
  return s;
}
