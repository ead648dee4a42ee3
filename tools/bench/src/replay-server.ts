import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { loopFrames, type FrameSource } from './frame-source.js';

/** Frames one pump sends before it yields to the event loop. */
const MAX_BURST_FRAMES = 1_000;

/** A server that answers the session protocol and then sends pre-built frames as fast as the socket drains. */
export interface ReplayServer {
  url: string;
  /** Frames sent so far. */
  sent(): number;
  close(): Promise<void>;
}

/**
 * What a socket is sent once it subscribes: a fixed loop of frames, or a source built from the
 * topics it has subscribed so far (called again on each later subscribe, with the old source).
 */
export type FramePlan =
  | readonly string[]
  | ((topics: ReadonlySet<string>, previous: FrameSource | undefined) => FrameSource);

/**
 * Sends `frames` (or what `frames(topics)` builds) to every socket that subscribes, refilling the socket's buffer
 * whenever it drops below `highWaterBytes`, so a reader is never starved and never buried. The
 * frames are built before the server starts: the server costs nearly nothing per event, so a
 * reader's throughput against it measures the reader (and the loopback), not the server.
 * With `sendData: false` it only answers the session protocol (subscription timing).
 */
export async function startReplayServer(
  frames: FramePlan,
  {
    highWaterBytes = 4 << 20,
    sendData = true,
  }: { highWaterBytes?: number; sendData?: boolean } = {},
): Promise<ReplayServer> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http, path: '/stocks', perMessageDeflate: false });
  let sent = 0;
  const plan = typeof frames === 'function' ? frames : loopFrames(frames);
  interface State {
    source: FrameSource | undefined;
    topics: Set<string>;
    pumping: boolean;
    stopped: boolean;
    rebuild: NodeJS.Timeout | undefined;
  }
  const pump = (ws: WebSocket, state: State) => {
    if (state.stopped || ws.readyState !== 1 || state.source === undefined) return;
    // Bounded bursts: a socket that failed mid-burst (the reader reset it) takes writes without
    // its buffered amount growing, and an unbounded loop would then never yield to hear of it.
    for (let i = 0; i < MAX_BURST_FRAMES && ws.bufferedAmount < highWaterBytes; i++) {
      ws.send(state.source.next());
      sent++;
    }
    setImmediate(() => pump(ws, state));
  };
  wss.on('connection', (ws) => {
    const state: State = {
      source: undefined,
      topics: new Set(),
      pumping: false,
      stopped: false,
      rebuild: undefined,
    };
    const start = () => {
      if (state.pumping) return;
      state.pumping = true;
      setImmediate(() => pump(ws, state));
    };
    ws.send('[{"ev":"status","status":"connected","message":"Connected Successfully"}]');
    ws.on('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString()) as { action: string; params: string };
      if (msg.action === 'auth') {
        ws.send('[{"ev":"status","status":"auth_success","message":"authenticated"}]');
      } else if (msg.action === 'subscribe') {
        const topics = msg.params.split(',').map((t) => t.trim());
        ws.send(
          JSON.stringify(
            topics.map((t) => ({
              ev: 'status',
              status: 'success',
              message: `subscribed to: ${t}`,
            })),
          ),
        );
        for (const t of topics) state.topics.add(t);
        if (!sendData) return;
        if (typeof frames !== 'function') {
          state.source ??= plan(state.topics, undefined);
          return start();
        }
        // A client sends a large subscription as many frames: build the source once the burst
        // is over, not once per frame.
        clearTimeout(state.rebuild);
        state.rebuild = setTimeout(() => {
          state.source = plan(state.topics, state.source);
          start();
        }, 20);
      }
    });
    ws.on('close', () => {
      state.stopped = true;
      clearTimeout(state.rebuild);
    });
    ws.on('error', () => {
      state.stopped = true;
    });
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
