import { describe, expect, it } from 'vitest';
import {
  describeValue,
  ErrorCode,
  InvalidArgumentError,
  silentLogger,
  TickmuxError,
} from '../src/index.js';

describe('errors', () => {
  it('names the error class, keeps the code and the cause', () => {
    const cause = new Error('socket');
    const err = new TickmuxError(ErrorCode.CONNECTION_CLOSED, 'closed', { cause });
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ name: 'TickmuxError', code: ErrorCode.CONNECTION_CLOSED, cause });
    expect(err.message).toBe('closed');
  });

  it('writes the field, the reason and a short description of the value into the message', () => {
    const err = new InvalidArgumentError('limit', -1, 'must be >= 0');
    expect(err).toMatchObject({
      name: 'InvalidArgumentError',
      code: ErrorCode.INVALID_ARGUMENT,
      field: 'limit',
      value: -1,
      message: 'limit: must be >= 0 (got -1)',
    });
    expect(new InvalidArgumentError('topic', 'x', 'bad', ErrorCode.INVALID_TOPIC).code).toBe(
      ErrorCode.INVALID_TOPIC,
    );
  });

  it('describes values briefly and never dumps objects', () => {
    expect(describeValue('abc')).toBe('"abc"');
    expect(describeValue('a'.repeat(40))).toBe(JSON.stringify('a'.repeat(40)));
    expect(describeValue('a'.repeat(41))).toBe(JSON.stringify(`${'a'.repeat(40)}…`));
    expect(describeValue(null)).toBe('null');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue([1, 2, 3])).toBe('array(3)');
    expect(describeValue({ secret: 'key' })).toBe('object');
    expect(describeValue(() => 1)).toBe('function');
    expect(describeValue(Symbol('s'))).toBe('Symbol(s)');
    expect(describeValue(1.5)).toBe('1.5');
    expect(describeValue(false)).toBe('false');
    expect(describeValue(10n)).toBe('10');
  });

  it('keeps every code stable: TICKMUX_ and its own name, never shared', () => {
    const entries = Object.entries(ErrorCode);
    expect(entries.length).toBeGreaterThan(30);
    for (const [name, code] of entries) expect(code).toBe(`TICKMUX_${name}`);
    expect(new Set(Object.values(ErrorCode)).size).toBe(entries.length);
  });

  it('has a silent logger whose every level can be called and does nothing', () => {
    for (const level of ['debug', 'info', 'warn', 'error'] as const)
      expect(silentLogger[level]({ a: 1 }, 'm')).toBeUndefined();
    expect(Object.isFrozen(silentLogger)).toBe(true);
  });
});
