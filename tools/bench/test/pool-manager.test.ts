import { describe, expect, it } from 'vitest';
import { findManager, MANAGER_MISSING, managerOptions } from '../src/pool-manager.js';

describe('the pool bench finds its manager', () => {
  it('reports why it skips while @tickmux/pool has no MultiConnectionManager', () => {
    expect(findManager({ Dedup: class {} })).toBe(MANAGER_MISSING);
    expect(findManager({ MultiConnectionManager: 3 })).toBe(
      '@tickmux/pool exports MultiConnectionManager as a number, not a class',
    );
  });

  it('returns the class once it is exported', () => {
    class MultiConnectionManager {}
    expect(findManager({ MultiConnectionManager })).toBe(MultiConnectionManager);
  });

  it('asks for replication only when some tickers are replicated', () => {
    const onTick = () => undefined;
    expect(managerOptions('ws://x', onTick)).not.toHaveProperty('replication');
    expect(
      managerOptions('ws://x', onTick, { replicated: ['AAPL'], failover: true }),
    ).toMatchObject({
      maxConnections: 3,
      replication: { symbols: ['AAPL'], factor: 2 },
      failover: true,
    });
  });
});
