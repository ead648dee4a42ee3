import { createServer as createTcpServer, type Socket as TcpSocket } from 'node:net';
import { createServer } from 'node:http';
import { onTestFinished } from 'vitest';
import WebSocketClient, { WebSocketServer, type WebSocket } from 'ws';
import { freePort, portOf } from './ports.js';

/** A server a test controls: its URL, the sockets it accepted, and cleanup. */
export interface TestServer {
  url: string;
  /** Connections accepted so far. */
  accepted(): number;
  close(): Promise<void>;
}

/**
 * A TCP server that accepts connections and never answers, not even the WebSocket handshake:
 * a client's connect timeout is the only way out. Closed after the test.
 */
export async function useSilentServer(): Promise<TestServer> {
  const sockets = new Set<TcpSocket>();
  let accepted = 0;
  const server = createTcpServer((s) => {
    accepted++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = portOf(server);
  const close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  };
  onTestFinished(close);
  return { url: `ws://127.0.0.1:${port}/stocks`, accepted: () => accepted, close };
}

/**
 * A WebSocket server on `/stocks` whose behaviour the test scripts: `onConnection(ws, n)` runs for
 * the n-th connection (from 1). For cases the simulator does not model (seed-era replies, a
 * server that fails the first attempts). Closed after the test.
 */
export async function useScriptedServer(
  onConnection: (ws: WebSocket, n: number) => void,
): Promise<TestServer> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http, path: '/stocks' });
  let accepted = 0;
  wss.on('connection', (ws) => {
    ws.on('error', () => undefined);
    onConnection(ws, ++accepted);
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const port = portOf(http);
  const close = async () => {
    for (const ws of wss.clients) ws.terminate();
    wss.close();
    await new Promise<void>((r) => http.close(() => r()));
  };
  onTestFinished(close);
  return { url: `ws://127.0.0.1:${port}/stocks`, accepted: () => accepted, close };
}

/** A URL on 127.0.0.1 where nothing listens (connection refused). */
export async function refusedUrl(): Promise<string> {
  return `ws://127.0.0.1:${await freePort()}/stocks`;
}

/** A `ws` WebSocket class that records every frame the client sends, for "exactly one frame" checks. */
export function recordingWebSocket(): { Impl: typeof WebSocketClient; sent: string[] } {
  const sent: string[] = [];
  class Recording extends WebSocketClient {
    override send(data: unknown, ...rest: unknown[]): void {
      sent.push(String(data));
      (super.send as (...args: unknown[]) => void)(data, ...rest);
    }
  }
  return { Impl: Recording, sent };
}
