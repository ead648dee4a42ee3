import { InvalidArgumentError } from '@tickmux/core';
import { z } from 'zod';
import type { SettingsPatch, SimSettings } from './control-types.js';

const patchSchema = z
  .object({
    rate: z.number().min(0).max(50_000_000),
    limitPolicy: z.enum(['reject-new', 'kick-oldest']),
    zombieMs: z.number().int().min(0),
    slowConsumerBytes: z.number().int().min(1024),
    maxConnectionsAfterAuth: z.boolean(),
    maxConnections: z.union([
      z.number().int().min(1),
      z.record(z.string(), z.number().int().min(1)),
    ]),
  })
  .partial()
  .strict();

/** A validated settings change, `maxConnections` spelled out per account. */
export type ParsedPatch = Partial<SimSettings>;

/** Validates a settings change; throws {@link InvalidArgumentError} naming the first bad field. */
export function parseSettingsPatch(patch: SettingsPatch, accounts: readonly string[]): ParsedPatch {
  const parsed = patchSchema.safeParse(patch);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    const field =
      first.path.join('.') ||
      (first.code === 'unrecognized_keys' ? first.keys.join(', ') : 'settings');
    throw new InvalidArgumentError(
      field,
      undefined,
      parsed.error.issues.map((i) => i.message).join('; '),
    );
  }
  const { maxConnections, ...rest } = parsed.data;
  if (maxConnections === undefined) return rest;
  if (typeof maxConnections === 'number')
    return {
      ...rest,
      maxConnections: Object.fromEntries(accounts.map((a) => [a, maxConnections])),
    };
  for (const a of Object.keys(maxConnections))
    if (!accounts.includes(a))
      throw new InvalidArgumentError(
        `maxConnections.${a}`,
        a,
        `no such account (accounts: ${accounts.join(', ')})`,
      );
  return { ...rest, maxConnections };
}
