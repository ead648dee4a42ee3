import type { Bench } from './harness.js';
import { clientBench } from './benches/client.js';
import { codecBench } from './benches/codec.js';
import { routingBench } from './benches/routing.js';
import { simBench } from './benches/sim.js';

/** Every benchmark, by the name `pnpm bench <name>` takes. */
export const BENCHES: ReadonlyMap<string, Bench> = new Map(
  [codecBench, simBench, clientBench, routingBench].map((b) => [b.name, b]),
);
