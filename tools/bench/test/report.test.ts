import { mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { niceStep, renderChart } from '../src/chart.js';
import { markdownTable, writeResults } from '../src/results-writer.js';
import { summaryObject, type SuiteRun } from '../src/suite.js';

const RUN: SuiteRun = {
  quick: true,
  startedAt: '2026-11-30T04:00:00.000Z',
  durationMs: 1234,
  results: {
    codec: {
      summary: { bench: 'codec', decode_vs_json_parse: 0.95 },
      table: [{ batch: 1, ratio: 0.95 }],
      durationMs: 1000,
      charts: [
        {
          file: 'demo',
          title: 'A & B <demo>',
          xLabel: 'x',
          yLabel: 'y',
          xLog: true,
          series: [
            {
              name: 'ours',
              points: [
                [100, 1],
                [1_000, 2],
                [10_000, 3],
              ],
            },
          ],
          bands: [{ from: 200, to: 400, label: 'gap' }],
          markers: [{ x: 200, label: 'kill' }],
        },
      ],
    },
    pool: { summary: { bench: 'pool', skipped: 'not landed' }, table: [], durationMs: 0 },
  },
};

describe('results', () => {
  it('keys the JSON summary by benchmark, without the bench field', () => {
    expect(summaryObject(RUN)).toEqual({
      codec: { decode_vs_json_parse: 0.95 },
      pool: { skipped: 'not landed' },
    });
  });

  it('writes summary.json, results.md and the charts, and points latest at them', () => {
    const root = mkdtempSync(join(tmpdir(), 'tickmux-results-'));
    onTestFinished(() => rmSync(root, { recursive: true, force: true }));
    const dir = writeResults(RUN, { root, command: 'pnpm bench all --quick' });
    expect(readlinkSync(join(root, 'latest'))).toBe('2026-11-30T04-00-00-000Z');
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(summary).toMatchObject({
      command: 'pnpm bench all --quick',
      results: summaryObject(RUN),
      durations_ms: { codec: 1000, pool: 0 },
    });
    const md = readFileSync(join(dir, 'results.md'), 'utf8');
    expect(md).toContain('| batch | ratio |\n| ---: | ---: |\n| 1 | 0.95 |');
    expect(md).toContain('![A & B <demo>](charts/demo.svg)');
    expect(md).toContain('{"skipped":"not landed"}');
    expect(readFileSync(join(dir, 'charts', 'demo.svg'), 'utf8')).toMatch(/^<svg /);
  });

  it('formats markdown tables, escaping pipes', () => {
    expect(markdownTable([{ a: 'x|y', n: 1234 }])).toBe(
      '| a | n |\n| --- | ---: |\n| x\\|y | 1,234 |',
    );
  });
});

describe('SVG charts', () => {
  const svg = renderChart(RUN.results['codec']!.charts![0]!);

  it('draws each series, the band and the marker, with escaped text', () => {
    expect(svg).toContain('A &amp; B &lt;demo&gt;');
    expect(svg).toContain('>ours</text>');
    expect(svg).toContain('>gap</text>');
    expect(svg).toContain('>kill</text>');
    expect(svg.match(/<path /g)).toHaveLength(1);
    expect(svg.match(/<circle /g)).toHaveLength(3);
  });

  it('puts decades on a log axis', () => {
    for (const t of ['100', '1k', '10k']) expect(svg).toContain(`>${t}</text>`);
  });

  it('picks round tick steps', () => {
    expect([niceStep(0.3), niceStep(1.5), niceStep(4), niceStep(7), niceStep(4_100)]).toEqual([
      0.5, 2, 5, 10, 5_000,
    ]);
  });
});
