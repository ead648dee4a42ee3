import { mixedFrames } from './frames.js';
import { startReplayServer } from './replay-server.js';

// The replay server as its own process: `tsx src/replay-main.ts [frames] [batch] [seed]`.
// Prints "replay listening on <url>" and serves until SIGTERM.
const [frames = '2000', batch = '100', seed = '11'] = process.argv.slice(2);
const server = await startReplayServer(mixedFrames(Number(frames), Number(batch), Number(seed)));
console.log(`replay listening on ${server.url}`);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
