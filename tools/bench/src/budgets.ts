import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from '@tickmux/core';
import type { Target } from './harness.js';

/** The checked-in budgets the gate compares a quick run with. */
export const BUDGETS_FILE = fileURLToPath(new URL('../budgets.json', import.meta.url));

/** One budget: a target on a figure of one benchmark, with the reason for its value. */
export interface Budget extends Target {
  bench: string;
  /** Why this value: the design target it comes from, or the noise it leaves room for. */
  why: string;
}

/** What budgets.json holds. */
export interface BudgetFile {
  budgets: Budget[];
  /**
   * Benchmarks allowed to report `skipped` for now, with the reason (their code has not landed).
   * A skipped benchmark that is not listed here fails the gate.
   */
  pending: Record<string, string>;
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Validates parsed JSON as a budget file; throws {@link InvalidArgumentError} naming the field. */
export function parseBudgets(json: unknown): BudgetFile {
  if (!isObj(json)) throw new InvalidArgumentError('budgets file', json, 'must be an object');
  const list = json['budgets'];
  if (!Array.isArray(list) || list.length === 0)
    throw new InvalidArgumentError('budgets', list, 'must be a non-empty array');
  const budgets = list.map((b: unknown, i): Budget => {
    const at = `budgets[${i}]`;
    if (!isObj(b)) throw new InvalidArgumentError(at, b, 'must be an object');
    for (const f of ['bench', 'figure', 'why'] as const) {
      const v = b[f];
      if (typeof v !== 'string' || v.trim() === '')
        throw new InvalidArgumentError(`${at}.${f}`, v, 'must be a non-empty string');
    }
    if (b['op'] !== '>=' && b['op'] !== '<=')
      throw new InvalidArgumentError(`${at}.op`, b['op'], 'must be ">=" or "<="');
    if (typeof b['value'] !== 'number' || !Number.isFinite(b['value']))
      throw new InvalidArgumentError(`${at}.value`, b['value'], 'must be a finite number');
    return {
      bench: b['bench'] as string,
      figure: b['figure'] as string,
      op: b['op'],
      value: b['value'],
      why: b['why'] as string,
    };
  });
  const pending = json['pending'] ?? {};
  if (!isObj(pending)) throw new InvalidArgumentError('pending', pending, 'must be an object');
  for (const [k, v] of Object.entries(pending))
    if (typeof v !== 'string' || v.trim() === '')
      throw new InvalidArgumentError(`pending.${k}`, v, 'must say why, as a non-empty string');
  return { budgets, pending: pending as Record<string, string> };
}

/** Reads and validates a budget file (budgets.json by default). */
export function loadBudgets(path = BUDGETS_FILE): BudgetFile {
  return parseBudgets(JSON.parse(readFileSync(path, 'utf8')) as unknown);
}
