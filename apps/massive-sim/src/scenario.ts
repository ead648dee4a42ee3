import type { SimControl } from './control-types.js';
import type { StepListener } from './engine.js';
import { createRandom, type Random } from './random.js';
import type { ParsedScenario, ScenarioLogEntry, ScenarioStep } from './scenario-schema.js';
import type { SimHost } from './sim-host.js';

type TargetedStep = Exclude<ScenarioStep, { fault: 'outage' | 'halt' | 'restart' }>;

/** Runs a scenario's steps as the simulator's clock passes their times. */
export class ScenarioRunner implements StepListener {
  readonly done: Promise<ScenarioLogEntry[]>;
  private readonly queue: ScenarioStep[];
  private readonly entries: ScenarioLogEntry[] = [];
  private readonly rand: Random;
  private readonly start: number;
  private finish!: (log: ScenarioLogEntry[]) => void;

  constructor(
    scenario: ParsedScenario,
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
    host.engine.stepListeners.add(this);
  }

  log(): ScenarioLogEntry[] {
    return [...this.entries];
  }

  cancel(): void {
    this.queue.length = 0;
    this.end();
  }

  nextDue(): number {
    return this.queue.length === 0 ? Number.POSITIVE_INFINITY : this.start + this.queue[0]!.at;
  }

  onStep(elapsed: number): void {
    while (this.queue.length > 0 && elapsed - this.start >= this.queue[0]!.at)
      this.run(this.queue.shift()!);
    if (this.queue.length === 0) this.end();
  }

  private end(): void {
    this.host.engine.stepListeners.delete(this);
    this.finish(this.log());
  }

  private run(step: ScenarioStep): void {
    const entry: ScenarioLogEntry = { at: step.at, fault: step.fault, targets: [] };
    this.entries.push(entry);
    try {
      if (step.fault === 'outage') return this.control.outage(step.ticker, step.durationMs);
      if (step.fault === 'halt') return this.control.halt(step.ticker, step.durationMs);
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

  private apply(step: TargetedStep, id: string): void {
    const c = this.control;
    switch (step.fault) {
      case 'drop':
        return c.drop(id, step.code, step.reason);
      case 'kill':
        return c.kill(id);
      case 'stall':
        return c.stall(id, step.ms);
      case 'force_disconnect':
        return c.forceDisconnect(id);
      case 'slow_consumer':
        return c.slowConsumer(id);
      case 'max_connections':
        return c.forceMaxConnections(id);
      case 'delay':
        return c.delay(id, step.delayMs, step.jitterMs, step.durationMs);
      case 'malformed':
        return c.malformed(id, step.kind, step.count);
    }
  }

  /** Resolves a target to live connection ids, oldest first; `random` draws from the scenario's seed. */
  private targets(target: string): string[] {
    const ids = this.host.connectionList('live').map((c) => c.id);
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
