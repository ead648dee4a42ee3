import { createManualClock, type ManualClock } from '@tickmux/core';
import { MassiveClient, type MassiveClientOptions } from '../src/index.js';
import { fakeVendor, flushMicrotasks, type FakeVendorOptions } from './fake-vendor.js';
import { timeline } from './helpers.js';

export interface ManualSetup {
  clock: ManualClock;
  vendor: ReturnType<typeof fakeVendor>;
  log: ReturnType<typeof timeline>;
  client: MassiveClient;
  /** Advances the clock by `ms` in steps of `step`, delivering socket events after each step. */
  run: (ms: number, step?: number) => Promise<void>;
}

/**
 * A client with default options on a manual clock against an in-memory vendor. Only the socket,
 * the clock and the jitter draw (0.5: no jitter) are injected; every timing is the default.
 */
export function manualClient(
  options: Partial<MassiveClientOptions> & { vendor?: FakeVendorOptions } = {},
): ManualSetup {
  const { vendor: vendorOptions, ...rest } = options;
  const clock = createManualClock(1_700_000_000_000);
  const vendor = fakeVendor(vendorOptions);
  const log = timeline();
  const client = new MassiveClient({
    apiKey: 'k',
    url: 'ws://vendor.test/stocks',
    clock,
    WebSocket: vendor.Impl,
    random: () => 0.5,
    onStatus: log.onStatus,
    onStateChange: log.onStateChange,
    ...rest,
  });
  const run = async (ms: number, step = 1_000) => {
    await flushMicrotasks();
    for (let t = 0; t < ms; t += step) {
      clock.advance(Math.min(step, ms - t));
      await flushMicrotasks();
    }
  };
  return { clock, vendor, log, client, run };
}

/** A promise's state without waiting for it. */
export function settled<T>(p: Promise<T>): { done: boolean; value: T | undefined } {
  const s: { done: boolean; value: T | undefined } = { done: false, value: undefined };
  void p.then((v) => {
    s.done = true;
    s.value = v;
  });
  return s;
}
