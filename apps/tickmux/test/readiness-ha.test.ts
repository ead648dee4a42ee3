import { loadConfig } from '@tickmux/config';
import { ErrorCode } from '@tickmux/core';
import { describe, expect, it } from 'vitest';
import {
  assessReadiness,
  haAccount,
  startServiceHa,
  type HaHealth,
  type HealthStatus,
} from '../src/index.js';

const health = (over: Partial<HealthStatus> = {}): HealthStatus => ({
  total_connections: 3,
  connected: 3,
  total_tickers: 9,
  total_ticks: 0,
  total_errors: 0,
  duplicates_dropped: 0,
  corrections: 0,
  gaps: 0,
  account_contention: 0,
  connections: {},
  ...over,
});

const ha = (role: HaHealth['role'], ready: boolean): HaHealth => ({
  instance_id: 'tickmux-a#1',
  mode: 'leader',
  role,
  ready,
  fencing_token: ready ? 7 : null,
  lease_age_ms: ready ? 100 : null,
  slots_total: 3,
  slots_held: ready ? [1, 2, 3] : [],
  slot_tokens: {},
  store_errors: 0,
  last_store_error: null,
});

describe('readiness with HA', () => {
  it('is ready on the leader only: a standby is not ready, whatever its connections say', () => {
    expect(assessReadiness(health({ ha: ha('leader', true) }))).toMatchObject({
      ready: true,
      reasons: [],
    });
    const standby = assessReadiness(health({ connected: 0, ha: ha('standby', false) }));
    expect(standby.ready).toBe(false);
    expect(standby.reasons[0]).toBe('HA standby: not the leader (tickmux-a#1)');
    expect(assessReadiness(health({ ha: ha('standby', false) })).ready).toBe(false);
    expect(assessReadiness(health()).ready).toBe(true); // without HA: unchanged
  });
});

describe('startServiceHa', () => {
  const env = { USE_MASSIVE_API: 'true', MASSIVE_API_KEY: 'k', REDIS_URL: 'redis://127.0.0.1:1' };

  it('is undefined with HA_ENABLED=false (the default): nothing to start, no Redis', async () => {
    expect(await startServiceHa(loadConfig(env), { multi: true })).toBeUndefined();
  });

  it('refuses HA without the multi-connection manager', async () => {
    const config = loadConfig({ ...env, HA_ENABLED: 'true' });
    await expect(startServiceHa(config, { multi: false })).rejects.toMatchObject({
      code: ErrorCode.CONFIG_INVALID,
    });
  });

  it('refuses HA_MODE=share, which the service does not route per slot, naming the key', async () => {
    const config = loadConfig({ ...env, HA_ENABLED: 'true', HA_MODE: 'share' });
    await expect(startServiceHa(config, { multi: true })).rejects.toMatchObject({
      code: ErrorCode.CONFIG_INVALID,
      message: expect.stringContaining('HA_MODE=share'),
    });
  });

  it('names the account by a hash of the API key, never the key', () => {
    const account = haAccount({ apiKey: 'secret-key' });
    expect(account).toMatch(/^[0-9a-f]{16}$/);
    expect(account).not.toContain('secret');
    expect(haAccount({ apiKey: 'secret-key' })).toBe(account);
    expect(haAccount({ apiKey: 'other-key' })).not.toBe(account);
  });
});
