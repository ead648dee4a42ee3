import type { ConnectionFactory } from '../src/index.js';

/** A connection a test can mark stale, that records what was done on it. */
export interface FakeConnection {
  id: number;
  healthy: boolean;
  destroyed: boolean;
  subscriptions: string[];
}

/**
 * A factory of fake connections that counts what is alive (created, not yet destroyed) and the
 * most that ever were at once. `failNext` makes the next create throw.
 */
export function fakeFactory() {
  let next = 1;
  const state = { alive: 0, mostAlive: 0, created: [] as FakeConnection[], failNext: 0 };
  const factory: ConnectionFactory<FakeConnection> = {
    async create() {
      await Promise.resolve();
      if (state.failNext > 0) {
        state.failNext--;
        throw new Error('refused');
      }
      const c: FakeConnection = { id: next++, healthy: true, destroyed: false, subscriptions: [] };
      state.alive++;
      state.mostAlive = Math.max(state.mostAlive, state.alive);
      state.created.push(c);
      return c;
    },
    async destroy(c) {
      await Promise.resolve();
      if (c.destroyed) throw new Error(`connection ${c.id} destroyed twice`);
      c.destroyed = true;
      state.alive--;
    },
    isHealthy: (c) => c.healthy,
  };
  return { factory, state };
}
