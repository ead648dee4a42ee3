import type { Bench } from './harness.js';
import { codecBench } from './benches/codec.js';

/** Every benchmark, by the name `pnpm bench <name>` takes. */
export const BENCHES: ReadonlyMap<string, Bench> = new Map([codecBench].map((b) => [b.name, b]));
