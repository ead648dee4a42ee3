import { mixedEvents, mixedFrames, syntheticTickers } from './frames.js';
import { prepareEvents, subscribedFrames } from './frame-source.js';
import { startReplayServer } from './replay-server.js';

// The replay server as its own process:
// `tsx src/replay-main.ts [frames] [batch] [seed] [tickers] [loop|silent|subscribed]`
// tickers: the size of a synthetic universe (0 = 16 real names). loop: every socket gets the
// same frames; silent: acks only, no data; subscribed: each socket gets its subscribed tickers'
// T and Q events with q rising every pass (for readers that de-duplicate). Prints
// "replay listening on <url>" and serves until SIGTERM.
const [frames = '2000', batch = '100', seed = '11', tickers = '0', mode = 'loop'] =
  process.argv.slice(2);
const universe = Number(tickers) > 0 ? syntheticTickers(Number(tickers)) : undefined;
let server;
if (mode === 'subscribed') {
  const events = prepareEvents(mixedEvents(Number(frames) * Number(batch), Number(seed), universe));
  type Sub = ReturnType<typeof subscribedFrames>;
  server = await startReplayServer((topics, previous) =>
    subscribedFrames(
      events,
      topics,
      Number(batch),
      previous === undefined ? 0 : (previous as Sub).pass() + 1,
    ),
  );
} else {
  server = await startReplayServer(
    mixedFrames(Number(frames), Number(batch), Number(seed), universe),
    { sendData: mode !== 'silent' },
  );
}
console.log(`replay listening on ${server.url}`);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
