import { onTestFinished } from 'vitest';
import { startSim, type Sim, type SimOptions } from '../src/index.js';
import { RawClient } from './raw-client.js';

/**
 * Starts a simulator for one test and closes it after. Defaults differ from the library's so that
 * tests are quiet unless they ask: virtual clock (no data until `control.advance`), no control
 * HTTP server.
 */
export async function useSim(options: SimOptions = {}): Promise<Sim> {
  const sim = await startSim({ controlPort: false, clock: 'virtual', ...options });
  onTestFinished(() => sim.close());
  return sim;
}

/** Opens a raw client that is terminated after the test. */
export async function useClient(url: string): Promise<RawClient> {
  const c = await RawClient.open(url);
  onTestFinished(() => c.close());
  return c;
}

/** Opens, authenticates (key `demo` by default) and registers cleanup. */
export async function useAuthed(url: string, key = 'demo'): Promise<RawClient> {
  const c = await RawClient.authed(url, key);
  onTestFinished(() => c.close());
  return c;
}

/** Subscribes and waits for the acks. */
export async function subscribe(c: RawClient, params: string): Promise<void> {
  c.send({ action: 'subscribe', params });
  await c.nextStatus('success');
}

/** The simulator's id for a client's socket, matched by the client's local port. */
export function idOf(sim: Sim, c: RawClient): string {
  const port = c.localPort;
  const hit = sim.control.connections({ state: 'all' }).find((x) => x.remotePort === port);
  if (hit === undefined) throw new Error(`no simulator connection from port ${port}`);
  return hit.id;
}

/** Every status object received so far, in order. */
export function statuses(c: RawClient): Record<string, unknown>[] {
  return c.frames
    .filter((f): f is string => typeof f === 'string')
    .flatMap((f) => JSON.parse(f) as Record<string, unknown>[])
    .filter((m) => m['ev'] === 'status');
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export { RawClient };
export { waitUntil } from './raw-client.js';
