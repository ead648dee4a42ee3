import { readFileSync } from 'node:fs';
import { ErrorCode, TickmuxError } from '@tickmux/core';
import { parse } from 'dotenv';
import { DEFAULT_LOAD_CONFIG_OPTIONS, loadConfig, type LoadConfigOptions } from './load-config.js';
import type { Env, TickmuxConfig } from './types.js';

/**
 * Reads one `.env` file with dotenv's parser (quotes, `#` comments, multi-line values) without
 * touching `process.env`. Throws a `CONFIG_INVALID` error naming the file if it cannot be read.
 */
export function readEnvFile(path: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new TickmuxError(ErrorCode.CONFIG_INVALID, `cannot read env file ${path}`, { cause });
  }
  return parse(text);
}

/** Options of {@link loadConfigFromFiles}. */
export interface LoadConfigFromFilesOptions extends LoadConfigOptions {
  /** Variables that win over every file, usually `process.env` (dotenv's precedence). @default {} */
  env?: Env;
  /** Throw when a file does not exist, instead of skipping it. @default false */
  requireFiles?: boolean;
}

/** Defaults of {@link LoadConfigFromFilesOptions}. */
export const DEFAULT_LOAD_CONFIG_FROM_FILES_OPTIONS: Required<LoadConfigFromFilesOptions> =
  Object.freeze({ ...DEFAULT_LOAD_CONFIG_OPTIONS, env: Object.freeze({}), requireFiles: false });

/**
 * `loadConfig` over `.env` files merged in order (a later file overrides an earlier one, e.g.
 * `['.env', '.env.local']`), then `options.env` over all of them. Missing files are skipped unless
 * `requireFiles`; nothing is read implicitly and `process.env` is never modified.
 */
export function loadConfigFromFiles(
  paths: readonly string[],
  options: LoadConfigFromFilesOptions = {},
): TickmuxConfig {
  const { env, requireFiles, logger } = { ...DEFAULT_LOAD_CONFIG_FROM_FILES_OPTIONS, ...options };
  const merged: Record<string, string | undefined> = {};
  for (const path of paths) {
    let values: Record<string, string>;
    try {
      values = readEnvFile(path);
    } catch (err) {
      if (requireFiles || !isMissingFile(err)) throw err;
      logger.debug({ path }, `config: no env file ${path}, skipped`);
      continue;
    }
    logger.info({ path, keys: Object.keys(values).length }, `config: read ${path}`);
    Object.assign(merged, values);
  }
  for (const [key, value] of Object.entries(env)) if (value !== undefined) merged[key] = value;
  return loadConfig(merged, { logger });
}

function isMissingFile(err: unknown): boolean {
  const cause = err instanceof Error ? err.cause : undefined;
  return (cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
