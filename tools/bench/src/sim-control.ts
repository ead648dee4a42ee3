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

/** Kills a socket without a close frame (what a dead network path looks like). */
export const killConnection = async (controlUrl: string, id: string): Promise<void> => {
  await call(`${controlUrl}/connections/${encodeURIComponent(id)}/kill`, { method: 'POST' });
};

/** One socket as the sim sees it (open or closed). */
export const connectionInfo = async (controlUrl: string, id: string): Promise<SimConnection> =>
  (await call(`${controlUrl}/connections/${encodeURIComponent(id)}`)) as SimConnection;
