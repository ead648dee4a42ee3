import { ErrorCode, TickmuxError } from '@tickmux/core';

/** The server rejected the API key (`auth_failed`). Never retried. */
export class AuthFailedError extends TickmuxError {
  constructor(readonly serverMessage: string) {
    super(ErrorCode.AUTH_FAILED, `authentication failed: ${serverMessage}`);
  }
}

/** The server closed the socket because no auth arrived in time (`auth_timeout`). Retried. */
export class AuthTimeoutError extends TickmuxError {
  constructor(readonly serverMessage: string) {
    super(ErrorCode.AUTH_TIMEOUT, `server reported auth timeout: ${serverMessage}`);
  }
}

/**
 * The account's connection limit was reached (`max_connections`, then close 1008). Retried only
 * after a long wait: the limit is the account's, not a glitch.
 */
export class MaxConnectionsError extends TickmuxError {
  readonly closeCode = 1008;
  constructor(
    readonly serverMessage: string,
    /** How long the client waits before trying again. */
    readonly retryAfterMs: number,
  ) {
    super(ErrorCode.MAX_CONNECTIONS, `connection limit reached: ${serverMessage}`);
  }
}

/** No authenticated session within the connect timeout. Retried. */
export class ConnectTimeoutError extends TickmuxError {
  constructor(readonly timeoutMs: number) {
    super(ErrorCode.CONNECT_TIMEOUT, `not authenticated within ${timeoutMs} ms`);
  }
}

/** The socket closed (or never opened) without a status that explains it. Retried. */
export class ConnectionClosedError extends TickmuxError {
  constructor(
    readonly closeCode: number,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      ErrorCode.CONNECTION_CLOSED,
      `connection closed (${closeCode}${reason ? `: ${reason}` : ''})`,
      options,
    );
  }
}

/** No frame and no pong for the heartbeat timeout: the socket was declared dead. Retried. */
export class HeartbeatTimeoutError extends TickmuxError {
  constructor(readonly silentMs: number) {
    super(ErrorCode.HEARTBEAT_TIMEOUT, `no frame or pong for ${silentMs} ms`);
  }
}

/** Subscribed, but no data for the data-silence timeout. Retried. */
export class DataSilenceError extends TickmuxError {
  constructor(readonly silentMs: number) {
    super(ErrorCode.DATA_SILENCE, `subscribed but no data for ${silentMs} ms`);
  }
}

/** Reconnecting stopped after the configured number of retries; `cause` is the last failure. */
export class RetriesExhaustedError extends TickmuxError {
  constructor(
    readonly attempts: number,
    cause: unknown,
  ) {
    super(
      ErrorCode.RETRIES_EXHAUSTED,
      `gave up after ${attempts} attempts: ${(cause as Error | undefined)?.message ?? 'unknown'}`,
      { cause },
    );
  }
}

/** The server cut this consumer for falling behind (`slow_consumer`). Retried with backoff. */
export class SlowConsumerError extends TickmuxError {
  constructor(readonly serverMessage: string) {
    super(ErrorCode.SLOW_CONSUMER, `server closed a slow consumer: ${serverMessage}`);
  }
}

/** The server ended the session (`force_disconnect`). Retried with backoff. */
export class ForceDisconnectError extends TickmuxError {
  constructor(readonly serverMessage: string) {
    super(ErrorCode.FORCE_DISCONNECT, `server forced a disconnect: ${serverMessage}`);
  }
}

/**
 * The `socketGate` option rejected, so no socket was opened: a failed attempt, retried with
 * backoff (not counted by the circuit breaker: the server was never asked). `cause` is the rejection.
 */
export class SocketGateError extends TickmuxError {
  constructor(cause: unknown) {
    super(
      ErrorCode.SOCKET_GATE_REJECTED,
      `socket gate rejected: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}
