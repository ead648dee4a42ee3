import { describe, expect, it } from 'vitest';
import type { Bench } from '../src/harness.js';
import { runSuite } from '../src/suite.js';

const bench = (name: string, run: Bench['run']): Bench => ({ name, description: name, run });

describe('runSuite', () => {
  it('records a benchmark that throws or hangs as an error and goes on to the next', async () => {
    const lines: string[] = [];
    const run = await runSuite(
      [
        bench('hangs', () => new Promise(() => {})),
        bench('throws', () => Promise.reject(new Error('no server'))),
        bench('works', () => Promise.resolve({ summary: { bench: 'works', x: 1 }, table: [] })),
      ],
      { quick: true, log: (l) => lines.push(l), deadlineMs: 20 },
    );
    expect(run.results['hangs']!.summary).toEqual({
      bench: 'hangs',
      error: 'did not finish within 0 s',
    });
    expect(run.results['throws']!.summary).toEqual({ bench: 'throws', error: 'no server' });
    expect(run.results['works']!.summary).toEqual({ bench: 'works', x: 1 });
    expect(lines.filter((l) => l.includes('ERROR'))).toHaveLength(2);
  });
});
