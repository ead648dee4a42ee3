import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock, Logger, TimerHandle } from '@tickmux/core';

/**
 * Server-sent events for the dashboard: each client gets an `event: snapshot` at once, then one
 * every `intervalMs` while it stays connected. The timer runs only while someone listens.
 */
export class LiveEvents {
  private readonly clients = new Set<ServerResponse>();
  private timer: TimerHandle | undefined;

  constructor(
    private readonly snapshot: () => unknown,
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  get listeners(): number {
    return this.clients.size;
  }

  attach(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write(`retry: ${Math.max(1000, this.intervalMs)}\n\n`);
    this.clients.add(res);
    req.on('close', () => {
      this.clients.delete(res);
      if (this.clients.size === 0) this.stop();
    });
    this.sendTo(res, this.frame());
    if (this.timer === undefined)
      this.timer = this.clock.setInterval(() => this.broadcast(), this.intervalMs);
  }

  /** Sends a snapshot to every listener now (e.g. right after a rebalance or a fault). */
  broadcast(): void {
    if (this.clients.size === 0) return;
    const frame = this.frame();
    for (const res of this.clients) this.sendTo(res, frame);
  }

  /** Ends every stream and stops the timer. Idempotent. */
  close(): void {
    this.stop();
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private frame(): string {
    try {
      return `event: snapshot\ndata: ${JSON.stringify(this.snapshot())}\n\n`;
    } catch (err) {
      this.logger.error({ err: String(err) }, 'dashboard snapshot failed');
      return `event: failure\ndata: ${JSON.stringify({ message: String(err) })}\n\n`;
    }
  }

  /** A listener that stopped reading (over 1 MiB unsent) skips snapshots until it drains. */
  private sendTo(res: ServerResponse, frame: string): void {
    if (!res.writableEnded && res.writableLength < 1 << 20) res.write(frame);
  }

  private stop(): void {
    if (this.timer !== undefined) this.clock.clearInterval(this.timer);
    this.timer = undefined;
  }
}
