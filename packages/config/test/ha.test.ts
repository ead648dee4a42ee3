import { describe, expect, it } from 'vitest';
import { ConfigError, CONFIG_DEFAULTS, ENV_KEYS, loadConfig } from '../src/index.js';

function issuesOf(env: Record<string, string>): Array<[string, string | undefined]> {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues.map((i) => [i.key, i.value]);
  }
  throw new Error('expected a ConfigError');
}

describe('HA_* keys', () => {
  it('defaults to one process without Redis', () => {
    expect(loadConfig({}).ha).toEqual({
      enabled: false,
      instanceId: null,
      leaseMs: 10_000,
      mode: 'leader',
      zombieMs: 30_000,
    });
    expect(CONFIG_DEFAULTS.ha.enabled).toBe(false);
    expect(ENV_KEYS).toEqual(
      expect.arrayContaining(['HA_ENABLED', 'HA_INSTANCE_ID', 'HA_LEASE_MS', 'HA_MODE']),
    );
  });

  it('reads every key, coerced, and freezes the result', () => {
    const { ha } = loadConfig({
      HA_ENABLED: 'yes',
      HA_INSTANCE_ID: 'tickmux-a.eu:1',
      HA_LEASE_MS: '3000',
      HA_MODE: 'SHARE',
      HA_ZOMBIE_MS: '0',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    expect(ha).toEqual({
      enabled: true,
      instanceId: 'tickmux-a.eu:1',
      leaseMs: 3000,
      mode: 'share',
      zombieMs: 0,
    });
    expect(Object.isFrozen(ha)).toBe(true);
  });

  it('names each bad key in one ConfigError', () => {
    expect(
      issuesOf({
        HA_ENABLED: 'maybe',
        HA_INSTANCE_ID: 'has space',
        HA_LEASE_MS: '100',
        HA_MODE: 'primary',
        HA_ZOMBIE_MS: '-1',
      }),
    ).toEqual([
      ['HA_ENABLED', 'maybe'],
      ['HA_INSTANCE_ID', 'has space'],
      ['HA_LEASE_MS', '100'],
      ['HA_MODE', 'primary'],
      ['HA_ZOMBIE_MS', '-1'],
    ]);
  });

  it('requires REDIS_URL when HA_ENABLED=true', () => {
    expect(issuesOf({ HA_ENABLED: 'true' })).toEqual([['HA_ENABLED', 'true']]);
    expect(() => loadConfig({ HA_ENABLED: 'false' })).not.toThrow();
  });

  it('warns about a misspelt HA key', () => {
    const { warnings } = loadConfig({ HA_LEASE_M: '5000' });
    expect(warnings).toEqual([
      { key: 'HA_LEASE_M', message: 'not a tickmux key, ignored; did you mean HA_LEASE_MS?' },
    ]);
  });
});
