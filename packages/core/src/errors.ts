/**
 * Every error and decode-issue code used anywhere in tickmux. Codes are stable: consumers switch on
 * them, so a code is never renamed or reused. Each package's README lists the codes it raises.
 */
export const ErrorCode = {
  // Frame decoding (reported as issues by decodeFrame, never thrown).
  INVALID_JSON: 'TICKMUX_INVALID_JSON',
  FRAME_NOT_ARRAY: 'TICKMUX_FRAME_NOT_ARRAY',
  MESSAGE_NOT_OBJECT: 'TICKMUX_MESSAGE_NOT_OBJECT',
  MISSING_FIELD: 'TICKMUX_MISSING_FIELD',
  INVALID_FIELD: 'TICKMUX_INVALID_FIELD',
  // Bad input to a public function.
  INVALID_ARGUMENT: 'TICKMUX_INVALID_ARGUMENT',
  INVALID_TICKER: 'TICKMUX_INVALID_TICKER',
  INVALID_TOPIC: 'TICKMUX_INVALID_TOPIC',
  // One connection (@tickmux/client).
  CONNECT_TIMEOUT: 'TICKMUX_CONNECT_TIMEOUT',
  AUTH_FAILED: 'TICKMUX_AUTH_FAILED',
  AUTH_TIMEOUT: 'TICKMUX_AUTH_TIMEOUT',
  MAX_CONNECTIONS: 'TICKMUX_MAX_CONNECTIONS',
  CONNECTION_CLOSED: 'TICKMUX_CONNECTION_CLOSED',
  HEARTBEAT_TIMEOUT: 'TICKMUX_HEARTBEAT_TIMEOUT',
  DATA_SILENCE: 'TICKMUX_DATA_SILENCE',
  CIRCUIT_OPEN: 'TICKMUX_CIRCUIT_OPEN',
  RETRIES_EXHAUSTED: 'TICKMUX_RETRIES_EXHAUSTED',
  SLOW_CONSUMER: 'TICKMUX_SLOW_CONSUMER',
  FORCE_DISCONNECT: 'TICKMUX_FORCE_DISCONNECT',
  SOCKET_GATE_REJECTED: 'TICKMUX_SOCKET_GATE_REJECTED',
  // Configuration, universes and routing.
  CONFIG_INVALID: 'TICKMUX_CONFIG_INVALID',
  UNIVERSE_UNAVAILABLE: 'TICKMUX_UNIVERSE_UNAVAILABLE',
  CAPACITY_EXCEEDED: 'TICKMUX_CAPACITY_EXCEEDED',
  NO_CONNECTIONS: 'TICKMUX_NO_CONNECTIONS',
  UNKNOWN_CONNECTION: 'TICKMUX_UNKNOWN_CONNECTION',
  // The pool's building blocks (@tickmux/pool): socket budget and connection pool.
  ACQUIRE_TIMEOUT: 'TICKMUX_ACQUIRE_TIMEOUT',
  ACQUIRE_ABORTED: 'TICKMUX_ACQUIRE_ABORTED',
  POOL_CLOSED: 'TICKMUX_POOL_CLOSED',
  POOL_CREATE_FAILED: 'TICKMUX_POOL_CREATE_FAILED',
  BUDGET_CLOSED: 'TICKMUX_BUDGET_CLOSED',
  // High availability (@tickmux/ha): slot leases in Redis.
  HA_FENCED: 'TICKMUX_HA_FENCED',
  HA_LEASE_LOST: 'TICKMUX_HA_LEASE_LOST',
  HA_CLOSED: 'TICKMUX_HA_CLOSED',
  HA_STORE_UNAVAILABLE: 'TICKMUX_HA_STORE_UNAVAILABLE',
  // The simulator.
  SIM_SCENARIO_INVALID: 'TICKMUX_SIM_SCENARIO_INVALID',
  SIM_UNKNOWN_CONNECTION: 'TICKMUX_SIM_UNKNOWN_CONNECTION',
  SIM_RECORDING_INVALID: 'TICKMUX_SIM_RECORDING_INVALID',
  SIM_CONTROL_UNAUTHORIZED: 'TICKMUX_SIM_CONTROL_UNAUTHORIZED',
  // The service's HTTP API (apps/tickmux).
  NOT_FOUND: 'TICKMUX_NOT_FOUND',
  UNAUTHORIZED: 'TICKMUX_UNAUTHORIZED',
  METHOD_NOT_ALLOWED: 'TICKMUX_METHOD_NOT_ALLOWED',
  NOT_SUPPORTED: 'TICKMUX_NOT_SUPPORTED',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Base class of every error tickmux throws or reports. `code` is one of {@link ErrorCode}. */
export class TickmuxError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A public function was given a value it cannot use; `field` names the offending argument. */
export class InvalidArgumentError extends TickmuxError {
  readonly field: string;
  readonly value: unknown;

  constructor(
    field: string,
    value: unknown,
    reason: string,
    code: ErrorCode = ErrorCode.INVALID_ARGUMENT,
  ) {
    super(code, `${field}: ${reason} (got ${describeValue(value)})`);
    this.field = field;
    this.value = value;
  }
}

/** Short, log-safe description of a value for error messages (never dumps whole objects). */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    return value.length > 40 ? JSON.stringify(`${value.slice(0, 40)}…`) : JSON.stringify(value);
  }
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `array(${value.length})`;
  if (typeof value === 'object') return 'object';
  if (typeof value === 'function') return 'function';
  if (typeof value === 'symbol') return value.toString();
  return `${value as number | boolean | bigint}`;
}
