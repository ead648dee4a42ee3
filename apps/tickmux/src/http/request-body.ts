import type { IncomingMessage } from 'node:http';
import { ErrorCode, InvalidArgumentError } from '@tickmux/core';
import { HttpError } from './http-error.js';

/**
 * Reads a request body as a JSON object. An empty body is `{}`; anything that is not a JSON
 * object is a 400 naming `body`; more than `maxBytes` is a 413.
 */
export async function readJsonObject(
  req: IncomingMessage,
  maxBytes: number,
): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes)
      throw new HttpError(
        413,
        ErrorCode.INVALID_ARGUMENT,
        `body: larger than ${maxBytes} bytes`,
        'body',
      );
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InvalidArgumentError('body', text, `must be JSON (${(err as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new InvalidArgumentError('body', value, 'must be a JSON object');
  return value as Record<string, unknown>;
}

/** Throws a 400 naming the first field of `body` not in `allowed`. */
export function onlyFields(body: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key))
      throw new InvalidArgumentError(
        `body.${key}`,
        body[key],
        allowed.length === 0
          ? 'unknown field (this request takes no fields)'
          : `unknown field (allowed: ${allowed.join(', ')})`,
      );
  }
}
