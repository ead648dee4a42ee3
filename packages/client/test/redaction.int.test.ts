import { inspect } from 'node:util';
import {
  AUTH_FAILED,
  captureLogger,
  CONNECTED,
  useScriptedServer,
  useSim,
  waitUntil,
} from '@tickmux/test-utils';
import { describe, expect, it } from 'vitest';
import { timeline, useClient } from './helpers.js';

const KEY = 'SECRET-KEY-0123456789';

describe('the API key never leaks', () => {
  it('appears in no log line, status, error, stats or inspection, through success and failure', async () => {
    const logger = captureLogger();
    const log = timeline();
    const sim = await useSim({ apiKeys: [KEY], clock: 'real', rate: 2_000 });
    const ok = useClient({ url: sim.url, apiKey: KEY, logger, ...log.callbacks });
    await ok.connect();
    await ok.subscribe(['AAPL']);
    sim.control.kill('c1');
    await waitUntil(() => ok.stats.reconnects === 1 && ok.state === 'connected');

    const bad = await useScriptedServer((ws) => {
      ws.send(CONNECTED);
      ws.on('message', () => {
        ws.send(AUTH_FAILED);
        ws.close(1008);
      });
    });
    const failing = useClient({ url: bad.url, apiKey: KEY, logger, ...log.callbacks });
    expect(await failing.connect()).toBe(false);

    const everything = [
      logger.text(),
      JSON.stringify(log.entries),
      String(failing.lastError),
      JSON.stringify(failing.lastError),
      JSON.stringify(ok.stats),
      inspect(ok, { depth: 5, showHidden: true }),
      inspect(failing, { depth: 5, showHidden: true }),
      JSON.stringify(ok),
    ].join('\n');
    expect(logger.lines.length).toBeGreaterThan(5);
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain('0123456789');
  });
});
