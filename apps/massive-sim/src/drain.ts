import type { SimConnection } from './connection.js';

/**
 * How long a socket may make no progress draining before the wait gives up (real time: this waits
 * on the network, which no injected clock drives). A socket that stops reading is then left to
 * the slow-consumer limit, as it would be in production.
 */
export const DRAIN_PATIENCE_MS = 2_000;

/**
 * Resolves once every socket's unsent bytes are at or below `mark`, or they stopped draining;
 * returns the sockets still over the mark then (stuck: the caller stops waiting for them).
 */
export async function drainSockets(
  conns: readonly SimConnection[],
  mark: number,
): Promise<SimConnection[]> {
  const unsent = () => {
    let over = 0;
    for (const c of conns) if (c.state === 'open' && c.unsentBytes > mark) over += c.unsentBytes;
    return over;
  };
  let last = unsent();
  let since = performance.now();
  while (last > 0) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const now = unsent();
    if (now < last) since = performance.now();
    else if (performance.now() - since > DRAIN_PATIENCE_MS) break;
    last = now;
  }
  return conns.filter((c) => c.state === 'open' && c.unsentBytes > mark);
}
