import type { WebSocketConstructor } from '@tickmux/client';
import { loadConfig } from '@tickmux/config';
import { startSim, type Sim } from '@tickmux/massive-sim';
import {
  recordingWebSocket,
  redisTestTarget,
  waitUntil,
  crashableClock,
} from '@tickmux/test-utils';
import { Redis } from 'ioredis';
import { describe, expect, it, onTestFinished } from 'vitest';
import { managerFactory, startService, type RunningService } from '../src/index.js';
import { client, eventually } from './real-service.js';

// Two tickmux services in this process, on one account of the in-process simulator (3 sockets,
// kick-oldest, zombies held 1.5 s), leases in the machine's Redis (a namespace and stream key of
// this run's own), the Redis Streams sink on: the leader streams, the standby has no socket; the
// leader is killed without a clean shutdown and the standby takes over without a kick.
const N = 3;
const LEASE = 1_500;
const ZOMBIE = 1_500;
const MARGIN = 3_000;
const TICKERS = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL', 'META', 'TSLA', 'JPM', 'V'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Instance {
  service: RunningService;
  /** A dead process: no timer runs again (renewals, reconnects), sockets cut without a close handshake. */
  crash(): void;
}

async function instance(
  name: string,
  o: { sim: Sim; redisUrl: string; account: string; stream: string; channel: string },
): Promise<Instance> {
  const clock = crashableClock();
  const { Impl } = recordingWebSocket();
  const sockets = new Set<{ terminate(): void }>();
  class Tracked extends Impl {
    constructor(url: string) {
      super(url);
      sockets.add(this);
      this.once('close', () => sockets.delete(this));
    }
  }
  const config = loadConfig({
    USE_MASSIVE_API: 'true',
    MASSIVE_API_KEY: `key-${name}`,
    MASSIVE_WEBSOCKET_URL: o.sim.url,
    MASSIVE_WEBSOCKET_RECONNECT_DELAY: '0.05',
    USE_MULTI_CONNECTION: 'true',
    WEBSOCKET_CONNECTIONS_MAX: String(N),
    WEBSOCKET_CONNECTION_1_ENABLED: 'true',
    WEBSOCKET_CONNECTION_2_ENABLED: 'true',
    WEBSOCKET_CONNECTION_3_ENABLED: 'true',
    WEBSOCKET_ROUTING_STRATEGY: 'round-robin',
    WEBSOCKET_CONNECTION_1_SYMBOLS: TICKERS.join(','),
    WEBSOCKET_CONNECTION_1_UNIVERSE_KEY: '',
    SYMBOL_UNIVERSE_KEY: '',
    REDIS_URL: o.redisUrl,
    HA_ENABLED: 'true',
    HA_INSTANCE_ID: `tickmux-${name}`,
    HA_LEASE_MS: String(LEASE),
    HA_ZOMBIE_MS: String(ZOMBIE),
  });
  const service = await startService({
    config,
    tickers: TICKERS,
    port: 0,
    redis: { channels: [o.channel], key: o.stream },
    createManager: managerFactory({
      clock,
      WebSocket: Tracked as unknown as WebSocketConstructor,
    }),
    ha: { account: o.account, clock },
  });
  let crashed = false;
  onTestFinished(async () => {
    // A crashed instance's coordinator cannot reach Redis any more: do not wait on it for long.
    const closing = service.close();
    await (crashed ? Promise.race([closing, sleep(3_000)]) : closing);
    clock.crash();
  });
  return {
    service,
    crash: () => {
      crashed = true;
      clock.crash();
      for (const s of sockets) s.terminate();
      service.ha!.store.redis.disconnect();
    },
  };
}

interface Entry {
  ms: number;
  type: string;
  data: { ticker: string; from?: number; to?: number; reason?: string };
}

const target = await redisTestTarget();

describe.skipIf(target.skip)('two instances, one account (HA, the machine’s Redis)', () => {
  it('only the leader’s sockets exist; a killed leader is replaced within lease + zombie without a kick, ticks resume on the stream with the outage as gaps; the restarted leader stands by without churn, and leads at once after a clean shutdown of the other', async () => {
    expect(target.reachable).toBe(true);
    const run = `ha-int-${process.pid}-${Date.now()}`;
    const stream = `tickstock:stream:raw:${run}`;
    const redis = new Redis(target.url);
    onTestFinished(async () => {
      const keys = await redis.keys(`tickmux:ha:{${run}}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.del(stream);
      redis.disconnect();
    });
    const sim = await startSim({
      controlPort: false,
      tickers: TICKERS,
      rate: 300,
      accounts: { acct: { keys: ['key-a', 'key-b'], maxConnections: N } },
      zombieMs: ZOMBIE,
    });
    onTestFinished(() => sim.close());
    const account = () => sim.control.account('acct');
    const o = { sim, redisUrl: target.url, account: run, stream, channel: `tickstock.${run}` };
    const read = async (): Promise<Entry[]> =>
      (await redis.xrange(stream, '-', '+')).map(([id, fields]) => ({
        ms: Number(id.split('-')[0]),
        type: fields[fields.indexOf('type') + 1]!,
        data: JSON.parse(fields[fields.indexOf('data') + 1]!) as Entry['data'],
      }));

    // A leads (after the boot quiet of a fresh namespace), B stands by with no socket.
    const a = await instance('a', o);
    await waitUntil(
      () => a.service.ha!.status().ready && account().open === N,
      LEASE + ZOMBIE + 10_000,
      'a leads with its sockets',
    );
    expect(await a.service.streaming).toBe(true);
    const b = await instance('b', o);
    await sleep(2_000);
    expect(b.service.ha!.status()).toMatchObject({ role: 'standby', ready: false });
    expect(b.service.adapter.getHealthStatus().connected).toBe(0);
    expect(account()).toMatchObject({ open: N, zombies: 0, highWater: N, kicked: 0 });
    const api = { a: client(a.service.url), b: client(b.service.url) };
    expect((await api.a.call('/readyz')).status).toBe(200);
    const notReady = await api.b.call('/readyz');
    expect(notReady.status).toBe(503);
    expect(notReady.json.reasons[0]).toMatch(/HA standby/);
    const health = (await api.a.call('/api/websocket/connections')).json;
    expect(health.ha).toMatchObject({
      instance_id: expect.stringMatching(/^tickmux-a/),
      role: 'leader',
    });
    expect(health.ha.fencing_token).toBeGreaterThan(0);
    await eventually(
      read,
      (all) => all.some((e) => e.type === 'tick'),
      5_000,
      'a’s ticks on the stream',
    );

    // Kill A: no close handshake, no renewal, no release.
    const killedAt = Date.now();
    a.crash();
    await waitUntil(() => account().zombies === N, 2_000, 'a’s sockets counted as zombies');
    await waitUntil(
      () => b.service.ha!.status().ready && account().open === N,
      LEASE + ZOMBIE + MARGIN + 2_000,
      'b’s sockets',
    );
    const tookOverMs = Date.now() - killedAt;
    console.log(`ha takeover: ${tookOverMs} ms after the kill (lease ${LEASE} + zombie ${ZOMBIE})`);
    expect(tookOverMs).toBeLessThanOrEqual(LEASE + ZOMBIE + MARGIN);
    expect(account()).toMatchObject({ open: N, zombies: 0, highWater: N, kicked: 0 });
    expect(await b.service.streaming).toBe(true);
    expect((await api.b.call('/readyz')).status).toBe(200);

    // The Streams consumer: ticks resume, the outage is one leaderless gap per ticker.
    const entries = await eventually(
      read,
      (all) =>
        all.filter((e) => e.type === 'gap' && e.data.reason === 'leaderless').length >=
          TICKERS.length && all.some((e) => e.type === 'tick' && e.ms > killedAt + LEASE),
      10_000,
      'ticks after the takeover and the leaderless gaps',
    );
    const gaps = entries.filter((e) => e.type === 'gap');
    expect(gaps.map((g) => g.data.ticker).sort()).toEqual([...TICKERS].sort());
    // The outage on the stream (stream ids are Redis ms): from a's last tick to b's first.
    const ticks = entries.filter((e) => e.type === 'tick').map((e) => e.ms);
    const lastBefore = Math.max(...ticks.filter((ms) => ms <= killedAt + 200));
    const firstAfter = Math.min(...ticks.filter((ms) => ms > killedAt + 200));
    expect(firstAfter - killedAt).toBeGreaterThanOrEqual(tookOverMs - 500); // nothing while leaderless
    for (const g of gaps) {
      expect(g.data.reason).toBe('leaderless');
      expect(g.data.to! - g.data.from!).toBeGreaterThanOrEqual(LEASE + ZOMBIE);
      // It covers the outage (a flush of the stream sink's batch of slack at its end).
      expect(g.data.from).toBeLessThanOrEqual(lastBefore);
      expect(g.data.to).toBeGreaterThanOrEqual(firstAfter - 250);
    }
    const ticksBefore = entries.filter((e) => e.type === 'tick' && e.ms <= killedAt).length;
    expect(ticksBefore).toBeGreaterThan(0);

    // Restart A: a new incarnation that stands by; nothing moves on the account.
    const bSockets = sim.control.connections().map((c) => c.id);
    const a2 = await instance('a', o);
    await sleep(3_000);
    expect(a2.service.ha!.status()).toMatchObject({ role: 'standby', ready: false });
    expect(a2.service.adapter.getHealthStatus().connected).toBe(0);
    expect(b.service.ha!.status()).toMatchObject({ role: 'leader', ready: true });
    expect(sim.control.connections().map((c) => c.id)).toEqual(bSockets);
    expect(account()).toMatchObject({ open: N, zombies: 0, highWater: N, kicked: 0 });

    // A clean shutdown of B (close handshakes, then the leases released): A takes over without
    // waiting out a lease or a zombie hold, still without a kick.
    const stoppedAt = Date.now();
    await b.service.close();
    await waitUntil(
      () => a2.service.ha!.status().ready && account().open === N,
      LEASE + MARGIN,
      'a’s sockets after b’s clean shutdown',
    );
    console.log(`ha handover after a clean shutdown: ${Date.now() - stoppedAt} ms`);
    expect(account()).toMatchObject({ zombies: 0, highWater: N, kicked: 0 });
    expect(await a2.service.streaming).toBe(true);
  }, 60_000);
});
