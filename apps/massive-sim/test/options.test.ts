import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@tickmux/core';
import { resolveSimOptions } from '../src/index.js';

describe('simulator options', () => {
  it('applies documented defaults', () => {
    const o = resolveSimOptions();
    expect(o).toMatchObject({
      host: '127.0.0.1',
      port: 0,
      path: '/stocks',
      symbols: 500,
      rate: 20_000,
      limitPolicy: 'reject-new',
      authTimeoutMs: 10_000,
      benchStamp: false,
      clock: 'real',
    });
    expect([...o.limits]).toEqual([['demo', 3]]);
  });

  it('builds per-key limits from apiKeys and accounts', () => {
    const o = resolveSimOptions({
      apiKeys: ['a', 'b'],
      maxConnections: 2,
      accounts: { c: { maxConnections: 5 }, d: {} },
    });
    expect(Object.fromEntries(o.limits)).toEqual({ a: 2, b: 2, c: 5, d: 2 });
  });

  it('rejects bad options with a typed error naming the field', () => {
    expect(() => resolveSimOptions({ rate: -1 })).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_ARGUMENT, field: 'rate' }),
    );
    expect(() => resolveSimOptions({ limitPolicy: 'coin-flip' as never })).toThrow(
      expect.objectContaining({ field: 'limitPolicy' }),
    );
    expect(() => resolveSimOptions({ path: 'stocks' })).toThrow(/path/);
  });
});
