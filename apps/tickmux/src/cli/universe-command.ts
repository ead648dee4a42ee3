import { resolve } from 'node:path';
import {
  DEFAULT_REDIS_UNIVERSE_OPTIONS,
  RedisUniverseSource,
  bundledUniverses,
  readUniverseFile,
  redactUrl,
} from '@tickmux/config';

export interface UniverseLoadOptions {
  bundled: boolean;
  redisUrl?: string;
  namespace?: string;
  print: boolean;
}

const out = (line: string) => process.stdout.write(`${line}\n`);

/**
 * `tickmux universe load [files...]`: universes from JSON files (`{"key": ["AAPL", ...]}`) and/or
 * the bundled sample, saved in Redis (`tickmux:universe:<key>` lists) for `*_UNIVERSE_KEY` to
 * resolve; `--print` prints them instead.
 */
export async function runUniverseLoad(
  files: readonly string[],
  opts: UniverseLoadOptions,
): Promise<number> {
  if (files.length === 0 && !opts.bundled) {
    process.stderr.write(
      'tickmux universe load: name a file (JSON: {"key": ["AAPL", ...]}) or pass --bundled\n',
    );
    return 2;
  }
  const universes = new Map<string, readonly string[]>(opts.bundled ? bundledUniverses() : []);
  for (const file of files)
    for (const [key, tickers] of readUniverseFile(resolve(file))) universes.set(key, tickers);
  if (opts.print) {
    for (const [key, tickers] of universes) out(`${key} (${tickers.length}): ${tickers.join(' ')}`);
    return 0;
  }
  const url = opts.redisUrl ?? process.env['REDIS_URL'] ?? DEFAULT_REDIS_UNIVERSE_OPTIONS.url;
  const source = new RedisUniverseSource({
    url,
    ...(opts.namespace === undefined ? {} : { namespace: opts.namespace }),
  });
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
