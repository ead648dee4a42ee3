import { parseTickerList } from '@tickmux/core';
import type { z } from 'zod';
import type { ConfigIssue } from './config-error.js';
import type { ConfigWarning, Env } from './types.js';

/**
 * The env being read (trimmed, empty values dropped: `KEY=` means "use the default") and the
 * problems and warnings found so far, so that every check can report and loading continues.
 */
export class Collector {
  readonly input: Record<string, string>;
  readonly issues: ConfigIssue[] = [];
  readonly warnings: ConfigWarning[] = [];

  constructor(env: Env) {
    this.input = {};
    for (const [key, raw] of Object.entries(env)) {
      const value = raw?.trim();
      if (value !== undefined && value !== '') this.input[key] = value;
    }
  }

  has(key: string): boolean {
    return this.input[key] !== undefined;
  }

  issue(key: string, message: string, value: string | undefined = this.input[key]): void {
    this.issues.push({ key, value, message });
  }

  warn(key: string, message: string): void {
    this.warnings.push({ key, message });
  }

  /**
   * Parses the input with an object schema of optional keys. A key that fails becomes an issue
   * and is left out, so the result holds every valid key and defaults can fill the rest.
   * `writtenAs` renames keys in issues (a value read under another name than the one written).
   */
  parse<S extends z.ZodType>(
    schema: S,
    input: Record<string, string> = this.input,
    writtenAs: Readonly<Record<string, string>> = {},
  ): z.output<S> {
    const first = schema.safeParse(input);
    if (first.success) return first.data;
    const failed = new Set<string>();
    for (const issue of first.error.issues) {
      const key = String(issue.path[0]);
      failed.add(key);
      this.issue(writtenAs[key] ?? key, issue.message, input[key]);
    }
    const rest = Object.fromEntries(Object.entries(input).filter(([k]) => !failed.has(k)));
    return schema.parse(rest);
  }

  /** A comma-separated ticker list, normalised; one issue per entry that is not a ticker. */
  tickers(key: string): readonly string[] {
    const raw = this.input[key];
    if (raw === undefined) return Object.freeze([]);
    const { tickers, invalid } = parseTickerList(raw);
    for (const bad of invalid) {
      this.issue(key, 'not a valid ticker (expected e.g. AAPL or BRK.B)', bad);
    }
    return Object.freeze(tickers);
  }
}
