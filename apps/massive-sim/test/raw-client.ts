import WebSocket from 'ws';

type Msg = Record<string, unknown>;

/**
 * A plain `ws` client for the simulator's tests: no tickmux code between the test and the wire.
 * Records every frame; tests read them in order with `next*` helpers that time out.
 */
export class RawClient {
  readonly frames: (string | Buffer)[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private cursor = 0;
  private parsed = 0;
  private readonly parsedEvents: Msg[] = [];
  private wake: (() => void) | undefined;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      this.frames.push(isBinary ? data : data.toString());
      this.wake?.();
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code: number, reason: Buffer) => {
        resolve({ code, reason: reason.toString() });
        this.wake?.();
      });
    });
    ws.on('error', () => undefined);
  }

  static open(url: string, options?: WebSocket.ClientOptions): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, options);
      const client = new RawClient(ws);
      ws.once('open', () => {
        client.localPort = (ws as unknown as { _socket: { localPort: number } })._socket.localPort;
        resolve(client);
      });
      ws.once('error', reject);
    });
  }

  /** Opens, reads the connected status, authenticates with `key`, and reads the reply. */
  static async authed(url: string, key = 'demo'): Promise<RawClient> {
    const c = await RawClient.open(url);
    await c.nextStatus('connected');
    c.send({ action: 'auth', params: key });
    await c.nextStatus('auth_success');
    return c;
  }

  /** The client's local port (known once open): the simulator lists it as the connection's `remotePort`. */
  localPort = 0;

  send(message: object | string): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The next unread frame (raw). */
  async nextFrame(timeoutMs = 3000): Promise<string | Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (this.cursor >= this.frames.length) {
      if (this.ws.readyState === WebSocket.CLOSED)
        throw new Error('socket closed while waiting for a frame');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no frame within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = undefined;
    }
    return this.frames[this.cursor++]!;
  }

  /** The next unread frame, parsed. */
  async nextMessages(timeoutMs?: number): Promise<Msg[]> {
    const f = await this.nextFrame(timeoutMs);
    return JSON.parse(f.toString()) as Msg[];
  }

  /** Reads frames until one holds a status `status`; returns that status object. */
  async nextStatus(status: string, timeoutMs = 3000): Promise<Msg> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const msgs = await this.nextMessages(Math.max(1, deadline - Date.now()));
      const hit = msgs.find((m) => m['ev'] === 'status' && m['status'] === status);
      if (hit !== undefined) return hit;
    }
  }

  /** Every data event received so far (status objects left out), from all frames. Parsed once. */
  events(): Msg[] {
    for (; this.parsed < this.frames.length; this.parsed++) {
      const f = this.frames[this.parsed]!;
      if (typeof f !== 'string') continue;
      let msgs: unknown;
      try {
        msgs = JSON.parse(f);
      } catch {
        continue; // malformed frames (fault injection) carry no events
      }
      if (!Array.isArray(msgs)) continue;
      for (const m of msgs as Msg[]) if (m['ev'] !== 'status') this.parsedEvents.push(m);
    }
    return [...this.parsedEvents];
  }

  close(): void {
    this.ws.terminate();
  }
}

/** Polls `check` until it returns true, or fails after `timeoutMs`. */
export async function waitUntil(
  check: () => boolean,
  timeoutMs = 3000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
