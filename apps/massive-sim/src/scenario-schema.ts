import { ErrorCode, TickmuxError } from '@tickmux/core';
import { z } from 'zod';
import { MALFORMED_KINDS } from './malformed.js';

const target = z
  .union([z.enum(['random', 'oldest', 'newest', 'all']), z.string().regex(/^c\d+$/)])
  .default('random');
const timing = {
  /** When to run, ms after the scenario starts (wall ms, or market ms on the virtual clock). */
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
  z.object({ ...timing, fault: z.literal('stall'), target, ms: z.number().min(0).optional() }),
  z.object({ ...timing, fault: z.literal('force_disconnect'), target }),
  z.object({ ...timing, fault: z.literal('slow_consumer'), target }),
  z.object({ ...timing, fault: z.literal('max_connections'), target }),
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
  z.object({
    ...timing,
    fault: z.literal('halt'),
    ticker: z.string().min(1),
    durationMs: z.number().min(1).optional(),
  }),
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
export type ParsedScenario = z.output<typeof scenarioSchema>;
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
export function parseScenario(input: Scenario | string): ParsedScenario {
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
