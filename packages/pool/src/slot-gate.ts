/**
 * What a slot gate grants a connection: the right to hold one socket on its account slot while
 * `signal` has not aborted (`@tickmux/ha`'s `SlotTicket` fits). When `signal` aborts, the
 * connection's socket is closed at once (close handshake) and the connection waits at the gate
 * again.
 */
export interface SlotPass {
  readonly signal: AbortSignal;
  /** How the socket opened under this pass ended (so the slot is released with the right quiet). */
  socketClosed?(info: { wasClean: boolean; abandoned: boolean }): void;
}

/**
 * The manager's `slotGate` option: consulted after the socket budget grants a slot and before a
 * connection's socket opens. Connection n (in the manager's order, from 1) uses slot n. Resolves
 * once the connection may open its socket; rejects (the attempt fails and is retried) or waits.
 * `signal` aborts when the connection is disconnected.
 */
export type SlotGateFn = (slot: number, signal: AbortSignal) => Promise<SlotPass>;

/** The lowest slot in 1..max not in `taken` (max + 1 when all are). */
export function freeSlot(taken: Iterable<number>, max: number): number {
  const used = new Set(taken);
  for (let n = 1; n <= max; n++) if (!used.has(n)) return n;
  return max + 1;
}

/** A new connection's gate and slot: the lowest slot no other connection uses. */
export function gateForNewConnection(
  gate: SlotGateFn | undefined,
  others: Iterable<{ readonly slotGate?: { readonly slot: number } | undefined }>,
  max: number,
): { slot: number; gate: SlotGateFn } | undefined {
  if (gate === undefined) return undefined;
  const taken = [...others].flatMap((c) => (c.slotGate === undefined ? [] : [c.slotGate.slot]));
  return { slot: freeSlot(taken, max), gate };
}
