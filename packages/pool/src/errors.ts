import { ErrorCode, TickmuxError } from '@tickmux/core';

/** `acquire()` waited `timeoutMs` without a connection becoming free. */
export class AcquireTimeoutError extends TickmuxError {
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super(ErrorCode.ACQUIRE_TIMEOUT, `no connection became free within ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/** `acquire(signal)` was aborted through its signal before it got anything; `cause` = the reason. */
export class AcquireAbortedError extends TickmuxError {
  constructor(reason: unknown) {
    super(ErrorCode.ACQUIRE_ABORTED, 'acquire was aborted', { cause: reason });
  }
}

/** The `ConnectionPool` is closed (`closeAll()`): no more connections are handed out. */
export class PoolClosedError extends TickmuxError {
  constructor() {
    super(ErrorCode.POOL_CLOSED, 'the connection pool is closed');
  }
}

/** The pool's factory failed to create a connection; `cause` = what it threw. */
export class PoolCreateError extends TickmuxError {
  constructor(cause: unknown) {
    super(ErrorCode.POOL_CREATE_FAILED, 'the factory failed to create a connection', { cause });
  }
}

/** The `SocketBudget` is closed: no more slots are granted. */
export class BudgetClosedError extends TickmuxError {
  constructor() {
    super(ErrorCode.BUDGET_CLOSED, 'the socket budget is closed');
  }
}
