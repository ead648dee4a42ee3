import { ErrorCode, InvalidArgumentError, TickmuxError } from '@tickmux/core';
import type { ConnectionFilter, ScenarioHandle, SimControl } from './control-types.js';
import { MALFORMED_KINDS, type MalformedKind } from './malformed.js';

/** A request body (JSON object) and its query string. */
export type Body = Record<string, unknown>;
export type Route = (params: string[], body: Body, query: URLSearchParams) => unknown;

const STATES = ['open', 'zombie', 'closed', 'live', 'all'] as const;

/** Every control route: method, path pattern, handler. See the README's table. */
export function controlRoutes(control: SimControl): [string, RegExp, Route][] {
  const scenarios = new Map<string, ScenarioHandle>();
  const id = (re: string) => new RegExp(`^/connections/([^/]+)/${re}$`);
  return [
    ['GET', /^\/connections$/, (_, __, q) => control.connections(stateFilter(q))],
    ['GET', /^\/connections\/([^/]+)$/, ([c]) => control.connection(c!)],
    ['POST', id('drop'), ([c], b) => control.drop(c!, opt(b, 'code'), str(b, 'reason'))],
    ['POST', id('kill'), ([c]) => control.kill(c!)],
    ['POST', id('stall'), ([c], b) => control.stall(c!, opt(b, 'ms'))],
    ['POST', id('force-disconnect'), ([c]) => control.forceDisconnect(c!)],
    ['POST', id('slow-consumer'), ([c]) => control.slowConsumer(c!)],
    ['POST', id('max-connections'), ([c]) => control.forceMaxConnections(c!)],
    [
      'POST',
      id('delay'),
      ([c], b) => control.delay(c, num(b, 'delayMs'), opt(b, 'jitterMs'), opt(b, 'durationMs')),
    ],
    [
      'POST',
      /^\/delay$/,
      (_, b) =>
        control.delay(undefined, num(b, 'delayMs'), opt(b, 'jitterMs'), opt(b, 'durationMs')),
    ],
    ['POST', id('malformed'), ([c], b) => control.malformed(c!, kind(b['kind']), opt(b, 'count'))],
    ['GET', /^\/accounts$/, () => control.accounts()],
    ['GET', /^\/accounts\/([^/]+)$/, ([a]) => control.account(decodeURIComponent(a!))],
    ['POST', /^\/accounts\/reset-high-water$/, () => control.resetHighWater()],
    [
      'POST',
      /^\/accounts\/([^/]+)\/reset-high-water$/,
      ([a]) => control.resetHighWater(decodeURIComponent(a!)),
    ],
    ['GET', /^\/truth$/, (_, __, q) => control.groundTruth(truthFilter(q))],
    ['GET', /^\/stats$/, () => control.stats()],
    ['GET', /^\/settings$/, () => control.settings()],
    // configure() validates the body field by field.
    ['PATCH', /^\/settings$/, (_, b) => control.configure(b)],
    ['POST', /^\/outages$/, (_, b) => control.outage(ticker(b['ticker']), opt(b, 'durationMs'))],
    ['DELETE', /^\/outages\/([^/]+)$/, ([t]) => control.endOutage(decodeURIComponent(t!))],
    ['POST', /^\/halts$/, (_, b) => control.halt(ticker(b['ticker']), opt(b, 'durationMs'))],
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
    ['GET', /^\/scenarios\/([^/]+)$/, ([s]) => scenarioOf(scenarios, s!).log()],
    ['DELETE', /^\/scenarios\/([^/]+)$/, ([s]) => scenarioOf(scenarios, s!).cancel()],
  ];
}

function num(body: Body, field: string): number {
  const v = body[field];
  if (typeof v !== 'number') throw new InvalidArgumentError(field, v, 'must be a number');
  return v;
}

function opt(body: Body, field: string): number | undefined {
  return body[field] === undefined ? undefined : num(body, field);
}

function str(body: Body, field: string): string | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new InvalidArgumentError(field, v, 'must be a string');
  return v;
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

function stateFilter(q: URLSearchParams): ConnectionFilter {
  const state = q.get('state');
  if (state === null) return {};
  if (!(STATES as readonly string[]).includes(state))
    throw new InvalidArgumentError('state', state, `must be one of ${STATES.join(', ')}`);
  return { state: state as ConnectionFilter['state'] };
}

function truthFilter(q: URLSearchParams): {
  channel?: string;
  ticker?: string;
  connection?: string;
} {
  const out: { channel?: string; ticker?: string; connection?: string } = {};
  for (const k of ['channel', 'ticker', 'connection'] as const) {
    const v = q.get(k);
    if (v !== null) out[k] = v;
  }
  return out;
}

function scenarioOf(scenarios: Map<string, ScenarioHandle>, id: string): ScenarioHandle {
  const s = scenarios.get(id);
  if (s === undefined)
    throw new TickmuxError(ErrorCode.SIM_UNKNOWN_CONNECTION, `no scenario "${id}"`);
  return s;
}
