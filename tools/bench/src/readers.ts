import { websocketClient } from '@massive.com/client-js';
import { MassiveClient, type MassiveClientOptions } from '@tickmux/client';
import { rateOver } from './harness.js';
import { startPlainReader } from './plain-reader.js';

/** A reader under test: counts what it has received; closes its socket. */
export interface Reader {
  count(): number;
  close(): Promise<void> | void;
}

/** MassiveClient subscribed to `topics`, counting `onTick` calls (what a user's callback sees). */
export async function openMassiveClient(
  url: string,
  topics: readonly string[] = ['*'],
  options: Partial<MassiveClientOptions> = {},
): Promise<Reader & { client: MassiveClient }> {
  let ticks = 0;
  const onTick = options.onTick;
  const client = new MassiveClient({
    url,
    apiKey: 'demo',
    ...options,
    onTick: onTick ?? (() => void ticks++),
  });
  if (!(await client.connect()))
    throw new Error(`MassiveClient could not connect to ${url}: ${client.lastError?.message}`);
  await client.subscribe([...topics]);
  return { client, count: () => ticks, close: () => client.disconnect() };
}

/** The baseline: a bare `ws` + `JSON.parse` reader. */
export async function openBareReader(url: string): Promise<Reader> {
  const r = await startPlainReader(url, 'T.*,Q.*,AM.*', 'demo');
  return { count: () => r.events(), close: () => r.close() };
}

/** What the bench uses of the vendor client's W3C socket (its typings leave it `any`-like). */
interface VendorSocket {
  onmessage: (msg: { data: unknown }) => void;
  onerror: (err: unknown) => void;
  send(data: string): void;
  close(): void;
}

/**
 * The vendor's official JS client (`@massive.com/client-js`), used as its README shows: the
 * client opens the socket and authenticates; the user parses each message with `JSON.parse`,
 * subscribes on `auth_success`, and handles each event. Counts data events.
 */
export function openVendorClient(url: string): Promise<Reader> {
  const base = url.replace(/\/stocks$/, '');
  const open = websocketClient as unknown as (
    key: string,
    base: string,
  ) => { stocks(): VendorSocket };
  const ws = open('demo', base).stocks();
  let events = 0;
  return new Promise((resolve, reject) => {
    ws.onerror = (err) => reject(new Error(`vendor client: ${String(err)}`));
    ws.onmessage = (msg) => {
      const frame = JSON.parse(String(msg.data)) as { ev: string; status?: string }[];
      for (const e of frame) {
        if (e.ev !== 'status') events++;
        else if (e.status === 'auth_success') {
          ws.send(JSON.stringify({ action: 'subscribe', params: 'T.*,Q.*,AM.*' }));
          resolve({ count: () => events, close: () => ws.close() });
        } else if (e.status === 'auth_failed') reject(new Error('vendor client: auth failed'));
      }
    };
  });
}

/**
 * Opens a reader, waits for its first event (a server may still be preparing its frames; at most
 * `firstEventMs`), takes its rate over `measureMs` after `warmupMs`, closes it. A reader that gets
 * nothing throws rather than report 0.
 */
export async function readerRate(
  open: () => Promise<Reader>,
  warmupMs: number,
  measureMs: number,
  firstEventMs = 15_000,
): Promise<number> {
  const reader = await open();
  try {
    await firstEvent(reader, firstEventMs);
    return await rateOver(() => reader.count(), warmupMs, measureMs);
  } finally {
    await reader.close();
  }
}

/** Resolves once `reader` has counted something; throws after `timeoutMs`. */
export async function firstEvent(reader: Reader, timeoutMs = 15_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (reader.count() === 0) {
    if (performance.now() > deadline) throw new Error(`no event within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
