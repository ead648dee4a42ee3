import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assign } from '@tickmux/routing';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BundledUniverseSource,
  bundledUniverses,
  loadConfigFromFiles,
  resolveUniverses,
  type TickmuxConfig,
} from '../src/index.js';
import { recordingLogger } from './helpers.js';

// The example configurations of the original plan (seeds/002, "Appendix: Example
// Configurations"), verbatim, read through .env files as a user would write them.
const dir = mkdtempSync(join(tmpdir(), 'tickmux-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fromEnvFile(name: string, text: string, logger = recordingLogger()): TickmuxConfig {
  const path = join(dir, name);
  writeFileSync(path, text);
  return loadConfigFromFiles([path], { logger });
}

const universe = (key: string) => bundledUniverses().get(key)!;
const resolve = (config: TickmuxConfig, logger = recordingLogger()) =>
  resolveUniverses(config, new BundledUniverseSource(), { logger });

describe('the original plan example configurations', () => {
  it('scenario 1: resolves a universe key per connection', async () => {
    const config = fromEnvFile(
      'scenario-1.env',
      `# .env
USE_MULTI_CONNECTION=true
WEBSOCKET_CONNECTIONS_MAX=3

# Connection 1: Tech leaders from cache
WEBSOCKET_CONNECTION_1_ENABLED=true
WEBSOCKET_CONNECTION_1_NAME=tech_leaders
WEBSOCKET_CONNECTION_1_UNIVERSE_KEY=tech_leaders:top_20

# Connection 2: Finance sector from cache
WEBSOCKET_CONNECTION_2_ENABLED=true
WEBSOCKET_CONNECTION_2_NAME=finance_sector
WEBSOCKET_CONNECTION_2_UNIVERSE_KEY=finance_sector:large_cap

# Connection 3: Healthcare from cache
WEBSOCKET_CONNECTION_3_ENABLED=true
WEBSOCKET_CONNECTION_3_NAME=healthcare
WEBSOCKET_CONNECTION_3_UNIVERSE_KEY=healthcare_sector:top_10
`,
    );
    const resolved = await resolve(config);
    expect(resolved.connections.map((c) => [c.id, c.name, c.from, c.tickers.length])).toEqual([
      ['connection_1', 'tech_leaders', 'universe', 20],
      ['connection_2', 'finance_sector', 'universe', 30],
      ['connection_3', 'healthcare', 'universe', 10],
    ]);
    expect(resolved.connections[0]!.tickers.slice(0, 3)).toEqual(['AAPL', 'MSFT', 'NVDA']);
    expect(resolved.connections[2]!.tickers).toEqual(universe('healthcare_sector:top_10'));
    const plan = assign(config.routingStrategy, {
      tickers: resolved.tickers,
      connections: resolved.connections.map((c) => c.id),
      manual: new Map(resolved.connections.map((c) => [c.id, c.tickers])),
    });
    expect(plan.toJSON()).toEqual(
      Object.fromEntries(resolved.connections.map((c) => [c.id, [...c.tickers]])),
    );
  });

  it('scenario 2: direct symbols on connection 1 with 2 and 3 disabled', async () => {
    const config = fromEnvFile(
      'scenario-2.env',
      `# .env
USE_MULTI_CONNECTION=true

# Connection 1: Manual symbols
WEBSOCKET_CONNECTION_1_ENABLED=true
WEBSOCKET_CONNECTION_1_NAME=primary_watchlist
WEBSOCKET_CONNECTION_1_SYMBOLS=AAPL,NVDA,TSLA,AMZN,GOOGL,MSFT,META

# Connection 2: Disabled
WEBSOCKET_CONNECTION_2_ENABLED=false

# Connection 3: Disabled
WEBSOCKET_CONNECTION_3_ENABLED=false
`,
    );
    expect(config.connections.map((c) => c.enabled)).toEqual([true, false, false]);
    const resolved = await resolve(config);
    expect(resolved.connections).toEqual([
      expect.objectContaining({
        id: 'connection_1',
        name: 'primary_watchlist',
        from: 'symbols',
        tickers: ['AAPL', 'NVDA', 'TSLA', 'AMZN', 'GOOGL', 'MSFT', 'META'],
      }),
    ]);
  });

  it('scenario 3: single-connection backward-compatible mode with SYMBOL_UNIVERSE_KEY', async () => {
    const config = fromEnvFile(
      'scenario-3.env',
      `# .env
USE_MULTI_CONNECTION=false
SYMBOL_UNIVERSE_KEY=stock_etf_test:combo_test  # Existing single-connection approach
`,
    );
    expect(config.useMultiConnection).toBe(false);
    expect(config.symbolUniverseKey).toBe('stock_etf_test:combo_test');
    const resolved = await resolve(config);
    expect(resolved.connections).toEqual([
      expect.objectContaining({
        id: 'connection_1',
        universeKey: 'stock_etf_test:combo_test',
        from: 'universe',
        tickers: universe('stock_etf_test:combo_test'),
      }),
    ]);
  });

  it('scenario 4: hybrid universe keys and direct symbols', async () => {
    // The plan's snippet omits the switch; with it, each connection resolves its own source.
    const text = `# Connection 1: Use universe key
WEBSOCKET_CONNECTION_1_ENABLED=true
WEBSOCKET_CONNECTION_1_UNIVERSE_KEY=market_leaders:top_50

# Connection 2: Direct symbols (for testing specific stocks)
WEBSOCKET_CONNECTION_2_ENABLED=true
WEBSOCKET_CONNECTION_2_SYMBOLS=TSLA,GME,AMC  # Meme stocks for testing

# Connection 3: Another universe
WEBSOCKET_CONNECTION_3_ENABLED=true
WEBSOCKET_CONNECTION_3_UNIVERSE_KEY=emerging_tech:ai_stocks
`;
    const config = fromEnvFile('scenario-4.env', `USE_MULTI_CONNECTION=true\n${text}`);
    const resolved = await resolve(config);
    expect(resolved.connections.map((c) => [c.id, c.from, c.tickers.length])).toEqual([
      ['connection_1', 'universe', 50],
      ['connection_2', 'symbols', 3],
      ['connection_3', 'universe', universe('emerging_tech:ai_stocks').length],
    ]);
    expect(resolved.connections[1]!.tickers).toEqual(['TSLA', 'GME', 'AMC']);
  });

  it('scenario 4 verbatim (no USE_MULTI_CONNECTION) warns that connections 2 and 3 are ignored', () => {
    const logger = recordingLogger();
    fromEnvFile(
      'scenario-4-verbatim.env',
      `WEBSOCKET_CONNECTION_1_ENABLED=true
WEBSOCKET_CONNECTION_1_UNIVERSE_KEY=market_leaders:top_50
WEBSOCKET_CONNECTION_2_ENABLED=true
WEBSOCKET_CONNECTION_2_SYMBOLS=TSLA,GME,AMC
WEBSOCKET_CONNECTION_3_ENABLED=true
`,
      logger,
    );
    expect(logger.messages('warn')).toEqual([
      'config: WEBSOCKET_CONNECTION_1_UNIVERSE_KEY: not used in single-connection mode; SYMBOL_UNIVERSE_KEY is',
      'config: WEBSOCKET_CONNECTION_2_ENABLED: ignored: USE_MULTI_CONNECTION=false uses connection 1 only',
      'config: WEBSOCKET_CONNECTION_3_ENABLED: ignored: USE_MULTI_CONNECTION=false uses connection 1 only',
    ]);
  });

  it('scenario 5: round-robin splits a 100-ticker universe 34/33/33', async () => {
    const config = fromEnvFile(
      'scenario-5.env',
      `# .env
USE_MULTI_CONNECTION=true
WEBSOCKET_ROUTING_STRATEGY=round-robin

# When routing_strategy=round-robin, symbols are automatically
# distributed evenly across all enabled connections
WEBSOCKET_CONNECTION_1_ENABLED=true
WEBSOCKET_CONNECTION_1_UNIVERSE_KEY=market_leaders:top_100
# Automatically splits 100 symbols: ~33 per connection

WEBSOCKET_CONNECTION_2_ENABLED=true
WEBSOCKET_CONNECTION_3_ENABLED=true
`,
    );
    const resolved = await resolve(config);
    expect(resolved.tickers).toHaveLength(100);
    const ids = resolved.connections.map((c) => c.id);
    const plan = assign(config.routingStrategy, { tickers: resolved.tickers, connections: ids });
    expect(ids.map((id) => plan.load(id))).toEqual([34, 33, 33]);
    expect(new Set(ids.flatMap((id) => plan.tickersOn(id)))).toEqual(new Set(resolved.tickers));
  });

  it('the quick-start configuration: manual symbols on three connections', async () => {
    const config = fromEnvFile(
      'quick-start.env',
      `USE_MULTI_CONNECTION=true
WEBSOCKET_CONNECTIONS_MAX=3
WEBSOCKET_ROUTING_STRATEGY=manual

# Assign symbols to connections
WEBSOCKET_CONNECTION_1_SYMBOLS=AAPL,NVDA,TSLA
WEBSOCKET_CONNECTION_2_ENABLED=true
WEBSOCKET_CONNECTION_2_SYMBOLS=AMZN,GOOGL,MSFT
WEBSOCKET_CONNECTION_3_ENABLED=true
WEBSOCKET_CONNECTION_3_SYMBOLS=META,NFLX,AMD
`,
    );
    const resolved = await resolve(config);
    expect(resolved.connections.map((c) => c.tickers.join(','))).toEqual([
      'AAPL,NVDA,TSLA',
      'AMZN,GOOGL,MSFT',
      'META,NFLX,AMD',
    ]);
  });
});
