import { CONNECTION_FIELDS, ENV_KEYS, parseConnectionKey } from './keys.js';
import type { ConfigWarning, Env } from './types.js';

// Names the original system's .env files used for keys tickmux reads under another name.
const LEGACY_NAMES: Readonly<Record<string, string>> = {
  MAX_RECONNECT_ATTEMPTS: 'MASSIVE_WEBSOCKET_MAX_RETRIES',
  POLYGON_API_KEY: 'MASSIVE_API_KEY',
};

// Prefixes tickmux owns: any unknown key under them is a mistake worth a warning.
const OWNED_PREFIXES = ['MASSIVE_', 'WEBSOCKET_'];

// Digits stand for any connection number, so WEBSOCKET_CONECTION_7_NAME matches slot 7's NAME.
const TEMPLATES = [...ENV_KEYS, ...CONNECTION_FIELDS.map((f) => `WEBSOCKET_CONNECTION_#_${f}`)];

/**
 * Warnings for env keys tickmux does not read but that look meant for it: a known key's misspelling
 * (edit distance <= 2), an unknown key under `MASSIVE_` or `WEBSOCKET_`, or a name the original
 * system used. Per-connection keys are checked by `loadConfig` itself.
 */
export function unknownKeyWarnings(env: Env): ConfigWarning[] {
  const warnings: ConfigWarning[] = [];
  for (const key of Object.keys(env).sort()) {
    if (env[key] === undefined || isKnown(key)) continue;
    const legacy = LEGACY_NAMES[key];
    if (legacy !== undefined) {
      warnings.push({ key, message: `not read by tickmux; did you mean ${legacy}?` });
      continue;
    }
    const owned = OWNED_PREFIXES.some((p) => key.startsWith(p));
    const best = closestKey(key, owned ? 6 : 2);
    if (best === undefined && !owned) continue;
    const hint = best === undefined ? '' : `; did you mean ${best}?`;
    warnings.push({ key, message: `not a tickmux key, ignored${hint}` });
  }
  return warnings;
}

function isKnown(key: string): boolean {
  return (ENV_KEYS as readonly string[]).includes(key) || parseConnectionKey(key) !== undefined;
}

function closestKey(key: string, maxDistance: number): string | undefined {
  const digits = /\d+/.exec(key)?.[0] ?? '1';
  const shape = key.replace(/\d+/g, '#');
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  for (const template of TEMPLATES) {
    if (Math.abs(template.length - shape.length) >= bestDistance) continue;
    const d = editDistance(shape, template, bestDistance);
    if (d < bestDistance) {
      bestDistance = d;
      best = template.replace('#', digits);
    }
  }
  return best;
}

/** Levenshtein distance, giving up (returning `limit`) once every path exceeds it. */
function editDistance(a: string, b: string, limit: number): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      row.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin >= limit) return limit;
    prev = row;
  }
  return prev[b.length]!;
}
