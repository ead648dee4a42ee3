import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { normaliseTickers } from '@tickmux/core';
import { recordingFrameLine, recordingHeaderLine, startSim, type Sim } from '@tickmux/massive-sim';
import WebSocket from 'ws';
import { EMBEDDED_API_KEY } from './embedded-env.js';

export interface RecordOptions {
  out: string;
  duration: number;
  url?: string;
  apiKey?: string;
  tickers: string;
  channels: string;
  seed: number;
  rate: number;
  note?: string;
}

/**
 * `tickmux record`: one plain reader (auth, subscribe, read) for `duration` seconds, every text
 * frame it receives written in the simulator's recording format (`massive-ws-recording` v1,
 * NDJSON, gzip when the file ends in `.gz`), for `pnpm sim --replay <file>`. From the vendor or any
 * server with `--url`/`MASSIVE_WEBSOCKET_URL` and a key, else from the embedded simulator.
 */
export async function runRecord(opts: RecordOptions): Promise<number> {
  const tickers = opts.tickers === '*' ? ['*'] : normaliseTickers(opts.tickers, '--tickers');
  const channels = opts.channels
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  const url = opts.url ?? process.env['MASSIVE_WEBSOCKET_URL'];
  let sim: Sim | undefined;
  if (url === undefined || url === '')
    sim = await startSim({
      seed: opts.seed,
      rate: opts.rate,
      apiKeys: [EMBEDDED_API_KEY],
      controlPort: false,
      // The market of the recorded tickers only, so the rate is theirs.
      ...(tickers[0] === '*' ? {} : { tickers }),
    });
  const target = sim?.url ?? url!;
  const apiKey =
    sim === undefined ? (opts.apiKey ?? process.env['MASSIVE_API_KEY'] ?? '') : EMBEDDED_API_KEY;
  if (apiKey === '') {
    process.stderr.write('tickmux record: no API key: pass --api-key or set MASSIVE_API_KEY\n');
    return 1;
  }
  const file = createWriteStream(opts.out);
  const gzip = opts.out.endsWith('.gz') ? createGzip() : undefined;
  const sink: NodeJS.WritableStream = gzip ?? file;
  if (gzip !== undefined) gzip.pipe(file);
  const source =
    sim === undefined
      ? target.replace(/\/\/[^@/]*@/, '//')
      : `massive-sim seed ${opts.seed}, rate ${opts.rate}`;
  sink.write(
    `${recordingHeaderLine({
      createdAt: new Date().toISOString(),
      source,
      note:
        opts.note ??
        `tickmux record: ${tickers.length === 1 && tickers[0] === '*' ? 'every ticker' : `${tickers.length} tickers`} on ${channels.join(',')}`,
    })}\n`,
  );
  let frames = 0;
  const ws = new WebSocket(target);
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) return;
    frames++;
    sink.write(`${recordingFrameLine({ t: Date.now(), c: 'c1', f: data.toString() })}\n`);
  });
  try {
    await Promise.race([
      once(ws, 'open'),
      once(ws, 'error').then(([err]) => Promise.reject(err as Error)),
    ]);
    ws.send(JSON.stringify({ action: 'auth', params: apiKey }));
    const topics = channels.flatMap((c) => tickers.map((t) => `${c}.${t}`));
    ws.send(JSON.stringify({ action: 'subscribe', params: topics.join(',') }));
    const closed = once(ws, 'close');
    await Promise.race([new Promise((r) => setTimeout(r, opts.duration * 1000)), closed]);
  } catch (err) {
    process.stderr.write(
      `tickmux record: cannot connect to ${target}: ${(err as Error).message}\n`,
    );
    return 1;
  } finally {
    ws.terminate();
    sink.end();
    await once(file, 'close');
    await sim?.close();
  }
  process.stdout.write(
    `recorded ${frames} frames in ${opts.duration}s to ${opts.out}; replay: pnpm sim --replay ${opts.out}\n`,
  );
  return 0;
}
