export { useSim, waitUntil } from './sim.js';
export { useSilentServer, useScriptedServer, refusedUrl, recordingWebSocket } from './servers.js';
export type { TestServer } from './servers.js';
export { captureLogger } from './logger.js';
export type { CapturedLogger } from './logger.js';
export { GUIDE_FRAMES, CONNECTED, AUTH_SUCCESS, AUTH_FAILED, acksFor } from './fixtures.js';
export { VENDOR_FRAMES, PYTHON_MOCK_SESSION } from './vendor-frames.js';
