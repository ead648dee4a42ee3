import { ErrorCode, TickmuxError } from '@tickmux/core';
import { z } from 'zod';
import type { SimControl } from './control.js';
import { MALFORMED_KINDS } from './malformed.js';
import { createRandom, type Random } from './random.js';
import type { SimHost } from './sim-host.js';

const target = z
  .union([z.enum(['random', 'oldest', 'newest', 'all']), z.string().regex(/^c\d+$/)])
  .default('random');
const timing = {
  /** When to run, ms after the scenario starts (wall ms, or virtual ms on the virtual clock). */
  at: z.number().min(0),
  /** Run this many times... */
  repeat: z.number().int().min(1).max(10_000).default(1),
  /** ...this many ms apart. */
  every: z.number().min(0).default(0),
};

const stepSchema = z.discriminatedUnion('fault', [
  z.object({
    ...timing,
    fault: z.literal('drop'),
    target,
    code: z.number().int().default(1011),
    reason: z.string().default('scenario drop'),
  }),
  z.object({ ...timing, fault: z.literal('kill'), target }),
  z.object({ ...timing, fault: z.literal('stall'), target, ms: z.number().min(0) }),
  z.object({
    ...timing,
    fault: z.literal('delay'),
    target: target.default('all'),
    delayMs: z.number().min(0),
    jitterMs: z.number().min(0).default(0),
    durationMs: z.number().min(0).optional(),
  }),
  z.object({
    ...timing,
    fault: z.literal('malformed'),
    target,
    kind: z.enum(MALFORMED_KINDS),
    count: z.number().int().min(1).default(1),
  }),
  z.object({
    ...timing,
    fault: z.literal('outage'),
    ticker: z.string().min(1),
    durationMs: z.number().min(0).optional(),
  }),
  z.object({ ...timing, fault: z.literal('max_connections'), target }),
  z.object({ ...timing, fault: z.literal('restart'), downMs: z.number().min(0).default(0) }),
]);

const scenarioSchema = z.object({
  name: z.string().default('scenario'),
  /** Seed for `random` targets; the simulator's seed when absent. */
  seed: z.number().int().optional(),
  steps: z.array(stepSchema).min(1),
});

/** A timeline of faults: see the README's "Scenarios" section for the format. */
export type Scenario = z.input<typeof scenarioSchema>;
export type ScenarioStep = z.output<typeof stepSchema>;

/** What one scenario step did. */
export interface ScenarioLogEntry {
  at: number;
  fault: ScenarioStep['fault'];
  /** The connections it hit (empty for server-wide faults, or when none was connected). */
  targets: string[];
  error?: string;
}

/** Validates a scenario object or JSON text; throws SIM_SCENARIO_INVALID listing every problem. */
export function parseScenario(input: Scenario | string): z.output<typeof scenarioSchema> {
  let raw: unknown = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch (err) {
      throw new TickmuxError(
        ErrorCode.SIM_SCENARIO_INVALID,
        `scenario is not JSON: ${(err as Error).message}`,
      );
    }
  }
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.join('.') || '(root)'}: ${i.message}`,
    );
    throw new TickmuxError(
      ErrorCode.SIM_SCENARIO_INVALID,
      `invalid scenario: ${problems.join('; ')}`,
    );
  }
  return parsed.data;
}

/** Runs a scenario's steps as the simulator's clock passes their times. */
export class ScenarioRunner {
  readonly done: Promise<ScenarioLogEntry[]>;
  private readonly queue: ScenarioStep[];
  private readonly entries: ScenarioLogEntry[] = [];
  private readonly rand: Random;
  private readonly listener: (elapsed: number) => void;
  private readonly start: number;
  private finish!: (log: ScenarioLogEntry[]) => void;

  constructor(
    scenario: z.output<typeof scenarioSchema>,
    simSeed: number,
    private readonly control: SimControl,
    private readonly host: SimHost,
  ) {
    this.rand = createRandom(scenario.seed ?? simSeed);
    this.queue = scenario.steps
      .flatMap((s) =>
        Array.from({ length: s.repeat }, (_, k) => ({ ...s, at: s.at + k * s.every, repeat: 1 })),
      )
      .sort((a, b) => a.at - b.at);
    this.done = new Promise((resolve) => (this.finish = resolve));
    this.start = host.engine.elapsed();
    this.listener = (elapsed) => this.tick(elapsed);
    host.engine.stepListeners.add(this.listener);
  }

  log(): ScenarioLogEntry[] {
    return [...this.entries];
  }

  cancel(): void {
    this.queue.length = 0;
    this.end();
  }

  private tick(elapsed: number): void {
    while (this.queue.length > 0 && elapsed - this.start >= this.queue[0]!.at)
      this.run(this.queue.shift()!);
    if (this.queue.length === 0) this.end();
  }

  private end(): void {
    this.host.engine.stepListeners.delete(this.listener);
    this.finish(this.log());
  }

  private run(step: ScenarioStep): void {
    const entry: ScenarioLogEntry = { at: step.at, fault: step.fault, targets: [] };
    this.entries.push(entry);
    try {
      if (step.fault === 'outage') return this.control.outage(step.ticker, step.durationMs);
      if (step.fault === 'restart') {
        this.control.restart(step.downMs).catch((err: unknown) => (entry.error = String(err)));
        return;
      }
      entry.targets = this.targets(step.target);
      for (const id of entry.targets) this.apply(step, id);
    } catch (err) {
      entry.error = err instanceof Error ? err.message : String(err);
    }
  }

  private apply(step: Exclude<ScenarioStep, { fault: 'outage' | 'restart' }>, id: string): void {
    switch (step.fault) {
      case 'drop':
        return this.control.drop(id, step.code, step.reason);
      case 'kill':
        return this.control.kill(id);
      case 'stall':
        return this.control.stall(id, step.ms);
      case 'delay':
        return this.control.delay(id, step.delayMs, step.jitterMs, step.durationMs);
      case 'malformed':
        return this.control.malformed(id, step.kind, step.count);
      case 'max_connections':
        return this.control.forceMaxConnections(id);
    }
  }

  /** Resolves a target to connection ids, oldest first; `random` draws from the scenario's seed. */
  private targets(target: string): string[] {
    const ids = this.host.connectionList().map((c) => c.id);
    if (ids.length === 0) return [];
    switch (target) {
      case 'all':
        return ids;
      case 'oldest':
        return [ids[0]!];
      case 'newest':
        return [ids[ids.length - 1]!];
      case 'random':
        return [ids[this.rand.int(ids.length)]!];
      default:
        return ids.includes(target) ? [target] : [];
    }
  }
}
