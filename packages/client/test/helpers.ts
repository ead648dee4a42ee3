import { onTestFinished } from 'vitest';
import { MassiveClient, type MassiveClientOptions } from '../src/index.js';

/** Fast timings for tests against a local server: short backoff, short timeouts. */
export const FAST: Partial<MassiveClientOptions> = {
  backoff: { baseDelayMs: 20, maxDelayMs: 200, jitter: 0.2 },
  connectTimeoutMs: 2_000,
  confirmTimeoutMs: 3_000,
};

/** A client that is disconnected when the test ends. */
export function useClient(options: Partial<MassiveClientOptions> & { url: string }): MassiveClient {
  const client = new MassiveClient({ apiKey: 'demo', ...FAST, ...options });
  onTestFinished(() => client.disconnect());
  return client;
}

/** Records onStatus calls: lifecycle states and server statuses. */
export function statusLog() {
  const entries: { status: string; data: Record<string, unknown> }[] = [];
  return {
    entries,
    onStatus: (status: string, data: Record<string, unknown>) =>
      void entries.push({ status, data }),
    lifecycle: () => entries.filter((e) => e.data['kind'] === 'lifecycle').map((e) => e.status),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
