import { connect, createServer, type Socket } from 'node:net';
import { onTestFinished } from 'vitest';
import { portOf } from './ports.js';

/** A loopback TCP proxy a test can cut, to make a server unreachable for one client only. */
export interface TcpProxy {
  readonly port: number;
  /** Connections accepted so far (including refused ones while cut). */
  accepted(): number;
  /** Resets every open connection and resets every new one until `restore()`. */
  cut(): void;
  /** Forwards new connections again. */
  restore(): void;
  close(): Promise<void>;
}

/**
 * Forwards 127.0.0.1:<port> to 127.0.0.1:`targetPort`, byte for byte. When either side closes,
 * both do. Closed after the test.
 */
export async function useTcpProxy(targetPort: number): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let isCut = false;
  let accepted = 0;
  const server = createServer((down) => {
    accepted++;
    down.on('error', () => undefined);
    if (isCut) {
      down.resetAndDestroy();
      return;
    }
    const up = connect(targetPort, '127.0.0.1');
    up.on('error', () => undefined);
    open.add(down).add(up);
    const end = () => {
      open.delete(down);
      open.delete(up);
      down.destroy();
      up.destroy();
    };
    down.once('close', end);
    up.once('close', end);
    down.pipe(up);
    up.pipe(down);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const close = async () => {
    for (const s of open) s.resetAndDestroy();
    await new Promise<void>((r) => server.close(() => r()));
  };
  onTestFinished(close);
  return {
    port: portOf(server),
    accepted: () => accepted,
    cut: () => {
      isCut = true;
      for (const s of open) s.resetAndDestroy();
      open.clear();
    },
    restore: () => {
      isCut = false;
    },
    close,
  };
}
