import { readFileSync } from 'node:fs';
import { parseTickerList } from '@tickmux/core';
import { ConfigError, type ConfigIssue } from '../config-error.js';
import { universeKeyValue } from '../schema.js';

/**
 * Parses a universe file: a JSON object from universe key to tickers, each an array or a
 * comma-separated string (`{ "tech_leaders:top_5": ["AAPL", "MSFT"], "watch": "nvda, tsla" }`).
 * Tickers are normalised (trimmed, upper-cased, de-duplicated in order). Every bad key and
 * ticker is reported at once as a {@link ConfigError}.
 */
export function parseUniverseFile(text: string, name = 'universe file'): Map<string, string[]> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError([{ key: name, value: undefined, message: 'not valid JSON' }], { cause });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigError([
      { key: name, value: undefined, message: 'expected an object of universe key to tickers' },
    ]);
  }
  const issues: ConfigIssue[] = [];
  const out = new Map<string, string[]>();
  for (const [key, list] of Object.entries(data)) {
    if (!universeKeyValue.safeParse(key).success) {
      issues.push({
        key,
        value: undefined,
        message: 'not a universe key (e.g. tech_leaders:top_20)',
      });
      continue;
    }
    if (typeof list !== 'string' && !Array.isArray(list)) {
      issues.push({
        key,
        value: undefined,
        message: 'expected an array or a comma-separated string',
      });
      continue;
    }
    const { tickers, invalid } = parseTickerList(list as string | unknown[]);
    for (const bad of invalid) issues.push({ key, value: bad, message: 'not a valid ticker' });
    out.set(key, tickers);
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return out;
}

/** Reads and parses a universe file ({@link parseUniverseFile}). */
export function readUniverseFile(path: string): Map<string, string[]> {
  return parseUniverseFile(readFileSync(path, 'utf8'), path);
}
