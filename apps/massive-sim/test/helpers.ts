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

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export { RawClient };
export { waitUntil } from './raw-client.js';
