import type { Logger } from '@tickmux/core';

/**
 * Runs `stop` once on SIGINT or SIGTERM (or after `afterMs`), then exits 0 (1 when `stop` fails).
 * A second signal while stopping exits at once.
 */
export function onShutdown(
  stop: (why: string) => Promise<void>,
  afterMs: number | undefined,
  logger: Logger,
): void {
  let stopping = false;
  const run = (why: string) => {
    if (stopping) {
      logger.warn({ why }, 'second signal while stopping: exiting now');
      process.exit(1);
    }
    stopping = true;
    stop(why).then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => run('SIGINT'));
  process.on('SIGTERM', () => run('SIGTERM'));
  if (afterMs !== undefined) setTimeout(() => run(`${afterMs / 1000}s elapsed`), afterMs);
}
