import WebSocket from 'ws';

/** A bare reader: `ws` + `JSON.parse`, counting data events. The baseline every reader is compared to. */
export interface PlainReader {
  /** Data events received so far (status objects not counted). */
  events(): number;
  close(): void;
}

/** Connects, authenticates, subscribes to `topics`, and counts events until closed. */
export function startPlainReader(
  url: string,
  topics: string,
  apiKey = 'demo',
): Promise<PlainReader> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    let events = 0;
    let subscribed = false;
    ws.on('error', reject);
    ws.on('message', (data: Buffer) => {
      const arr = JSON.parse(data.toString()) as { ev: string; status?: string }[];
      if (subscribed) {
        for (let i = 0; i < arr.length; i++) if (arr[i]!.ev !== 'status') events++;
        return;
      }
      for (const m of arr) {
        if (m.status === 'connected') ws.send(JSON.stringify({ action: 'auth', params: apiKey }));
        if (m.status === 'auth_success') {
          ws.send(JSON.stringify({ action: 'subscribe', params: topics }));
          subscribed = true;
          resolve({ events: () => events, close: () => ws.terminate() });
        }
        if (m.status === 'auth_failed') reject(new Error('auth failed'));
      }
    });
  });
}
