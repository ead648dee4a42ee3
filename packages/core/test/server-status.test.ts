import { describe, expect, it } from 'vitest';
import {
  CLOSING_STATUSES,
  decodeFrame,
  SERVER_STATUS_KINDS,
  toServerStatus,
  type ServerStatus,
} from '../src/index.js';

describe('server statuses', () => {
  it('types documented statuses by name and keeps the whole object', () => {
    const raw = decodeFrame(
      '[{"ev":"status","status":"max_connections","message":"Maximum number of websocket connections exceeded.","extra":1}]',
    ).statuses[0]!;
    const s: ServerStatus = toServerStatus(raw);
    expect(s).toEqual({
      kind: 'max_connections',
      message: 'Maximum number of websocket connections exceeded.',
      raw,
    });
    expect(s.raw['extra']).toBe(1);
  });

  it('reports an undocumented status as other, its name in raw, and a missing message as empty', () => {
    const s = toServerStatus({ ev: 'status', status: 'maintenance_soon' });
    expect(s.kind).toBe('other');
    expect(s.raw.status).toBe('maintenance_soon');
    expect(s.message).toBe('');
  });

  it('types each status the vendor documents by its own name', () => {
    // massive-protocol.md: the statuses a server sends, and those that announce a close.
    const documented = [
      'connected',
      'auth_success',
      'auth_failed',
      'auth_timeout',
      'success',
      'error',
      'max_connections',
      'force_disconnect',
      'slow_consumer',
    ];
    expect(SERVER_STATUS_KINDS).toEqual(documented);
    for (const status of documented)
      expect(toServerStatus({ ev: 'status', status, message: 'm' })).toMatchObject({
        kind: status,
        message: 'm',
      });
    expect(CLOSING_STATUSES).toEqual([
      'auth_failed',
      'auth_timeout',
      'max_connections',
      'force_disconnect',
      'slow_consumer',
    ]);
  });

  it('reads a message that is not a string as empty', () => {
    const raw = { ev: 'status', status: 'error', message: 42 } as unknown as Parameters<
      typeof toServerStatus
    >[0];
    expect(toServerStatus(raw).message).toBe('');
  });
});
