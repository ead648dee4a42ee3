import type { Server } from 'node:http';
import { createControl, type SimControl } from './control.js';
import { createControlServer } from './control-http.js';
import { listenOn } from './listen.js';
import { resolveSimOptions, type SimOptions } from './options.js';
import { SimHost } from './sim-host.js';

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
 * Starts a Massive-compatible simulator: `ws://<host>:<port><path>`, a deterministic market, and
 * fault injection. Binds a free port unless `port` is given.
 */
export async function startSim(options: SimOptions = {}): Promise<Sim> {
  const o = resolveSimOptions(options);
  const host = new SimHost(o);
  await host.listen(o.port);
  const control = createControl(host);
  let controlServer: Server | undefined;
  let controlUrl: string | undefined;
  try {
    const wanted = o.controlPort;
    if (wanted !== false) {
      const server = createControlServer(control);
      controlServer = server;
      const port = await listenOn(server, wanted, o.host);
      controlUrl = `http://${o.host}:${port}`;
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
