import { assign } from '@tickmux/routing';
import { describe, expect, it } from 'vitest';
import { loadConfig, ROUTING_STRATEGIES } from '../src/index.js';

describe('WEBSOCKET_ROUTING_STRATEGY', () => {
  it.each(ROUTING_STRATEGIES)('loads %s, which @tickmux/routing implements', (strategy) => {
    const config = loadConfig({
      USE_MULTI_CONNECTION: 'true',
      WEBSOCKET_ROUTING_STRATEGY: strategy,
      WEBSOCKET_CONNECTION_1_SYMBOLS: 'AAPL',
    });
    expect(config.routingStrategy).toBe(strategy);
    const placed = assign(config.routingStrategy, {
      tickers: ['AAPL', 'MSFT'],
      connections: ['connection_1'],
    });
    expect(placed.tickersOn('connection_1')).toEqual(['AAPL', 'MSFT']);
  });
});
