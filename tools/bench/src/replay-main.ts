import { mixedFrames, syntheticTickers } from './frames.js';
import { startReplayServer } from './replay-server.js';

// The replay server as its own process:
// `tsx src/replay-main.ts [frames] [batch] [seed] [tickers] [data|silent]` (tickers: the size of
// a synthetic universe, 0 = 16 real names; silent: acks only, no data). Prints "replay listening
// on <url>" and serves until SIGTERM.
const [frames = '2000', batch = '100', seed = '11', tickers = '0', mode = 'data'] =
  process.argv.slice(2);
const universe = Number(tickers) > 0 ? syntheticTickers(Number(tickers)) : undefined;
const server = await startReplayServer(
  mixedFrames(Number(frames), Number(batch), Number(seed), universe),
  { sendData: mode !== 'silent' },
);
console.log(`replay listening on ${server.url}`);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
