import type { Bench } from './harness.js';
import { clientBench } from './benches/client.js';
import { codecBench } from './benches/codec.js';
import { officialBench } from './benches/official.js';
import { poolBench } from './benches/pool.js';
import { routingBench } from './benches/routing.js';
import { scalingBench } from './benches/scaling.js';
import { serviceBench } from './benches/service.js';
import { simBench } from './benches/sim.js';
import { soakBench } from './benches/soak.js';

/**
 * Every benchmark, by the name `pnpm bench <name>` takes, in the order `pnpm bench all` runs
 * them. A benchmark whose code has not landed still registers and reports
 * `{ skipped: '<why>' }`, so its key is always in the output and the gate sees it.
 */
export const BENCHES: ReadonlyMap<string, Bench> = new Map(
  [
    codecBench,
    simBench,
    clientBench,
    officialBench,
    routingBench,
    poolBench,
    serviceBench,
    scalingBench,
    soakBench,
  ].map((b) => [b.name, b]),
);
