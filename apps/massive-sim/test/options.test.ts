import { describe, expect, it } from 'vitest';
import { ErrorCode, createManualClock } from '@tickmux/core';
import { apiKeyId, resolveSimOptions, SIM_DEFAULTS, VIRTUAL_START_MS } from '../src/index.js';
import { eastern } from './model-helpers.js';

describe('simulator options', () => {
  it("applies documented defaults: the vendor's behaviour, the session clock, loopback control", () => {
    const o = resolveSimOptions();
    expect(o).toMatchObject({
      host: '127.0.0.1',
      controlHost: '127.0.0.1',
      port: 0,
      path: '/stocks',
      symbols: 500,
      rate: 20_000,
      seq: 'sparse',
      quoteSizes: 'shares',
      limitPolicy: 'kick-oldest',
      zombieMs: 30_000,
      authTimeoutMs: 10_000,
      benchStamp: false,
      groundTruth: true,
      clock: 'real',
    });
    expect(o).toMatchObject(
      Object.fromEntries(
        Object.entries(SIM_DEFAULTS).filter(([k]) => k !== 'startAt' && k !== 'acceleration'),
      ),
    );
    expect([...o.limits]).toEqual([['demo', 3]]);
    expect(o.keys.get('demo')).toMatchObject({
      account: 'demo',
      keyId: apiKeyId('demo'),
      feed: 'realtime',
    });
  });

  it('starts at 10:00 US/Eastern on the latest weekday (real clock), or 2025-01-02 10:00 (virtual)', () => {
    const sunday = createManualClock(eastern(2025, 1, 5, 3));
    expect(resolveSimOptions({ wallClock: sunday }).startMs).toBe(eastern(2025, 1, 3, 10));
    expect(resolveSimOptions({ wallClock: sunday, startAt: 'now' }).startMs).toBe(
      eastern(2025, 1, 5, 3),
    );
    expect(resolveSimOptions({ clock: 'virtual' }).startMs).toBe(VIRTUAL_START_MS);
    expect(VIRTUAL_START_MS).toBe(eastern(2025, 1, 2, 10));
  });

  it('groups keys into accounts; apiKeys are one account each', () => {
    const o = resolveSimOptions({
      apiKeys: ['a', 'b'],
      maxConnections: 2,
      accounts: {
        acct: { keys: ['c', { key: 'd', feed: 'delayed', channels: ['T'] }], maxConnections: 5 },
      },
    });
    expect(Object.fromEntries(o.limits)).toEqual({ a: 2, b: 2, acct: 5 });
    expect(o.keys.get('d')).toMatchObject({
      account: 'acct',
      feed: 'delayed',
      channels: new Set(['T']),
    });
    expect(() =>
      resolveSimOptions({ accounts: { x: { keys: ['k'] }, y: { keys: ['k'] } } }),
    ).toThrow(expect.objectContaining({ field: 'accounts.y.keys.0' }));
  });

  it('rejects bad options with a typed error naming the field', () => {
    expect(() => resolveSimOptions({ rate: -1 })).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_ARGUMENT, field: 'rate' }),
    );
    expect(() => resolveSimOptions({ limitPolicy: 'coin-flip' as never })).toThrow(
      expect.objectContaining({ field: 'limitPolicy' }),
    );
    expect(() => resolveSimOptions({ path: 'stocks' })).toThrow(/path/);
    expect(() => resolveSimOptions({ lateTradeMaxDelayMs: 20 * 60_000 })).toThrow(
      expect.objectContaining({ field: 'lateTradeMaxDelayMs' }),
    );
    expect(() => resolveSimOptions({ acceleration: 'max' })).toThrow(
      expect.objectContaining({ field: 'acceleration' }),
    );
    expect(() => resolveSimOptions({ controlToken: 'short' })).toThrow(
      expect.objectContaining({ field: 'controlToken' }),
    );
  });
});
