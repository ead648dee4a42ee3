import { describeValue, ErrorCode, TickmuxError } from '@tickmux/core';
import { redactValue } from './redact.js';

/** One problem with the configuration: the env key, its value (secrets redacted), and why. */
export interface ConfigIssue {
  readonly key: string;
  /** The offending value as written, or undefined when the problem is a missing key. */
  readonly value: string | undefined;
  readonly message: string;
}

/**
 * The configuration cannot be used. Lists every problem at once (not just the first), each with
 * its key and value, so one run of the service shows everything to fix. Code `CONFIG_INVALID`.
 */
export class ConfigError extends TickmuxError {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], options?: { cause?: unknown }) {
    const safe = issues.map((i) => Object.freeze({ ...i, value: redactValue(i.key, i.value) }));
    const count = safe.length === 1 ? '1 problem' : `${safe.length} problems`;
    const lines = safe.map((i) => `  - ${formatIssue(i)}`);
    super(
      ErrorCode.CONFIG_INVALID,
      `invalid tickmux configuration (${count}):\n${lines.join('\n')}`,
      options,
    );
    this.issues = Object.freeze(safe);
  }
}

function formatIssue(issue: ConfigIssue): string {
  const where =
    issue.value === undefined ? issue.key : `${issue.key}=${describeValue(issue.value)}`;
  return `${where}: ${issue.message}`;
}
