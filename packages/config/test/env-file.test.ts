import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode } from '@tickmux/core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CONNECTION_FIELDS,
  ENV_KEYS,
  loadConfig,
  loadConfigFromFiles,
  readEnvFile,
} from '../src/index.js';
import { recordingLogger } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tickmux-env-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('readEnvFile', () => {
  it('reads quotes, comments and inline comments without touching process.env', () => {
    const path = file(
      'a.env',
      '# comment\nMASSIVE_CHANNELS="T,Q"\nWEBSOCKET_HEALTH_CHECK_INTERVAL=15  # seconds\nTICKMUX_TEST_ONLY=1\n',
    );
    expect(readEnvFile(path)).toEqual({
      MASSIVE_CHANNELS: 'T,Q',
      WEBSOCKET_HEALTH_CHECK_INTERVAL: '15',
      TICKMUX_TEST_ONLY: '1',
    });
    expect(process.env['TICKMUX_TEST_ONLY']).toBeUndefined();
  });

  it('throws CONFIG_INVALID naming a file it cannot read', () => {
    expect(() => readEnvFile(join(dir, 'missing.env'))).toThrow(
      expect.objectContaining({
        code: ErrorCode.CONFIG_INVALID,
        message: expect.stringContaining('missing.env'),
      }),
    );
  });
});

describe('loadConfigFromFiles', () => {
  it('lets later files override earlier ones and env override every file', () => {
    const base = file(
      'base.env',
      'WEBSOCKET_HEALTH_CHECK_INTERVAL=10\nMASSIVE_WEBSOCKET_MAX_RETRIES=4\n',
    );
    const local = file('local.env', 'WEBSOCKET_HEALTH_CHECK_INTERVAL=20\n');
    const config = loadConfigFromFiles([base, local], {
      env: { MASSIVE_WEBSOCKET_MAX_RETRIES: '8' },
    });
    expect(config.healthCheckIntervalMs).toBe(20_000);
    expect(config.maxRetries).toBe(8);
  });

  it('skips missing files unless requireFiles is set', () => {
    const logger = recordingLogger();
    const missing = join(dir, 'nope.env');
    expect(loadConfigFromFiles([missing], { logger }).maxConnections).toBe(3);
    expect(logger.messages('debug')).toEqual([`config: no env file ${missing}, skipped`]);
    expect(() => loadConfigFromFiles([missing], { requireFiles: true })).toThrow(
      /cannot read env file/,
    );
  });
});

describe('.env.example', () => {
  const example = join(import.meta.dirname, '../../../.env.example');

  it('loads as a valid configuration', () => {
    expect(() => loadConfigFromFiles([example], { requireFiles: true })).not.toThrow();
  });

  it('documents every key tickmux reads, with its default', () => {
    const text = readFileSync(example, 'utf8');
    for (const key of ENV_KEYS) expect(text).toMatch(new RegExp(`^# ${key}=`, 'm'));
    for (const field of CONNECTION_FIELDS) {
      for (const n of [1, 2, 3]) expect(text).toContain(`# WEBSOCKET_CONNECTION_${n}_${field}=`);
    }
  });

  it('shows the defaults loadConfig applies when its lines are uncommented', () => {
    const uncommented = readFileSync(example, 'utf8')
      .split('\n')
      .filter((line) => /^# [A-Z_0-9]+=/.test(line))
      .map((line) => line.slice(2))
      // The examples beyond the defaults: a key of its own and sample universes and symbols.
      .filter(
        (line) =>
          !/^(MASSIVE_WEBSOCKET_MAX_RECONNECT_ATTEMPTS|REDIS_URL|WEBSOCKET_CONNECTION_\d_(UNIVERSE_KEY|SYMBOLS))=/.test(
            line,
          ),
      )
      .join('\n');
    const path = file('example-uncommented.env', uncommented);
    const { warnings: _a, ...fromExample } = loadConfigFromFiles([path], { requireFiles: true });
    const { warnings: _b, ...defaults } = loadConfig({});
    expect(fromExample).toEqual(defaults);
  });
});
