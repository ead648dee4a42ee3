import { waitUntil } from '@tickmux/test-utils';
import { onTestFinished } from 'vitest';
import type { ServerStatus, StatusMessage } from '@tickmux/core';
import {
  MassiveClient,
  type ClientState,
  type MassiveClientOptions,
  type SocketCloseInfo,
  type StateChangeReason,
} from '../src/index.js';

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

/** A client (see useClient) whose lifecycle, server statuses and socket closes are recorded. */
export function observedClient(options: Partial<MassiveClientOptions> & { url: string }) {
  const log = timeline();
  const closes: SocketCloseInfo[] = [];
  const client = useClient({
    ...log.callbacks,
    onSocketClose: (info) => void closes.push(info),
    ...options,
  });
  return { client, log, closes };
}

/** One callback the client made, in order: a lifecycle change or a server status. */
export type TimelineEntry =
  | { type: 'state'; state: ClientState; previous: ClientState; reason: StateChangeReason }
  | { type: 'status'; kind: ServerStatus['kind']; raw: StatusMessage };

/** Records lifecycle changes and server statuses in the order the client reported them. */
export function timeline() {
  const entries: TimelineEntry[] = [];
  const hooks = new Map<string, (() => void)[]>();
  const entered = (state: string) => {
    for (const fn of hooks.get(state) ?? []) fn();
  };
  const onStateChange = (state: ClientState, previous: ClientState, reason: StateChangeReason) => {
    entries.push({ type: 'state', state, previous, reason });
    entered(state);
  };
  const onStatus = (s: ServerStatus) => {
    entries.push({ type: 'status', kind: s.kind, raw: s.raw });
  };
  return {
    entries,
    onStateChange,
    onStatus,
    /** Both callbacks, to spread into client options. */
    callbacks: { onStateChange, onStatus },
    /** Runs `fn` from inside the callback that reports `state`. */
    when(state: ClientState, fn: () => void) {
      hooks.set(state, [...(hooks.get(state) ?? []), fn]);
    },
    states: () => entries.flatMap((e) => (e.type === 'state' ? [e.state] : [])),
    statuses: () => entries.flatMap((e) => (e.type === 'status' ? [e.kind] : [])),
    /** `delayMs` of every `reconnecting` change. */
    delays: () =>
      entries.flatMap((e) =>
        e.type === 'state' && e.state === 'reconnecting' ? [e.reason.delayMs!] : [],
      ),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Data events the client has received so far. */
export function eventCount(client: MassiveClient): number {
  const e = client.stats.events;
  return e.T + e.Q + e.A + e.AM + e.other;
}

/** Waits until the client receives data events after this call: the feed flows (again). */
export async function eventsGrow(client: MassiveClient, what: string): Promise<void> {
  const before = eventCount(client);
  await waitUntil(() => eventCount(client) > before, 5_000, `data events after ${what}`);
}
