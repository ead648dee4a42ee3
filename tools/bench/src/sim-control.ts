/** The few calls of the sim's HTTP control API the benches make. */
export interface SimConnection {
  id: string;
  /** When the sim closed it (Unix ms), null while open. */
  closedAt: number | null;
  account: string | null;
  topics: string[];
  state: string;
}

async function call(url: string, init?: RequestInit): Promise<unknown> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`sim control ${init?.method ?? 'GET'} ${url}: ${res.status}`);
  const text = await res.text();
  return text === '' ? null : (JSON.parse(text) as unknown);
}

/** Open sockets as the sim sees them. */
export const openConnections = async (controlUrl: string): Promise<SimConnection[]> =>
  (await call(`${controlUrl}/connections?state=open`)) as SimConnection[];

/**
 * Has the sim kill a socket `inMs` from now (a one-step scenario): the request is answered before
 * the kill, so no HTTP work of the caller's falls into what happens after it.
 */
export const scheduleKill = async (controlUrl: string, id: string, inMs: number): Promise<void> => {
  await call(`${controlUrl}/scenarios`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench-kill', steps: [{ at: inMs, fault: 'kill', target: id }] }),
  });
};

/** One socket as the sim sees it (open or closed). */
export const connectionInfo = async (controlUrl: string, id: string): Promise<SimConnection> =>
  (await call(`${controlUrl}/connections/${encodeURIComponent(id)}`)) as SimConnection;
