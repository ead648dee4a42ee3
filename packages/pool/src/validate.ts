import { InvalidArgumentError } from '@tickmux/core';

/** Throws naming `field` unless `value` is an integer in [min, max]. */
export function assertInteger(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new InvalidArgumentError(field, value, `must be an integer in [${min}, ${max}]`);
  return value;
}

/** The option `key` of `options`, or its default, checked to be an integer in [min, max]. */
export function integerOption<D extends object>(
  options: object,
  defaults: D,
  key: keyof D & string,
  min: number,
  max: number,
): number {
  const given = (options as Record<string, unknown>)[key];
  return assertInteger(key, given ?? defaults[key], min, max);
}

/** Throws naming `field` unless `value` is a finite number in [min, max]. */
export function assertNumber(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max)
    throw new InvalidArgumentError(field, value, `must be a number in [${min}, ${max}]`);
  return value;
}

/** Throws naming `field` unless `value` is a function. */
export function assertFunction<F>(field: string, value: F): F {
  if (typeof value !== 'function')
    throw new InvalidArgumentError(field, value, 'must be a function');
  return value;
}

/** Throws naming `field` unless `value` is a non-empty string. */
export function assertName(field: string, value: unknown): string {
  if (typeof value !== 'string' || value === '')
    throw new InvalidArgumentError(field, value, 'must be a non-empty string');
  return value;
}

/** Throws unless `options` is an object or undefined; returns it or `{}`. */
export function optionsObject<T extends object>(options: T | undefined): Partial<T> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object')
    throw new InvalidArgumentError('options', options, 'must be an object');
  return options;
}

/** Throws unless `clock` has the Clock methods a module uses. */
export function assertClock<C>(clock: C): C {
  const c = clock as Record<string, unknown> | null;
  if (
    c === null ||
    typeof c !== 'object' ||
    typeof c['now'] !== 'function' ||
    typeof c['setTimeout'] !== 'function' ||
    typeof c['clearTimeout'] !== 'function'
  )
    throw new InvalidArgumentError(
      'clock',
      clock,
      'must be a Clock (now, setTimeout, clearTimeout, ...)',
    );
  return clock;
}
