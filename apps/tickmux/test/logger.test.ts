import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createServiceLogger } from '../src/index.js';

/** A writable that keeps what it is given, and may say it is a terminal. */
function capture(isTTY: boolean) {
  const stream = Object.assign(new PassThrough(), { isTTY });
  let out = '';
  stream.on('data', (d: Buffer) => (out += d.toString()));
  return { stream, text: () => out };
}

describe('createServiceLogger', () => {
  it('writes JSON lines when the destination is not a terminal', () => {
    const { stream, text } = capture(false);
    createServiceLogger({ destination: stream }).info(
      { sink: 'redis-pubsub' },
      'redis connection back',
    );
    const line = JSON.parse(text().trim()) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 30,
      app: 'tickmux',
      sink: 'redis-pubsub',
      msg: 'redis connection back',
    });
  });

  it('writes human-readable lines on a terminal', () => {
    const { stream, text } = capture(true);
    createServiceLogger({ destination: stream }).warn(
      { sink: 'redis-pubsub' },
      'redis sink buffer full',
    );
    const out = text();
    expect(out).toContain('redis sink buffer full');
    expect(out).toMatch(/WARN/);
    expect(() => JSON.parse(out) as unknown).toThrow();
  });

  it('pretty can be forced either way, and the level is checked', () => {
    const tty = capture(true);
    createServiceLogger({ destination: tty.stream, pretty: false }).info({}, 'x');
    expect(JSON.parse(tty.text())).toMatchObject({ msg: 'x' });
    const quiet = capture(false);
    createServiceLogger({ destination: quiet.stream, level: 'warn' }).info({}, 'hidden');
    expect(quiet.text()).toBe('');
    expect(() => createServiceLogger({ level: 'loud' })).toThrow(
      expect.objectContaining({ field: 'level' }),
    );
  });
});
