import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

/** A server that answers the session protocol and then sends pre-built frames as fast as the socket drains. */
export interface ReplayServer {
  url: string;
  /** Frames sent so far. */
  sent(): number;
  close(): Promise<void>;
}

/**
 * Sends `frames` round-robin to every socket that subscribes, refilling the socket's buffer
 * whenever it drops below `highWaterBytes`, so a reader is never starved and never buried. The
 * frames are built before the server starts: the server costs nearly nothing per event, so a
 * reader's throughput against it measures the reader (and the loopback), not the server.
 * With `sendData: false` it only answers the session protocol (subscription timing).
 */
export async function startReplayServer(
  frames: readonly string[],
  {
    highWaterBytes = 4 << 20,
    sendData = true,
  }: { highWaterBytes?: number; sendData?: boolean } = {},
): Promise<ReplayServer> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http, path: '/stocks', perMessageDeflate: false });
  let sent = 0;
  const pump = (ws: WebSocket, state: { i: number; stopped: boolean }) => {
    if (state.stopped || ws.readyState !== 1) return;
    while (ws.bufferedAmount < highWaterBytes) {
      ws.send(frames[state.i]!);
      state.i = (state.i + 1) % frames.length;
      sent++;
    }
    setImmediate(() => pump(ws, state));
  };
  wss.on('connection', (ws) => {
    const state = { i: 0, stopped: false };
    ws.send('[{"ev":"status","status":"connected","message":"Connected Successfully"}]');
    ws.on('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString()) as { action: string; params: string };
      if (msg.action === 'auth') {
        ws.send('[{"ev":"status","status":"auth_success","message":"authenticated"}]');
      } else if (msg.action === 'subscribe') {
        ws.send(
          JSON.stringify(
            msg.params.split(',').map((t) => ({
              ev: 'status',
              status: 'success',
              message: `subscribed to: ${t.trim()}`,
            })),
          ),
        );
        if (sendData) setImmediate(() => pump(ws, state));
      }
    });
    ws.on('close', () => (state.stopped = true));
    ws.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `ws://127.0.0.1:${port}/stocks`,
    sent: () => sent,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
