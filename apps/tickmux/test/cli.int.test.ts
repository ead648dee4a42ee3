import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RedisUniverseSource } from '@tickmux/config';
import { readRecording, startSim } from '@tickmux/massive-sim';
import { freePort, redisTestTarget } from '@tickmux/test-utils';
import { Redis } from 'ioredis';
import { describe, expect, it, onTestFinished } from 'vitest';
import { defaultManagerFactory } from '../src/index.js';
import { TICK_FIELDS } from './helpers.js';
import { eventually } from './real-service.js';
import { subscriber } from './redis-subscriber.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const EXPECTED_CONNECTIONS = defaultManagerFactory === undefined ? 1 : 3;
// With the machine's Redis, `start` also publishes (REDIS_URL); REQUIRE_REDIS=1 makes it required.
const redis = await redisTestTarget();

function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tickmux-cli-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The environment without anything that configures tickmux (a developer's shell may set some). */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!/^(MASSIVE_|USE_|WEBSOCKET_|SYMBOL_|REDIS_URL|PORT|HOST|LOG_LEVEL|TICKMUX_)/.test(k))
      env[k] = v;
  return { ...env, ...extra };
}

/**
 * `tickmux <args>` as node with tsx's loader (not the tsx binary, whose child would outlive a
 * kill), in a process group of its own, killed as a group when the test ends: no orphans.
 */
function tickmux(args: string[], env: Record<string, string> = {}) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@tickmux/source', 'src/main.ts', ...args],
    { cwd: root, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const group = child.pid!;
  const alive = () => {
    try {
      process.kill(-group, 0);
      return true;
    } catch {
      return false;
    }
  };
  onTestFinished(() => {
    if (alive()) process.kill(-group, 'SIGKILL');
  });
  return {
    child,
    exited,
    alive,
    signal: (s: NodeJS.Signals) => process.kill(-group, s),
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
  };
}

describe('tickmux start (pnpm start)', () => {
  it('prints the dashboard URL first, has every connection connected within 30 s, publishes to Redis, and stops on SIGTERM flushing its sinks', async () => {
    const dir = tmp();
    const port = await freePort();
    if (redis.required)
      expect(redis.reachable, `no Redis at ${redis.url} (REQUIRE_REDIS=1)`).toBe(true);
    // Its own stream key, so the machine's Redis keeps nothing of this test.
    const stream = `tickstock:stream:raw:cli-test-${process.pid}`;
    const sub = redis.reachable ? await subscriber(redis.url, ['tickstock.data.raw']) : undefined;
    onTestFinished(async () => {
      await sub?.close();
      if (!redis.reachable) return;
      const admin = new Redis(redis.url);
      await admin.del(stream);
      admin.disconnect();
    });
    const p = tickmux(
      ['start', '--config', join(dir, '.env'), '--status-interval', '1', '--redis-stream', stream],
      {
        PORT: String(port),
        LOG_LEVEL: 'warn',
        ...(redis.reachable ? { REDIS_URL: redis.url } : {}),
      },
    );
    const base = `http://127.0.0.1:${port}`;
    await eventually(
      () => p.stdout,
      (o) => o.includes('\n'),
      30_000,
      'the first line',
    );
    expect(p.stdout.split('\n')[0]).toBe(`tickmux dashboard: ${base}/`);
    const health = await eventually(
      async () => {
        try {
          return (await (await fetch(`${base}/api/websocket/connections`)).json()) as {
            total_connections: number;
            connected: number;
            total_tickers: number;
            connections: Record<string, { status: string; tickers: number }>;
          };
        } catch {
          return undefined;
        }
      },
      (h) => h !== undefined && h.connected === EXPECTED_CONNECTIONS && h.total_tickers >= 300,
      30_000,
      `${EXPECTED_CONNECTIONS} connections connected with the 300 tickers`,
    );
    expect(health!.total_connections).toBe(EXPECTED_CONNECTIONS);
    for (const c of Object.values(health!.connections)) {
      expect(c.status).toBe('connected');
      expect(c.tickers).toBeGreaterThan(0);
    }
    // The bundled 300-ticker universe.
    expect(health!.total_tickers).toBeGreaterThanOrEqual(300);
    expect(p.stdout).toMatch(/^simulator: ws:\/\/127\.0\.0\.1:\d+\/stocks/m);
    expect(p.stdout).toMatch(/^tickers: 300 on /m);
    await eventually(
      () => p.stdout,
      (o) => /^connected \d\/\d .*ticks [1-9]/m.test(o),
      15_000,
      'a status line with ticks',
    );

    if (sub !== undefined) {
      // Normalised ticks on tickstock.data.raw, counted by the service's own pub/sub sink.
      expect(p.stdout).toMatch(
        /^redis: publishing to tickstock\.data\.raw, tickstock:market:ticks and the stream tickstock:stream:raw:cli-test-/m,
      );
      await eventually(
        () => sub.count('tickstock.data.raw'),
        (n) => n >= 100,
        15_000,
        'ticks on tickstock.data.raw',
      );
      for (const m of sub.messages('tickstock.data.raw').slice(0, 100))
        expect(Object.keys(JSON.parse(m) as object)).toEqual(TICK_FIELDS);
      // Prices move: some ticker's trades arrive at two different prices.
      const prices = new Map<string, Set<number>>();
      for (const m of sub.messages('tickstock.data.raw')) {
        const t = JSON.parse(m) as { ticker: string; price: number; event_type: string };
        if (t.event_type !== 'trade' || !(t.price > 0)) continue;
        prices.set(t.ticker, (prices.get(t.ticker) ?? new Set<number>()).add(t.price));
      }
      expect(Math.max(0, ...[...prices.values()].map((p) => p.size))).toBeGreaterThanOrEqual(2);
      const sinks = (await (await fetch(`${base}/api/sinks`)).json()) as {
        sinks: { name: string; published: number }[];
      };
      expect(sinks.sinks.map((x) => x.name)).toEqual([
        'memory',
        'redis-pubsub',
        'redis-stream',
        'websocket',
      ]);
      expect(sinks.sinks.find((x) => x.name === 'redis-pubsub')!.published).toBeGreaterThan(0);
    } else {
      expect(p.stdout).toMatch(/^redis: off \(set REDIS_URL/m);
    }

    // `tickmux health` prints the table.
    const h = tickmux(['health', '--url', base]);
    expect(await h.exited).toBe(0);
    const rows = h.stdout.split('\n');
    expect(rows[0]).toMatch(/^connection +name +status +tickers +messages/);
    expect(rows.filter((r) => / connected /.test(r))).toHaveLength(EXPECTED_CONNECTIONS);
    expect(h.stdout).toMatch(
      new RegExp(`connected ${EXPECTED_CONNECTIONS}/${EXPECTED_CONNECTIONS}`),
    );

    // A second service on the same port says what to do.
    const second = tickmux(['start', '--config', join(dir, '.env')], {
      PORT: String(port),
      LOG_LEVEL: 'warn',
    });
    expect(await second.exited).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`port ${port} .* already in use.*PORT=${port + 1}`));
    expect(second.alive()).toBe(false);

    p.signal('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.stdout).toMatch(
      /^stopped \(SIGTERM\): sinks flushed and closed \(published: memory [\d,]+/m,
    );
    if (sub !== undefined) {
      // Everything the stream sink took was in Redis before the process exited.
      const [, published] = /redis-stream ([\d,]+)/.exec(p.stdout)!;
      const admin = new Redis(redis.url);
      expect(await admin.xlen(stream)).toBe(Number(published!.replace(/,/g, '')));
      admin.disconnect();
    }
    await eventually(
      () => p.alive(),
      (a) => !a,
      5_000,
      'the whole process group gone',
    );
  }, 90_000);

  it('a bad configuration fails at once, listing the problem and what to do', async () => {
    const dir = tmp();
    const p = tickmux(['start', '--config', join(dir, '.env')], {
      MASSIVE_CHANNELS: 'T,NOPE!',
      PORT: String(await freePort()),
    });
    expect(await p.exited).toBe(1);
    expect(p.stderr).toMatch(/MASSIVE_CHANNELS/);
    expect(p.stderr).toMatch(/fix the keys above in \.env or the environment/);
  }, 30_000);

  it('a URL without a key says how to connect', async () => {
    const dir = tmp();
    const p = tickmux(['start', '--config', join(dir, '.env')], {
      MASSIVE_WEBSOCKET_URL: 'ws://127.0.0.1:1/stocks',
      PORT: String(await freePort()),
    });
    expect(await p.exited).toBe(1);
    expect(p.stderr).toMatch(/set USE_MASSIVE_API=true and MASSIVE_API_KEY/);
  }, 30_000);
});

describe('tickmux record, universe, sim, health', () => {
  it('record writes a recording the simulator replays', async () => {
    const dir = tmp();
    const out = join(dir, 'session.ndjson.gz');
    const p = tickmux([
      'record',
      '-o',
      out,
      '--duration',
      '1.5',
      '--tickers',
      'AAPL,MSFT',
      '--rate',
      '400',
    ]);
    expect(await p.exited).toBe(0);
    expect(p.stdout).toMatch(
      /^recorded \d+ frames in 1.5s to .*session\.ndjson\.gz; replay: pnpm sim --replay/m,
    );
    const recording = await readRecording(out);
    expect(recording.header).toMatchObject({ format: 'massive-ws-recording', version: 1 });
    const events = recording.frames.flatMap(
      (f) => JSON.parse(f.f) as { ev: string; sym?: string; status?: string }[],
    );
    expect(events[0]).toMatchObject({ ev: 'status', status: 'connected' });
    expect(events.some((e) => e.ev === 'status' && e.status === 'auth_success')).toBe(true);
    const data = events.filter((e) => e.ev !== 'status');
    expect(data.length).toBeGreaterThan(20);
    expect(new Set(data.map((e) => e.sym))).toEqual(new Set(['AAPL', 'MSFT']));
    const replay = await startSim({ replay: out, controlPort: false });
    await replay.close();
  }, 30_000);

  it('universe load --print shows universes; health without a service says what to do', async () => {
    const u = tickmux(['universe', 'load', '--bundled', '--print']);
    expect(await u.exited).toBe(0);
    const line = u.stdout.split('\n').find((l) => l.startsWith('market_leaders:top_300 '));
    expect(line).toMatch(/^market_leaders:top_300 \(300\): AAPL /);
    const none = tickmux(['universe', 'load']);
    expect(await none.exited).toBe(2);
    expect(none.stderr).toMatch(/name a file .* or pass --bundled/);
    const h = tickmux(['health', '--url', `http://127.0.0.1:${await freePort()}`]);
    expect(await h.exited).toBe(1);
    expect(h.stderr).toMatch(/is `tickmux start` running\?/);
  }, 30_000);

  it.skipIf(!redis.reachable && !redis.required)(
    'universe load saves a universe file into Redis, where a universe key resolves it',
    async () => {
      expect(redis.reachable, `no Redis at ${redis.url} (REQUIRE_REDIS=1)`).toBe(true);
      const dir = tmp();
      const file = join(dir, 'universes.json');
      writeFileSync(file, JSON.stringify({ 'watch:cli_test': 'nvda, aapl ,MSFT' }));
      const namespace = `tickmux-cli-test-${process.pid}`;
      const u = tickmux([
        'universe',
        'load',
        file,
        '--redis-url',
        redis.url,
        '--namespace',
        namespace,
      ]);
      expect(await u.exited).toBe(0);
      expect(u.stdout).toMatch(
        new RegExp(`^${namespace}:universe:watch:cli_test  3 tickers$`, 'm'),
      );
      const source = new RedisUniverseSource({ url: redis.url, namespace });
      try {
        expect(await source.getUniverse('watch:cli_test')).toEqual(['NVDA', 'AAPL', 'MSFT']);
        await source.remove(['watch:cli_test']);
      } finally {
        await source.close();
      }
    },
    30_000,
  );

  it('sim runs the simulator CLI and stops on SIGTERM', async () => {
    const p = tickmux([
      'sim',
      '--port',
      String(await freePort()),
      '--no-control',
      '--symbols',
      '5',
    ]);
    await eventually(
      () => p.stdout,
      (o) => o.includes('\n'),
      20_000,
      'the listening line',
    );
    expect(p.stdout.split('\n')[0]).toMatch(
      /^massive-sim listening on ws:\/\/127\.0\.0\.1:\d+\/stocks$/,
    );
    p.signal('SIGTERM');
    expect(await p.exited).toBe(0);
    await eventually(
      () => p.alive(),
      (a) => !a,
      5_000,
      'the simulator gone too',
    );
  }, 30_000);
});
