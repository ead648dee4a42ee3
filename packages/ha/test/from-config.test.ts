import { loadConfig } from '@tickmux/config';
import { describe, expect, it } from 'vitest';
import {
  coordinatorOptionsFromConfig,
  createCoordinatorFromConfig,
  LeaseCoordinator,
  MemoryLeaseStore,
} from '../src/index.js';

describe('from the config', () => {
  it('maps HA_* and WEBSOCKET_CONNECTIONS_MAX onto coordinator options', () => {
    const config = loadConfig({
      HA_ENABLED: 'true',
      HA_INSTANCE_ID: 'tickmux-b',
      HA_LEASE_MS: '6000',
      HA_MODE: 'share',
      HA_ZOMBIE_MS: '20000',
      WEBSOCKET_CONNECTIONS_MAX: '5',
      REDIS_URL: 'redis://127.0.0.1:1',
    });
    const options = coordinatorOptionsFromConfig(config);
    expect(options).toEqual({
      slots: 5,
      mode: 'share',
      leaseMs: 6_000,
      zombieMs: 20_000,
      instanceId: 'tickmux-b',
    });
    const c = new LeaseCoordinator({ ...options, store: new MemoryLeaseStore() });
    expect(c.options).toMatchObject({ renewEveryMs: 2_000, instanceId: 'tickmux-b' });
  });

  it('derives the instance id when HA_INSTANCE_ID is unset', () => {
    const options = coordinatorOptionsFromConfig(loadConfig({}));
    expect(options).not.toHaveProperty('instanceId');
    const c = new LeaseCoordinator({ ...options, store: new MemoryLeaseStore() });
    expect(c.options.instanceId).toBe(
      `${c.options.instanceId.replace(/-\d+$/, '')}-${process.pid}`,
    );
  });

  it('creates nothing when HA_ENABLED is false (one process, no Redis)', () => {
    expect(createCoordinatorFromConfig(loadConfig({}))).toBeUndefined();
  });

  it('creates a coordinator on a Redis store when enabled', async () => {
    const config = loadConfig({ HA_ENABLED: 'true', REDIS_URL: 'redis://127.0.0.1:1' });
    const made = createCoordinatorFromConfig(config, { account: 'acct' })!;
    expect(made.coordinator).toBeInstanceOf(LeaseCoordinator);
    expect(made.store.key('lease', '1')).toBe('tickmux:ha:{acct}:lease:1');
    await made.coordinator.stop();
    await made.store.close();
  });
});
