import { describe, expect, it } from 'vitest';
import { decodeFrame, toServerStatus, type ServerStatus } from '../src/index.js';

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
});
