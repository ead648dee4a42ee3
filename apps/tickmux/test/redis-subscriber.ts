import { Redis } from 'ioredis';

/** A pub/sub subscriber on its own connection that keeps every message per channel. */
export async function subscriber(url: string, channels: string[]) {
  const conn = new Redis(url);
  const got = new Map<string, string[]>(channels.map((c) => [c, []]));
  conn.on('message', (channel: string, message: string) => got.get(channel)?.push(message));
  conn.on('error', () => undefined); // it reconnects and resubscribes by itself
  await conn.subscribe(...channels);
  return {
    conn,
    messages: (channel: string) => got.get(channel) ?? [],
    count: (channel: string) => got.get(channel)?.length ?? 0,
    close: async () => {
      conn.disconnect();
      await new Promise((r) => setImmediate(r));
    },
  };
}
