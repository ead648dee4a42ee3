import { onTestFinished } from 'vitest';
import { startSim, type Sim, type SimOptions } from '@tickmux/massive-sim';

/**
 * Starts a simulator on 127.0.0.1 (a free port) for the current test and closes it when the test
 * ends, pass or fail. No HTTP control server unless asked. Its defaults are the vendor's behaviour
 * (sparse `q`, kick-oldest per account, 30 s zombies, one ack frame per topic) on a real clock
 * that starts at 10:00 US/Eastern; pass `seq: 'contiguous'` to count gaps exactly, `clock:
 * 'virtual'` to drive market time with `control.advance(ms)`, and `wallClock:
 * createManualClock(...)` to step stalls, zombies and delays. `control.accounts()`,
 * `control.connections()` and `control.groundTruth()` report what the server saw.
 */
export async function useSim(options: SimOptions = {}): Promise<Sim> {
  const sim = await startSim({ controlPort: false, ...options });
  onTestFinished(() => sim.close());
  return sim;
}

/** Polls `check` every 5 ms until true; fails after `timeoutMs` naming `what`. */
export async function waitUntil(
  check: () => boolean,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
