import { ErrorCode, InvalidArgumentError, TickmuxError } from '@tickmux/core';

/** An error the HTTP API answers with its own status: `{ error: { code, message, field? } }`. */
export class HttpError extends TickmuxError {
  constructor(
    readonly status: number,
    code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(code, message);
  }
}

/** The status and JSON body for any error a route threw. */
export function errorReply(err: unknown): {
  status: number;
  body: { error: Record<string, unknown> };
} {
  if (err instanceof HttpError)
    return {
      status: err.status,
      body: { error: { code: err.code, message: err.message, field: err.field } },
    };
  if (err instanceof InvalidArgumentError)
    return {
      status: 400,
      body: { error: { code: err.code, message: err.message, field: err.field } },
    };
  if (err instanceof TickmuxError)
    return { status: 500, body: { error: { code: err.code, message: err.message } } };
  return {
    status: 500,
    body: {
      error: {
        code: 'TICKMUX_INTERNAL',
        message: err instanceof Error ? err.message : String(err),
      },
    },
  };
}

export const notFound = (what: string): HttpError => new HttpError(404, ErrorCode.NOT_FOUND, what);
