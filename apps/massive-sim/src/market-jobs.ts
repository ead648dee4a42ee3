import type { Timed } from './min-heap.js';

/** Work the market model does at a set market time, in (time, insertion) order. */
export type MarketJob = Timed &
  (
    | { kind: 'segment' }
    | {
        kind: 'late';
        idx: number;
        t: number;
        p: number;
        s: number;
        micro: number;
        flags: number;
        trfi: number;
      }
    | { kind: 'cross'; flag: number }
    | { kind: 'imbalance'; auction: 'M' | 'C'; until: number }
    | { kind: 'halt'; idx: number; ms: number }
    | { kind: 'halt-imbalance'; idx: number }
    | { kind: 'resume'; idx: number }
    | { kind: 'auto-halt' }
    | { kind: 'rate'; rate: number }
  );

/** Distributes a job union without `at`/`seq` (the scheduler adds them). */
type WithoutTiming<T> = T extends unknown ? Omit<T, 'at' | 'seq'> : never;

/** A job as the model schedules it. */
export type MarketJobSpec = WithoutTiming<MarketJob>;
