import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadBudgets, parseBudgets, type BudgetFile } from '../src/budgets.js';
import { evaluateGate } from '../src/gate-check.js';
import { BENCHES } from '../src/registry.js';

const KNOWN = ['codec', 'client', 'pool'];
const FILE: BudgetFile = {
  budgets: [
    { bench: 'codec', figure: 'decode_vs_json_parse', op: '>=', value: 0.9, why: 'design' },
    { bench: 'codec', figure: 'decode_vs_json_parse_worst', op: '>=', value: 0.8, why: 'worst' },
    { bench: 'client', figure: 'vs_bare_ws', op: '>=', value: 0.5, why: 'ratio' },
    { bench: 'client', figure: 'p99_us', op: '<=', value: 2_000, why: 'latency' },
  ],
  pending: { pool: 'MultiConnectionManager has not landed' },
};
const GOOD = {
  codec: { decode_vs_json_parse: 0.95, decode_vs_json_parse_worst: 0.91 },
  client: { vs_bare_ws: 0.9, p99_us: 900 },
  pool: { skipped: 'MultiConnectionManager is not exported by @tickmux/pool yet' },
};

describe('the performance gate, by data', () => {
  it('passes a run within every budget, and shows a pending benchmark as skipped', () => {
    const v = evaluateGate(GOOD, FILE, KNOWN);
    expect(v.failures).toEqual([]);
    expect(v.pass).toBe(true);
    expect(v.rows.map((r) => `${r.bench}.${r.figure} ${r.verdict}`)).toEqual([
      'codec.decode_vs_json_parse pass',
      'codec.decode_vs_json_parse_worst pass',
      'client.vs_bare_ws pass',
      'client.p99_us pass',
      'pool.- skip',
    ]);
  });

  it('fails a missed budget with the figure, its value and the budget in the reason', () => {
    const v = evaluateGate({ ...GOOD, client: { vs_bare_ws: 0.3, p99_us: 900 } }, FILE, KNOWN);
    expect(v.pass).toBe(false);
    expect(v.failures).toEqual(['client: vs_bare_ws = 0.3 is below its budget >= 0.5']);
  });

  it('fails a regression at one batch size that the geometric mean hides', () => {
    // 0.95 x 1.0 x 0.6 has a geometric mean of 0.83: the worst batch (0.6) must fail on its own.
    const codec = { decode_vs_json_parse: 0.92, decode_vs_json_parse_worst: 0.6 };
    const v = evaluateGate({ ...GOOD, codec }, FILE, KNOWN);
    expect(v.failures).toEqual([
      'codec: decode_vs_json_parse_worst = 0.6 is below its budget >= 0.8',
    ]);
  });

  it('fails an infinite ratio (a bare reader that counted nothing) instead of passing it', () => {
    const v = evaluateGate({ ...GOOD, client: { vs_bare_ws: Infinity, p99_us: 900 } }, FILE, KNOWN);
    expect(v.pass).toBe(false);
    expect(v.failures[0]).toContain('vs_bare_ws is Infinity, not a finite number');
  });

  it('fails a misspelled benchmark name instead of checking nothing', () => {
    const v = evaluateGate(GOOD, FILE, KNOWN, ['codcc']);
    expect(v.pass).toBe(false);
    expect(v.failures).toEqual(['"codcc" is not a benchmark (known: codec, client, pool)']);
  });

  it('fails when nothing was checked at all', () => {
    const v = evaluateGate(GOOD, FILE, KNOWN, ['pool']);
    expect(v.pass).toBe(false);
    expect(v.failures).toEqual(['no budget was checked']);
  });

  it('fails a budget whose benchmark does not exist, and a figure that is missing', () => {
    const file = {
      ...FILE,
      budgets: [
        ...FILE.budgets,
        { bench: 'clinet', figure: 'vs_bare_ws', op: '>=' as const, value: 1, why: 'typo' },
        { bench: 'client', figure: 'vs_bare', op: '>=' as const, value: 1, why: 'typo' },
      ],
    };
    const v = evaluateGate(GOOD, file, KNOWN);
    expect(v.failures).toEqual([
      'budget clinet.vs_bare_ws names an unknown benchmark "clinet"',
      'client: vs_bare is missing',
    ]);
  });

  it('fails a benchmark with no results, one that threw, and one with no budget', () => {
    const { client: _c, ...noClient } = GOOD;
    expect(evaluateGate(noClient, FILE, KNOWN).failures).toEqual([
      'client: no results (did it run?)',
    ]);
    const threw = { ...GOOD, client: { error: 'replay exited with 1' } };
    expect(evaluateGate(threw, FILE, KNOWN).failures).toEqual([
      'client: failed to run: replay exited with 1',
    ]);
    const unbudgeted = evaluateGate({ ...GOOD, extra: { x: 1 } }, FILE, [...KNOWN, 'extra']);
    expect(unbudgeted.failures).toEqual(['extra: has no budget in budgets.json']);
  });

  it('fails a skip that is not pending, and a pending benchmark that now runs', () => {
    const skipped = { ...GOOD, client: { skipped: 'no replay' } };
    expect(evaluateGate(skipped, FILE, KNOWN).failures).toEqual([
      'client: skipped: no replay, and not listed as pending',
    ]);
    const ran = { ...GOOD, pool: { events_per_s: 1 } };
    expect(evaluateGate(ran, FILE, KNOWN).failures).toEqual([
      'pool: ran, so remove it from "pending" in budgets.json (MultiConnectionManager has not landed)',
      'pool: has no budget in budgets.json',
    ]);
  });
});

describe('budgets.json', () => {
  it('rejects a malformed budget naming the field', () => {
    expect(() => parseBudgets({ budgets: [] })).toThrow(/budgets: must be a non-empty array/);
    const bad = { bench: 'codec', figure: 'x', op: '>', value: 1, why: 'w' };
    expect(() => parseBudgets({ budgets: [bad] })).toThrow(/budgets\[0\]\.op/);
    expect(() => parseBudgets({ budgets: [{ ...bad, op: '>=', value: 'NaN' }] })).toThrow(
      /budgets\[0\]\.value: must be a finite number/,
    );
    expect(() => parseBudgets({ budgets: [{ ...bad, op: '>=', why: '' }] })).toThrow(
      /budgets\[0\]\.why/,
    );
  });

  it('budgets every registered benchmark, or lists it as pending, and names no other', () => {
    const file = loadBudgets();
    const names = [...BENCHES.keys()];
    for (const name of names) {
      const budgeted = file.budgets.some((b) => b.bench === name);
      expect({ name, covered: budgeted || name in file.pending }).toEqual({ name, covered: true });
    }
    expect(file.budgets.filter((b) => !names.includes(b.bench))).toEqual([]);
  });

  it('gates the sim by its ratio to the replay and the codec by its worst batch', () => {
    const figures = loadBudgets().budgets.map((b) => `${b.bench}.${b.figure}`);
    expect(figures).toContain('sim.vs_replay');
    expect(figures).not.toContain('sim.events_per_s');
    expect(figures).toContain('codec.decode_vs_json_parse_worst');
  });
});

describe('pnpm bench:gate --results', () => {
  const gate = (results: unknown) => {
    const dir = mkdtempSync(join(tmpdir(), 'tickmux-gate-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'summary.json');
    writeFileSync(file, JSON.stringify(results));
    return spawnSync(
      process.execPath,
      ['--import', 'tsx', '--conditions=@tickmux/source', 'src/gate.ts', '--results', file],
      { cwd: join(import.meta.dirname, '..'), encoding: 'utf8', timeout: 30_000 },
    );
  };

  it('exits 1 on a results file that misses a budget, saying which and why', () => {
    // Every budget met except the client's ratio to the bare reader; pending benches skipped.
    const { budgets, pending } = loadBudgets();
    const results: Record<string, Record<string, number | string>> = {};
    for (const b of budgets) {
      const ok = b.op === '>=' ? b.value * 2 + 1 : b.value / 2;
      (results[b.bench] ??= {})[b.figure] = ok;
    }
    for (const name of Object.keys(pending)) results[name] = { skipped: 'not landed' };
    results['client']!['vs_bare_ws'] = 0.1;
    const run = gate({ results });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('gate: FAIL');
    expect(run.stdout).toContain('client: vs_bare_ws = 0.1 is below its budget >= 0.5');
    expect(run.stdout).toMatch(/client\.vs_bare_ws +>= 0\.5 +0\.1 +FAIL/);

    delete results['client']!['vs_bare_ws'];
    results['client']!['vs_bare_ws'] = 0.9;
    const ok = gate({ results });
    expect(ok.stdout).toContain('gate: pass');
    expect(ok.status).toBe(0);
  });
});
