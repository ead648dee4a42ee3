import { SECRET_KEYS } from './keys.js';
import type { TickmuxConfig } from './types.js';

/** What a secret is shown as. */
export const REDACTED = '[redacted]';

// The userinfo part of a URL (`redis://user:secret@host`), even in a URL too broken to parse.
const USERINFO_RE = /^([a-z][a-z0-9+.-]*:\/\/)?[^@/\s]*@/i;

// A query parameter whose name says it holds a secret (`apiKey`, `api_key`, `password`, `token`,
// `access_token`, `secret`, `auth`, `signature`, ...): its value, up to the next `&`, `;` or `#`.
const SECRET_PARAM_RE =
  /([?&;][^=&;#]*(?:key|pass|pwd|secret|token|auth|signature|credential)[^=&;#]*=)[^&;#]*/gi;

/**
 * A URL with its user and password, and the values of query parameters that hold secrets, replaced
 * by `***`, so a `REDIS_URL` or a `MASSIVE_WEBSOCKET_URL` carrying `?apiKey=` can be logged.
 */
export function redactUrl(url: string): string {
  return url
    .replace(USERINFO_RE, (_match, scheme: string | undefined) => `${scheme ?? ''}***@`)
    .replace(SECRET_PARAM_RE, '$1***');
}

/** A config value as it may appear in an error or a log line: secrets and URL passwords hidden. */
export function redactValue(key: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (SECRET_KEYS.has(key)) return REDACTED;
  if (key.endsWith('_URL')) return redactUrl(value);
  return value;
}

/** A copy of the config that is safe to log: the API key and any URL credentials hidden. */
export function redactConfig(config: TickmuxConfig): TickmuxConfig {
  return Object.freeze({
    ...config,
    apiKey: config.apiKey === '' ? '' : REDACTED,
    url: redactUrl(config.url),
    redisUrl: config.redisUrl === null ? null : redactUrl(config.redisUrl),
  });
}
