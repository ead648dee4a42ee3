import { createServer, type Server } from 'node:net';

/** A loopback port that was free a moment ago: bound on port 0, read, and released. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = portOf(server);
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** The port a listening server is bound to. */
export function portOf(server: Pick<Server, 'address'>): number {
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
}
