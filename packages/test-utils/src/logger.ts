import type { Logger } from '@tickmux/core';

/** A logger that records every call, to assert on what was (and was not) logged. */
export interface CapturedLogger extends Logger {
  lines: { level: string; obj: object; msg: string | undefined }[];
  /** Everything logged, serialised: for "the API key never appears" checks. */
  text(): string;
}

export function captureLogger(): CapturedLogger {
  const lines: CapturedLogger['lines'] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, msg });
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () => JSON.stringify(lines),
  };
}
