import { STRATEGY_NAMES } from '@tickmux/routing';
import { describe, expect, it } from 'vitest';
import { loadConfig, ROUTING_STRATEGIES } from '../src/index.js';

describe('WEBSOCKET_ROUTING_STRATEGY', () => {
  it('accepts exactly the strategies @tickmux/routing implements', () => {
    expect([...ROUTING_STRATEGIES]).toEqual([...STRATEGY_NAMES]);
  });

  it.each(STRATEGY_NAMES)('loads %s', (strategy) => {
    const config = loadConfig({
      USE_MULTI_CONNECTION: 'true',
      WEBSOCKET_ROUTING_STRATEGY: strategy,
      WEBSOCKET_CONNECTION_1_SYMBOLS: 'AAPL',
    });
    expect(config.routingStrategy).toBe(strategy);
  });
});
