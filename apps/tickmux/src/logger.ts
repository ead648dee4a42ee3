import { InvalidArgumentError } from '@tickmux/core';
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import pretty from 'pino-pretty';

export interface ServiceLoggerOptions {
  /** pino level. @default 'info' */
  level?: string;
  /**
   * Where lines go: a file descriptor, or a writable stream (tests). @default 1 (stdout)
   */
  destination?: 1 | 2 | (NodeJS.WritableStream & { isTTY?: boolean });
  /**
   * Human-readable lines (pino-pretty) instead of JSON. @default true when the destination is a
   * terminal, so a person at a console reads text and a log collector gets JSON.
   */
  pretty?: boolean;
  /** Fields on every line. @default { app: 'tickmux' } */
  base?: Record<string, unknown>;
}

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** The service's logger: pino, pretty on a terminal, JSON otherwise; synchronous (nothing lost on exit). */
export function createServiceLogger(options: ServiceLoggerOptions = {}): PinoLogger {
  const level = options.level ?? 'info';
  if (!LEVELS.includes(level))
    throw new InvalidArgumentError('level', level, `must be one of ${LEVELS.join(', ')}`);
  const destination = options.destination ?? 1;
  const tty =
    typeof destination === 'number'
      ? (destination === 1 ? process.stdout : process.stderr).isTTY === true
      : destination.isTTY === true;
  const usePretty = options.pretty ?? tty;
  const base = options.base ?? { app: 'tickmux' };
  const stream: DestinationStream = usePretty
    ? pretty({
        destination,
        sync: true,
        colorize: tty,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname',
      })
    : typeof destination === 'number'
      ? pino.destination({ fd: destination, sync: true })
      : destination;
  return pino({ level, base }, stream);
}
