import type { Logger } from '@tickmux/core';
import { ConfigError, loadConfig, type Env } from '../src/index.js';

/** A log line as a recording logger keeps it. */
export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: object;
  msg: string;
}

/** A logger that keeps every line, for asserting on warnings. */
export function recordingLogger(): Logger & {
  lines: LogLine[];
  messages(level: LogLine['level']): string[];
} {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine['level']) =>
    (obj: object, msg = ''): void => {
      lines.push({ level, obj, msg });
    };
  return {
    lines,
    messages: (level) => lines.filter((l) => l.level === level).map((l) => l.msg),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
}

/** The ConfigError loadConfig throws for this env (fails the test if it does not throw one). */
export function configError(env: Env): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}
