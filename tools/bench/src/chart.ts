import type { ChartSpec } from './harness.js';

/**
 * Renders a {@link ChartSpec} as a standalone SVG line chart: plain strings, no dependency, no
 * script, so it renders the same on GitHub, in a browser and in an image viewer. Linear or log
 * axes with round ticks, one colour per series with a legend, shaded bands and vertical markers.
 */
export function renderChart(spec: ChartSpec, width = 720, height = 400): string {
  const m = { top: 40, right: 20, bottom: 52, left: 72 };
  const legendH = 18 * spec.series.length;
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom - legendH;
  const points = spec.series.flatMap((s) => s.points);
  const xs = [...points.map((p) => p[0]), ...(spec.bands ?? []).flatMap((b) => [b.from, b.to])];
  const ys = points.map((p) => p[1]);
  const x = axis(xs, spec.xLog === true, m.left, m.left + plotW, false, false);
  const y = axis(ys, spec.yLog === true, m.top + plotH, m.top, spec.yLog !== true, true);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="14" font-weight="600">${esc(spec.title)}</text>`,
  ];
  for (const b of spec.bands ?? []) {
    const x0 = x.at(b.from);
    const x1 = x.at(b.to);
    out.push(
      `<rect x="${f(Math.min(x0, x1))}" y="${m.top}" width="${f(Math.max(1, Math.abs(x1 - x0)))}" height="${plotH}" fill="#f4a261" fill-opacity="0.25"/>`,
      `<text x="${f((x0 + x1) / 2)}" y="${m.top + 14}" text-anchor="middle" fill="#9c4a12">${esc(b.label)}</text>`,
    );
  }
  // Grid and ticks.
  for (const t of x.ticks)
    out.push(
      `<line x1="${f(x.at(t))}" x2="${f(x.at(t))}" y1="${m.top}" y2="${m.top + plotH}" stroke="#eee"/>`,
      `<text x="${f(x.at(t))}" y="${m.top + plotH + 16}" text-anchor="middle">${label(t)}</text>`,
    );
  for (const t of y.ticks)
    out.push(
      `<line x1="${m.left}" x2="${m.left + plotW}" y1="${f(y.at(t))}" y2="${f(y.at(t))}" stroke="#eee"/>`,
      `<text x="${m.left - 6}" y="${f(y.at(t) + 4)}" text-anchor="end">${label(t)}</text>`,
    );
  out.push(
    `<rect x="${m.left}" y="${m.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`,
    `<text x="${m.left + plotW / 2}" y="${m.top + plotH + 36}" text-anchor="middle">${esc(spec.xLabel)}</text>`,
    `<text transform="translate(16 ${m.top + plotH / 2}) rotate(-90)" text-anchor="middle">${esc(spec.yLabel)}</text>`,
  );
  for (const mk of spec.markers ?? [])
    out.push(
      `<line x1="${f(x.at(mk.x))}" x2="${f(x.at(mk.x))}" y1="${m.top}" y2="${m.top + plotH}" stroke="#c1121f" stroke-dasharray="5 3"/>`,
      `<text x="${f(x.at(mk.x) + 4)}" y="${m.top + plotH - 6}" fill="#c1121f">${esc(mk.label)}</text>`,
    );
  spec.series.forEach((s, i) => {
    const colour = PALETTE[i % PALETTE.length]!;
    const d = s.points
      .filter((p) => x.valid(p[0]) && y.valid(p[1]))
      .map((p, k) => `${k === 0 ? 'M' : 'L'}${f(x.at(p[0]))},${f(y.at(p[1]))}`)
      .join(' ');
    if (d !== '') out.push(`<path d="${d}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    if (s.points.length <= 12)
      for (const p of s.points)
        if (x.valid(p[0]) && y.valid(p[1]))
          out.push(`<circle cx="${f(x.at(p[0]))}" cy="${f(y.at(p[1]))}" r="3" fill="${colour}"/>`);
    const ly = m.top + plotH + 52 + 18 * i - 6;
    out.push(
      `<line x1="${m.left}" x2="${m.left + 24}" y1="${ly - 4}" y2="${ly - 4}" stroke="${colour}" stroke-width="3"/>`,
      `<text x="${m.left + 30}" y="${ly}">${esc(s.name)}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

const PALETTE = ['#1d3557', '#e63946', '#2a9d8f', '#e9c46a', '#6a4c93', '#8d99ae'];

interface Axis {
  at(v: number): number;
  valid(v: number): boolean;
  ticks: number[];
}

/**
 * Maps data values onto pixels [p0, p1]; log axes drop values <= 0. A `round` axis widens to
 * whole tick steps (y); otherwise it spans the data exactly, with ticks inside (x).
 */
function axis(
  values: number[],
  log: boolean,
  p0: number,
  p1: number,
  fromZero: boolean,
  round: boolean,
): Axis {
  const valid = (v: number) => Number.isFinite(v) && (!log || v > 0);
  const vs = values.filter(valid);
  let lo = vs.length > 0 ? Math.min(...vs) : log ? 1 : 0;
  let hi = vs.length > 0 ? Math.max(...vs) : lo + 1;
  if (fromZero && lo > 0) lo = 0;
  if (log) {
    lo = 10 ** Math.floor(Math.log10(lo));
    hi = 10 ** Math.ceil(Math.log10(hi === lo ? hi * 10 : hi));
    const ticks: number[] = [];
    for (let t = lo; t <= hi * 1.0001; t *= 10) ticks.push(t);
    const span = Math.log10(hi) - Math.log10(lo);
    return {
      valid,
      ticks,
      at: (v) => p0 + ((Math.log10(v) - Math.log10(lo)) / span) * (p1 - p0),
    };
  }
  if (hi === lo) hi = lo + 1;
  const step = niceStep((hi - lo) / 5);
  if (round) {
    lo = Math.floor(lo / step) * step;
    hi = Math.ceil(hi / step) * step;
  }
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step / 1000; t += step)
    ticks.push(Number(t.toPrecision(12)));
  return { valid, ticks, at: (v) => p0 + ((v - lo) / (hi - lo)) * (p1 - p0) };
}

/** 1, 2 or 5 times a power of ten, at least `raw`. */
export function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const r = raw / p;
  return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * p;
}

/** A short tick label: 1.5k, 20M, 0.25. */
function label(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${trim(v / 1e6)}M`;
  if (a >= 1e3) return `${trim(v / 1e3)}k`;
  return trim(v);
}

const trim = (v: number) => String(Number(v.toPrecision(3)));
const f = (v: number) => v.toFixed(1);
const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
