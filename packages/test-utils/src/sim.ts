import { onTestFinished } from 'vitest';
import { startSim, type Sim, type SimOptions } from '@tickmux/massive-sim';

/**
 * Starts a simulator on 127.0.0.1 (a free port) for the current test and closes it when the test
 * ends, pass or fail. No HTTP control server unless asked.
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
