// Seeds Redis with universes: `pnpm --filter @tickmux/config universe:load <file.json>`
// (`pnpm tickmux universe load <file.json>` does the same). Usage: see README "Seeding Redis".
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  bundledUniverses,
  DEFAULT_REDIS_UNIVERSE_OPTIONS,
  readUniverseFile,
  RedisUniverseSource,
  redactUrl,
} from '../src/index.js';

const USAGE = `usage: universe:load <file.json> [--bundled] [--redis-url URL] [--namespace NS]
  <file.json>      {"tech_leaders:top_5": ["AAPL", "MSFT", ...], ...}
  --bundled        also load every bundled sample universe
  --redis-url URL  default: $REDIS_URL, else ${DEFAULT_REDIS_UNIVERSE_OPTIONS.url}
  --namespace NS   key prefix (default ${DEFAULT_REDIS_UNIVERSE_OPTIONS.namespace})
`;

const out = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      bundled: { type: 'boolean', default: false },
      'redis-url': { type: 'string' },
      namespace: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || (positionals.length === 0 && !values.bundled)) {
    process.stderr.write(USAGE);
    return values.help ? 0 : 2;
  }
  const universes = new Map<string, readonly string[]>(values.bundled ? bundledUniverses() : []);
  // pnpm runs the script in the package directory; paths are relative to where it was invoked.
  const cwd = process.env['INIT_CWD'] ?? process.cwd();
  for (const file of positionals) {
    for (const [key, tickers] of readUniverseFile(resolve(cwd, file))) universes.set(key, tickers);
  }
  const url = values['redis-url'] ?? process.env['REDIS_URL'] ?? DEFAULT_REDIS_UNIVERSE_OPTIONS.url;
  const source = new RedisUniverseSource({ url, namespace: values.namespace });
  try {
    await source.save(universes);
    for (const [key, tickers] of universes)
      out(`${source.listKey(key)}  ${tickers.length} tickers`);
    out(`loaded ${universes.size} universe(s) into ${redactUrl(url)}`);
  } finally {
    await source.close();
  }
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`universe:load: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
