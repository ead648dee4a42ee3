import { InvalidArgumentError } from '@tickmux/core';
import type { Assignment } from './assignment.js';
import { finish, type RoutingChange } from './change.js';
import { Draft } from './draft.js';
import { UnknownConnectionError } from './errors.js';
import { settle } from './fill.js';
import type { ConnectionId } from './types.js';

/**
 * Brings a failed connection back: what its failure moved goes back to it (each ticker's extra
 * copy dropped from where it went), replicas cut to make room go back where they were, and then
 * unplaced tickers and replication lost in a cascade of failures are restored where there is
 * room. Failing a connection and restoring it with nothing else changed returns the same
 * placements. Throws `UNKNOWN_CONNECTION`, or `INVALID_ARGUMENT` (field `connection`) if it is
 * not down.
 */
export function restore(current: Assignment, connection: ConnectionId): RoutingChange {
  if (current.hasConnection(connection)) {
    throw new InvalidArgumentError('connection', connection, 'is not down');
  }
  if (!current.downConnections.includes(connection)) {
    throw new UnknownConnectionError(connection, current.connections);
  }
  const draft = Draft.of(current);
  draft.bringUp(connection);
  const records = draft.displaced.get(connection) ?? [];
  draft.displaced.delete(connection);
  const back = draft.live.indexOf(connection);
  for (const { ticker, from, to } of records) {
    if (from !== connection || !draft.isWanted(ticker) || draft.holds(ticker, back)) continue;
    if (!draft.hasRoom(back)) break;
    draft.place(ticker, back);
    // Drop the copy that stood in for this one, then any copy past what the ticker wants.
    if (to !== null && to !== connection && draft.copiesOf(ticker).includes(to)) {
      draft.unplace(ticker, to);
    }
    while (draft.copies(ticker) > draft.target(ticker)) {
      draft.unplace(
        ticker,
        draft.copiesOf(ticker).findLast((c) => c !== connection)!,
      );
    }
  }
  for (const { ticker, from } of records) {
    const i = draft.live.indexOf(from);
    if (from === connection || i === -1 || !draft.isWanted(ticker)) continue;
    if (
      draft.copies(ticker) < draft.target(ticker) &&
      !draft.holds(ticker, i) &&
      draft.hasRoom(i)
    ) {
      draft.place(ticker, i);
    }
  }
  settle(draft);
  return finish(draft);
}
