import { InvalidArgumentError } from '@tickmux/core';
import type { Assignment } from './assignment.js';
import { balance } from './balance.js';
import { finish, type RoutingChange } from './change.js';
import { Draft } from './draft.js';
import { UnknownConnectionError } from './errors.js';
import { fill, settle } from './fill.js';
import { STRATEGIES } from './strategies/index.js';
import { recordFailure } from './displaced.js';
import type { ConnectionId } from './types.js';

/**
 * Adds a new connection, which takes about 1/N of the tickers: those whose strategy places them
 * there (their hash choice, manual list, tier or pinned sector), then whatever was unplaced or
 * short of replicas, then (except under `hash`) tickers from the busiest connections up to its
 * fair share ⌈copies / N⌉, a whole sector at a time under `sector`. Nothing else moves. Throws
 * `INVALID_ARGUMENT` (field `connection`) for an id that is empty or already known (a connection
 * that is down comes back with `restore`).
 */
export function addConnection(current: Assignment, connection: ConnectionId): RoutingChange {
  if (typeof connection !== 'string' || connection === '') {
    throw new InvalidArgumentError('connection', connection, 'must be a non-empty string');
  }
  if (current.hasConnection(connection)) {
    throw new InvalidArgumentError('connection', connection, 'is already a connection');
  }
  if (current.downConnections.includes(connection)) {
    throw new InvalidArgumentError('connection', connection, 'is down; bring it back with restore');
  }
  const draft = Draft.of(current);
  draft.addSlot(connection);
  const into = draft.live.indexOf(connection);
  const home = STRATEGIES[draft.policy.strategy].home?.(draft);
  if (home !== undefined) {
    for (const [t, on] of [...draft.placed()]) {
      if (!draft.hasRoom(into)) break;
      const belongs = home(t);
      if (belongs === undefined || !belongs.includes(into)) continue;
      // Move the copy that no longer belongs where it is (the last such).
      const from = on.findLast((c) => !belongs.includes(draft.live.indexOf(c)));
      if (from === undefined) continue;
      draft.unplace(t, from);
      draft.place(t, into);
    }
  }
  settle(draft);
  // Under hash a connection takes only what hashes to it; the others fill it to a fair share.
  if (draft.policy.strategy !== 'hash') {
    const placements = draft.loads.reduce((a, b) => a + b, 0);
    balance(draft, { tolerance: 0, into, limit: Math.ceil(placements / draft.live.length) });
    // Room a move freed may take a replica that found no distinct connection before.
    settle(draft);
  }
  return finish(draft);
}

/**
 * Fails over a dead connection: only its tickers move. First a copy for every ticker that lost its
 * only one, then replicas with what is left (cutting spare replicas if that is what it takes to
 * give every ticker a copy); each goes where the strategy sends it among the survivors (hash: its
 * next-best connection; priority: the next tier; sector: with its sector, together where capacity
 * allows). The connection stays known as down, with a record of what moved (`displacedFrom`), so
 * `restore` can move it back. The plan has no unsubscribes on the dead connection. Throws
 * `UNKNOWN_CONNECTION`, or `INVALID_ARGUMENT` (field `connection`) if it is already down.
 */
export function failConnection(current: Assignment, connection: ConnectionId): RoutingChange {
  if (current.downConnections.includes(connection)) {
    throw new InvalidArgumentError('connection', connection, 'is already down');
  }
  if (!current.hasConnection(connection)) {
    throw new UnknownConnectionError(connection, current.connections);
  }
  const draft = Draft.of(current);
  const orphans = draft.takeDown(connection, false);
  const landed = landings();
  const cut = fill(draft, orphans, { onPlace: landed.onPlace });
  cut.push(...settle(draft));
  recordFailure(draft, connection, orphans, landed.map, cut);
  return finish(draft, connection);
}

/**
 * Removes a connection for good (a planned shrink, not a failure): its tickers move as on failover,
 * but the plan subscribes them elsewhere before it unsubscribes them here, so none goes uncovered.
 * A connection that is down is forgotten (with its record of what moved). Throws
 * `UNKNOWN_CONNECTION`.
 */
export function removeConnection(current: Assignment, connection: ConnectionId): RoutingChange {
  const draft = Draft.of(current);
  if (current.downConnections.includes(connection)) {
    draft.forgetDown(connection);
    return finish(draft);
  }
  if (!current.hasConnection(connection)) {
    throw new UnknownConnectionError(connection, current.connections);
  }
  const orphans = draft.takeDown(connection, true);
  const landed = landings();
  fill(draft, orphans, { onPlace: landed.onPlace });
  settle(draft);
  recordFailure(draft, connection, orphans, landed.map, [], true);
  return finish(draft);
}

/** Where each ticker got its first new copy. */
function landings(): {
  map: Map<string, ConnectionId>;
  onPlace: (t: string, to: ConnectionId) => void;
} {
  const map = new Map<string, ConnectionId>();
  return {
    map,
    onPlace: (t, to) => {
      if (!map.has(t)) map.set(t, to);
    },
  };
}
