import { ErrorCode } from './errors.js';
import type { DecodeIssue } from './decode.js';
import type { MassiveEvent, StatusMessage } from './events.js';

/** The control actions a client sends. */
export type ClientAction = 'auth' | 'subscribe' | 'unsubscribe';

/** One client → server message: `{"action":"subscribe","params":"T.AAPL,Q.MSFT"}`. */
export interface ClientMessage {
  action: string;
  params: string;
}

/** `{"action":"auth","params":"<key>"}`. */
export function encodeAuth(apiKey: string): string {
  return JSON.stringify({ action: 'auth', params: apiKey });
}

/** `{"action":"subscribe","params":"T.AAPL,Q.AAPL"}`. Chunk long lists with `chunkTopics`. */
export function encodeSubscribe(topics: readonly string[]): string {
  return JSON.stringify({ action: 'subscribe', params: topics.join(',') });
}

/** `{"action":"unsubscribe","params":"T.AAPL"}`. */
export function encodeUnsubscribe(topics: readonly string[]): string {
  return JSON.stringify({ action: 'unsubscribe', params: topics.join(',') });
}

/** A server frame: a JSON array of data events and/or status messages. */
export function encodeFrame(messages: readonly (MassiveEvent | StatusMessage)[]): string {
  return JSON.stringify(messages);
}

/** A status object as the server sends it: `{"ev":"status","status":...,"message":...}`. */
export function statusMessage(status: string, message: string): StatusMessage {
  return { ev: 'status', status, message };
}

/** Result of reading one client message on the server side. */
export type DecodedClientMessage =
  { ok: true; message: ClientMessage } | { ok: false; issue: DecodeIssue };

/**
 * Server side: reads one client control message. Never throws; a message that is not JSON, not
 * an object, or lacks a string `action` comes back as an issue naming the problem. A missing
 * `params` reads as the empty string.
 */
export function decodeClientMessage(text: string): DecodedClientMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return {
      ok: false,
      issue: { code: ErrorCode.INVALID_JSON, message: `invalid JSON: ${(err as Error).message}` },
    };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return {
      ok: false,
      issue: {
        code: ErrorCode.MESSAGE_NOT_OBJECT,
        message: 'message must be a JSON object with "action" and "params"',
      },
    };
  }
  const obj = parsed as Record<string, unknown>;
  const action = obj['action'];
  if (typeof action !== 'string') {
    return {
      ok: false,
      issue: {
        code: action === undefined ? ErrorCode.MISSING_FIELD : ErrorCode.INVALID_FIELD,
        message:
          action === undefined
            ? 'message is missing "action"'
            : `"action" must be a string, got ${typeof action}`,
        field: 'action',
      },
    };
  }
  const params = obj['params'];
  if (params !== undefined && typeof params !== 'string') {
    return {
      ok: false,
      issue: {
        code: ErrorCode.INVALID_FIELD,
        message: `"params" must be a string, got ${typeof params}`,
        field: 'params',
      },
    };
  }
  return { ok: true, message: { action, params: params ?? '' } };
}
