import { ErrorCode, TickmuxError } from '@tickmux/core';
import type { ConnectionId } from './types.js';

/** The tickers (with their replicas) do not fit in the connections' capacity. */
export class CapacityExceededError extends TickmuxError {
  /** Ticker slots asked for (a critical ticker on r connections takes r). */
  readonly needed: number;
  /** Slots the connections offer: connections × capacity. */
  readonly available: number;
  /** The ticker that could not be placed, when one ticker is the problem. */
  readonly ticker: string | undefined;

  constructor(message: string, needed: number, available: number, ticker?: string) {
    super(ErrorCode.CAPACITY_EXCEEDED, message);
    this.needed = needed;
    this.available = available;
    this.ticker = ticker;
  }
}

/** There are tickers to route but no live connection to route them to. */
export class NoConnectionsError extends TickmuxError {
  constructor(tickers: number) {
    super(ErrorCode.NO_CONNECTIONS, `no live connection to route ${tickers} ticker(s) to`);
  }
}

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
