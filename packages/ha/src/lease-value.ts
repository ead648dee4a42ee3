/**
 * A lease's value in the store: `<token>:<owner>`, so a compare-and-set on the value checks the
 * owner and the fencing token at once. `owner` is `<instanceId>#<incarnation>`: a restarted
 * process never mistakes its previous life's lease for its own.
 */
export function leaseValue(token: number, owner: string): string {
  return `${token}:${owner}`;
}

/** Splits a lease value; undefined when it is not one. */
export function parseLeaseValue(value: string): { token: number; owner: string } | undefined {
  const at = value.indexOf(':');
  if (at <= 0) return undefined;
  const token = Number(value.slice(0, at));
  if (!Number.isSafeInteger(token)) return undefined;
  return { token, owner: value.slice(at + 1) };
}
