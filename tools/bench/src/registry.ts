import type { Bench } from './harness.js';
import { codecBench } from './benches/codec.js';
import { simBench } from './benches/sim.js';

/** Every benchmark, by the name `pnpm bench <name>` takes. */
export const BENCHES: ReadonlyMap<string, Bench> = new Map([codecBench, simBench].map((b) => [b.name, b]));
