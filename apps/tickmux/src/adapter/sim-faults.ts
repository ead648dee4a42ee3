import { ErrorCode } from '@tickmux/core';
import type { SimControl } from '@tickmux/massive-sim';
import { HttpError } from '../http/http-error.js';
import type { FaultKind } from '../service-source.js';

/** How long a `stall` fault lasts, ms: long enough for the client's heartbeat to notice. */
export const STALL_FAULT_MS = 40_000;

/**
 * Fault injection for the embedded simulator: finds the simulator's socket that carries a
 * connection (the open, authenticated socket whose topics share the most tickers with the
 * connection's own list; sockets are matched by what they carry, since the simulator numbers them
 * in accept order) and applies the fault to it.
 */
export class SimFaults {
  constructor(
    private readonly control: SimControl,
    private readonly tickersOf: (id: string) => readonly string[] | undefined,
  ) {}

  /** The simulator's id (`c3`) of the socket carrying connection `id`, or undefined. */
  socketOf(id: string): string | undefined {
    const tickers = new Set(this.tickersOf(id) ?? []);
    if (tickers.size === 0) return undefined;
    // Stalled sockets compete too: a connection whose socket is stalled has no live socket, and
    // must not be matched to a sibling that shares a few (replicated) tickers with it.
    let best: { id: string; score: number; stalled: boolean } | undefined;
    for (const socket of this.control.connections({ state: 'live' })) {
      // (A stalled socket counts as a zombie on the simulator while the stall lasts.)
      const live = socket.state === 'open' || (socket.state === 'zombie' && socket.stalled);
      if (!live || !socket.authenticated) continue;
      let score = 0;
      for (const topic of socket.topics) {
        const ticker = topic.slice(topic.indexOf('.') + 1);
        if (tickers.has(ticker)) score++;
      }
      if (score > 0 && (best === undefined || score > best.score))
        best = { id: socket.id, score, stalled: socket.stalled };
    }
    return best === undefined || best.stalled ? undefined : best.id;
  }

  inject(id: string, kind: FaultKind): Promise<void> {
    const socket = this.socketOf(id);
    if (socket === undefined)
      return Promise.reject(
        new HttpError(
          409,
          ErrorCode.NOT_SUPPORTED,
          `${id} has no live socket on the simulator right now (it may be reconnecting); try again when it is connected`,
        ),
      );
    switch (kind) {
      case 'drop':
        this.control.drop(socket);
        break;
      case 'kill':
        this.control.kill(socket);
        break;
      case 'stall':
        this.control.stall(socket, STALL_FAULT_MS);
        break;
      case 'max_connections':
        this.control.forceMaxConnections(socket);
        break;
    }
    return Promise.resolve();
  }
}
