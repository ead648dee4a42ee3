import { ErrorCode, TickmuxError } from '@tickmux/core';
import type { ConnectionId } from './types.js';

/** A connection id an assignment does not hold. */
export class UnknownConnectionError extends TickmuxError {
  readonly connection: ConnectionId;

  constructor(connection: ConnectionId, known: readonly ConnectionId[]) {
    super(
      ErrorCode.UNKNOWN_CONNECTION,
      `unknown connection "${connection}" (known: ${known.join(', ') || 'none'})`,
    );
    this.connection = connection;
  }
}
