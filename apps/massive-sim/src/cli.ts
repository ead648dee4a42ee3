#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { pino } from 'pino';
import { cliToSimOptions } from './cli-options.js';
import { createProgram, type CliOptions } from './cli-program.js';
import { startSim } from './start-sim.js';
import { startStatusLine } from './status-line.js';

async function run(opts: CliOptions): Promise<void> {
  // A closed stdout (`pnpm sim | head -1`) must not crash the server.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
  const logger = pino({ level: opts.logLevel, base: { app: 'massive-sim' } }, pino.destination(2));
  const options = { ...cliToSimOptions(opts), logger };
  const scenarioText =
    opts.scenario === undefined ? undefined : await readFile(opts.scenario, 'utf8');
  const sim = await startSim(options);
  console.log(`massive-sim listening on ${sim.url}`);
  if (sim.controlUrl !== undefined) console.log(`control API on ${sim.controlUrl}`);
  if (scenarioText !== undefined) {
    const handle = sim.control.runScenario(scenarioText);
    void handle.done.then((log) =>
      logger.info({ scenario: opts.scenario, steps: log.length }, 'scenario finished'),
    );
  }
  const status =
    opts.status && process.stdout.isTTY ? startStatusLine(sim, process.stdout) : undefined;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    status?.stop();
    logger.info({ signal }, 'shutting down');
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

createProgram(run)
  .parseAsync()
  .catch((err: unknown) => {
    console.error(`massive-sim: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
