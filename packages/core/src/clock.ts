/** An opaque timer handle from a {@link Clock} (a Node `Timeout`, a browser id, a manual id). */
export type TimerHandle = object | number;

/**
 * Time and timers, injected wherever behaviour depends on them (reconnect backoff, heartbeats,
 * auth timeouts), so that logic runs under fake or virtual time in tests.
 */
export interface Clock {
  /** Wall-clock time, Unix milliseconds. */
  now(): number;
  /** Monotonic time in milliseconds with sub-millisecond resolution, for measuring durations. */
  monotonic(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  setInterval(fn: () => void, ms: number): TimerHandle;
  clearInterval(handle: TimerHandle): void;
}

/**
 * The real clock. It looks the global timer functions up on every call, so test frameworks that
 * replace them (vitest's fake timers) take effect even after the clock was captured. Its timers
 * are ordinary (not unref'd): a pending reconnect keeps a process alive, as a streaming service
 * wants; whatever owns a timer releases it in its `close()`/`disconnect()`.
 */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout: (fn: () => void, ms: number): TimerHandle =>
    globalThis.setTimeout(fn, ms) as TimerHandle,
  clearTimeout: (handle: TimerHandle) => {
    globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]);
  },
  setInterval: (fn: () => void, ms: number): TimerHandle =>
    globalThis.setInterval(fn, ms) as TimerHandle,
  clearInterval: (handle: TimerHandle) => {
    globalThis.clearInterval(handle as Parameters<typeof globalThis.clearInterval>[0]);
  },
});

interface ManualTimer {
  id: number;
  at: number;
  fn: () => void;
  every: number | undefined;
}

/** A {@link Clock} whose time moves only when told to: for deterministic tests and simulations. */
export interface ManualClock extends Clock {
  /** Moves time forward by `ms`, running every timer that falls due, in order. */
  advance(ms: number): void;
  /** Sets the wall-clock time (timers are not run). */
  set(nowMs: number): void;
  /** Number of pending timers. */
  pending(): number;
}

/** Creates a {@link ManualClock} starting at `startMs` (wall clock) and monotonic 0. */
export function createManualClock(startMs = 0): ManualClock {
  let wall = startMs;
  let mono = 0;
  let nextId = 1;
  const timers = new Map<number, ManualTimer>();
  const schedule = (fn: () => void, ms: number, every: number | undefined): number => {
    const id = nextId++;
    timers.set(id, { id, at: mono + Math.max(0, ms), fn, every });
    return id;
  };
  const cancel = (handle: TimerHandle): void => {
    timers.delete(handle as number);
  };
  return {
    now: () => wall,
    monotonic: () => mono,
    setTimeout: (fn, ms) => schedule(fn, ms, undefined),
    clearTimeout: cancel,
    setInterval: (fn, ms) => schedule(fn, ms, Math.max(1, ms)),
    clearInterval: cancel,
    set: (nowMs) => {
      wall = nowMs;
    },
    pending: () => timers.size,
    advance(ms: number) {
      const end = mono + ms;
      for (;;) {
        let due: ManualTimer | undefined;
        for (const t of timers.values()) {
          if (
            t.at <= end &&
            (due === undefined || t.at < due.at || (t.at === due.at && t.id < due.id))
          )
            due = t;
        }
        if (due === undefined) break;
        wall += due.at - mono;
        mono = due.at;
        if (due.every === undefined) timers.delete(due.id);
        else due.at += due.every;
        due.fn();
      }
      wall += end - mono;
      mono = end;
    },
  };
}
