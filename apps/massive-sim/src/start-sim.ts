import type { Server } from 'node:http';
import { createControl, type MarketLink } from './control.js';
import type { SimControl } from './control-types.js';
import { createControlServer } from './control-http.js';
import type { EventSource } from './event-source.js';
import { listenOn } from './listen.js';
import { MarketModel } from './market-model.js';
import type { MarketModelOptions } from './model-options.js';
import type { ResolvedSimOptions, SimOptions } from './options.js';
import { readRecording } from './recording.js';
import { ReplaySource } from './replay-source.js';
import { resolveSimOptions } from './resolve-options.js';
import { SimHost } from './sim-host.js';
import { pickUniverse, universeFor } from './universe.js';

/** A running simulator. */
export interface Sim {
  /** WebSocket URL, e.g. `ws://127.0.0.1:8765/stocks`. */
  url: string;
  port: number;
  /** Base URL of the HTTP control API, when enabled. */
  controlUrl: string | undefined;
  /** Fault injection and inspection, in-process. */
  control: SimControl;
  /** Closes every socket and server and releases every timer. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts a Massive-compatible simulator: `ws://<host>:<port><path>`, a deterministic market (or a
 * replayed recording), and fault injection. Binds a free port unless `port` is given.
 */
export async function startSim(options: SimOptions = {}): Promise<Sim> {
  const o = resolveSimOptions(options);
  const { source, createDelayed, market } = await sourceFor(o);
  const host = new SimHost(o, source, createDelayed);
  await host.listen(o.port);
  const control = createControl(host, market);
  let controlServer: Server | undefined;
  let controlUrl: string | undefined;
  try {
    if (o.controlPort !== false) {
      const server = createControlServer(control, o.controlToken);
      controlServer = server;
      const port = await listenOn(server, o.controlPort, o.controlHost);
      controlUrl = `http://${o.controlHost}:${port}`;
    }
  } catch (err) {
    await host.close();
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    url: `ws://${o.host}:${host.port}${o.path}`,
    port: host.port,
    controlUrl,
    control,
    close() {
      closing ??= (async () => {
        await host.close();
        if (controlServer?.listening) {
          const done = new Promise<void>((resolve) => controlServer.close(() => resolve()));
          controlServer.closeAllConnections();
          await done;
        }
      })();
      return closing;
    },
  };
}

interface Sources {
  source: EventSource;
  createDelayed: (() => EventSource) | undefined;
  market: MarketLink | undefined;
}

async function sourceFor(o: ResolvedSimOptions): Promise<Sources> {
  if (o.replay !== undefined) {
    const recording = typeof o.replay === 'string' ? await readRecording(o.replay) : o.replay;
    const connection = o.replayConnection;
    const source = new ReplaySource(recording, { loop: o.loop, ...(connection && { connection }) });
    return { source, createDelayed: undefined, market: undefined };
  }
  const modelOptions: MarketModelOptions = {
    seed: o.seed,
    universe: o.tickers === undefined ? pickUniverse(o.symbols) : universeFor(o.tickers),
    rate: o.rate,
    tradeRatio: o.tradeRatio,
    startMs: o.startMs,
    seq: o.seq,
    quoteSizes: o.quoteSizes,
    secondBarDelayMs: o.secondBarDelayMs,
    lateTradeRatio: o.lateTradeRatio,
    lateTradeMaxDelayMs: o.lateTradeMaxDelayMs,
    fractionalRatio: o.fractionalRatio,
    haltsPerDay: o.haltsPerDay,
  };
  const model = new MarketModel(modelOptions);
  const hasDelayed = [...o.keys.values()].some((k) => k.feed === 'delayed');
  let delayed: MarketModel | undefined;
  let rate = o.rate;
  const market: MarketLink = {
    rate: () => rate,
    setRate(next) {
      const at = model.now;
      rate = next;
      model.setRate(next, at);
      delayed?.setRate(next, at);
    },
    halt(ticker, durationMs) {
      const idx = model.tickers.indexOf(ticker);
      const at = model.now;
      model.halt(idx, durationMs, at);
      delayed?.halt(idx, durationMs, at);
    },
  };
  const createDelayed = hasDelayed ? () => (delayed = new MarketModel(modelOptions)) : undefined;
  return { source: model, createDelayed, market };
}
