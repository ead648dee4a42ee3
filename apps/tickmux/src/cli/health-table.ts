import type { HealthStatus } from '../service-source.js';

/** The health object as a table for a terminal: one row per connection, then the totals. */
export function healthTable(h: HealthStatus, now: number): string {
  const head = [
    'connection',
    'name',
    'status',
    'tickers',
    'messages',
    'errors',
    'reconnects',
    'last message',
  ];
  const n = (v: number) => v.toLocaleString('en-US');
  const rows = Object.entries(h.connections).map(([id, c]) => [
    id,
    c.name,
    c.status,
    n(c.tickers),
    n(c.messages),
    n(c.errors),
    n(c.reconnects),
    c.last_message_at === null ? '-' : `${((now - c.last_message_at) / 1000).toFixed(1)}s ago`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = new Set([3, 4, 5, 6]);
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `connected ${h.connected}/${h.total_connections}  tickers ${n(h.total_tickers)}  ticks ${n(h.total_ticks)}  ` +
      `duplicates dropped ${n(h.duplicates_dropped)}  corrections ${n(h.corrections)}  gaps ${n(h.gaps)}  ` +
      `errors ${n(h.total_errors)}  account contention ${n(h.account_contention)}`,
  ].join('\n');
}
