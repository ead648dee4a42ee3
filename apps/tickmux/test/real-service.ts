import { loadConfig, type TickmuxConfig } from '@tickmux/config';
import { startSim, type Sim, type SimOptions } from '@tickmux/massive-sim';
import {
  defaultManagerFactory,
  embeddedDefaults,
  startService,
  type RunningService,
  type ServiceOptions,
} from '../src/index.js';

/** The bundled universe's first 30 market leaders: a small, spread ticker set. */
export const SERVICE_TICKERS = Object.freeze([
  'AAPL',
  'MSFT',
  'NVDA',
  'AMZN',
  'GOOGL',
  'META',
  'TSLA',
  'JPM',
  'V',
  'UNH',
  'XOM',
  'JNJ',
  'PG',
  'HD',
  'LIN',
  'NEE',
  'PLD',
  'CAT',
  'GE',
  'BAC',
  'WMT',
  'KO',
  'PEP',
  'CVX',
  'LLY',
  'ABBV',
  'AVGO',
  'ORCL',
  'CSCO',
  'ADBE',
]);

export interface RealService {
  sim: Sim;
  service: RunningService;
  config: TickmuxConfig;
  base: string;
  /** Connections the service runs: 3 with the manager, else 1. */
  expected: number;
  close(): Promise<void>;
}

/**
 * The real service as `tickmux start` assembles it (adapter, sinks, HTTP) against an in-process
 * simulator, on a free port: the manager with three connections when it is available, else one
 * client. Close it in afterAll/onTestFinished.
 */
export async function startRealService(
  o: {
    sim?: SimOptions;
    env?: Record<string, string>;
    service?: Partial<ServiceOptions>;
    tickers?: readonly string[];
  } = {},
): Promise<RealService> {
  const sim = await startSim({
    controlPort: false,
    rate: 3_000,
    tickers: [...SERVICE_TICKERS],
    ...o.sim,
  });
  const multi = defaultManagerFactory !== undefined;
  const config = loadConfig({
    ...embeddedDefaults(multi),
    WEBSOCKET_CONNECTION_1_UNIVERSE_KEY: '',
    // The tickers the manager spreads (round-robin needs a list); the adapter subscribes the same.
    WEBSOCKET_CONNECTION_1_SYMBOLS: (o.tickers ?? SERVICE_TICKERS).join(','),
    SYMBOL_UNIVERSE_KEY: '',
    USE_MASSIVE_API: 'true',
    MASSIVE_API_KEY: 'demo',
    MASSIVE_WEBSOCKET_URL: sim.url,
    MASSIVE_WEBSOCKET_RECONNECT_DELAY: '0.05',
    ...o.env,
  });
  let service: RunningService;
  try {
    service = await startService({
      config,
      tickers: o.tickers ?? SERVICE_TICKERS,
      port: 0,
      sim: sim.control,
      redisUrl: null,
      ...(multi && defaultManagerFactory !== undefined
        ? { createManager: defaultManagerFactory }
        : {}),
      ...o.service,
    });
  } catch (err) {
    await sim.close();
    throw err;
  }
  return {
    sim,
    service,
    config,
    base: service.url,
    expected: multi ? 3 : 1,
    close: async () => {
      await service.close();
      await sim.close();
    },
  };
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // Response bodies are checked field by field.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export function client(base: string) {
  const call = async (path: string, init: RequestInit = {}): Promise<Reply> => {
    const res = await fetch(base + path, init);
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
  const post = (path: string, body?: unknown, headers: Record<string, string> = {}) =>
    call(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  return { call, post };
}

/** Polls an async check until it holds; fails after `timeoutMs` naming `what`. */
export async function eventually<T>(
  get: () => Promise<T> | T,
  ok: (v: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(v)?.slice(0, 300)})`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}
