// Small, dependency-free SVG charts for the self-contained HTML report (npm run report): a line chart, grouped bars
// with intervals, and a forest plot of estimates with intervals. Every chart is an <svg role="img"> with a <title>
// and a <desc>, and its numbers ride on data-* attributes so tests (and people) can check what is drawn.

export const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];
const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));

interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}
const FRAME: Frame = { width: 640, height: 280, left: 56, right: 16, top: 28, bottom: 44 };

function scale(domain: [number, number], range: [number, number]): (x: number) => number {
  const [d0, d1] = domain;
  const span = d1 - d0 || 1;
  return (x) => range[0] + ((x - d0) / span) * (range[1] - range[0]);
}

/** about five round ticks over [lo, hi] */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  // counted in whole steps and rounded: repeated addition of 0.2 would draw 0.6000000000000001
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) out.push(Number((k * step).toFixed(10)));
  return out;
}

function open(kind: string, title: string, desc: string, f: Frame): string {
  return `<svg class="chart" data-chart="${kind}" role="img" viewBox="0 0 ${f.width} ${f.height}" width="${f.width}" height="${f.height}" xmlns="http://www.w3.org/2000/svg"><title>${escapeXml(title)}</title><desc>${escapeXml(desc)}</desc>`;
}

function axes(f: Frame, x: (v: number) => number, y: (v: number) => number, xTicks: number[], yTicks: number[], xLabel: string, yLabel: string, xText: (v: number) => string = fmt): string {
  const x0 = f.left;
  const y0 = f.height - f.bottom;
  const parts = [`<g class="axes" font-size="11" fill="#333">`];
  parts.push(`<line x1="${x0}" y1="${y0}" x2="${f.width - f.right}" y2="${y0}" stroke="#555"/><line x1="${x0}" y1="${f.top}" x2="${x0}" y2="${y0}" stroke="#555"/>`);
  for (const t of xTicks) parts.push(`<line x1="${x(t)}" y1="${y0}" x2="${x(t)}" y2="${y0 + 4}" stroke="#555"/><text x="${x(t)}" y="${y0 + 16}" text-anchor="middle">${escapeXml(xText(t))}</text>`);
  for (const t of yTicks) parts.push(`<line x1="${x0 - 4}" y1="${y(t)}" x2="${f.width - f.right}" y2="${y(t)}" stroke="#eee"/><text x="${x0 - 7}" y="${y(t) + 4}" text-anchor="end">${fmt(t)}</text>`);
  parts.push(`<text x="${(x0 + f.width - f.right) / 2}" y="${f.height - 8}" text-anchor="middle">${escapeXml(xLabel)}</text>`);
  parts.push(`<text transform="translate(14 ${(f.top + y0) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text></g>`);
  return parts.join('');
}

function legend(f: Frame, names: string[]): string {
  return `<g class="legend" font-size="11">${names
    .map((n, i) => `<rect x="${f.left + 8 + i * 130}" y="8" width="10" height="10" fill="${PALETTE[i % PALETTE.length]}"/><text x="${f.left + 22 + i * 130}" y="17">${escapeXml(n)}</text>`)
    .join('')}</g>`;
}

export interface LineSeries {
  name: string;
  y: (number | null)[];
}

/** Lines over a shared x; gaps where y is null; optional vertical markers (e.g. routing cuts). */
export function lineChart(o: { title: string; x: number[]; series: LineSeries[]; xLabel: string; yLabel: string; markers?: { x: number; label: string }[] }): string {
  const f = FRAME;
  const ys = o.series.flatMap((s) => s.y.filter((v): v is number => v !== null && Number.isFinite(v)));
  const yMax = ys.length ? Math.max(...ys) * 1.05 : 1;
  const x = scale([Math.min(...o.x), Math.max(...o.x)], [f.left, f.width - f.right]);
  const y = scale([0, yMax], [f.height - f.bottom, f.top]);
  const parts = [open('line', o.title, `${o.series.map((s) => s.name).join(', ')} against ${o.xLabel}`, f), axes(f, x, y, ticks(Math.min(...o.x), Math.max(...o.x), 8), ticks(0, yMax), o.xLabel, o.yLabel)];
  o.series.forEach((s, i) => {
    let d = '';
    let pen = false;
    s.y.forEach((v, k) => {
      if (v === null || !Number.isFinite(v)) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${x(o.x[k] as number).toFixed(1)} ${y(v).toFixed(1)}`;
      pen = true;
    });
    parts.push(`<path class="series" data-name="${escapeXml(s.name)}" data-y="${escapeXml(JSON.stringify(s.y))}" d="${d}" fill="none" stroke="${PALETTE[i % PALETTE.length]}" stroke-width="2"/>`);
  });
  for (const m of o.markers ?? []) {
    parts.push(`<g class="marker" data-x="${m.x}"><line x1="${x(m.x)}" y1="${f.top}" x2="${x(m.x)}" y2="${f.height - f.bottom}" stroke="#999" stroke-dasharray="4 3"/><text x="${x(m.x) + 3}" y="${f.top + 10}" font-size="10" fill="#555">${escapeXml(m.label)}</text></g>`);
  }
  parts.push(legend(f, o.series.map((s) => s.name)), '</svg>');
  return parts.join('');
}

export interface BarValue {
  name: string;
  value: number;
  lo?: number;
  hi?: number;
}

/** Groups of bars (e.g. an error tag's rate in each ability band), each with its interval when given. */
export function groupedBars(o: { title: string; groups: { label: string; values: BarValue[] }[]; yLabel: string; yMax?: number }): string {
  const f = { ...FRAME, bottom: 64 };
  const names = [...new Set(o.groups.flatMap((g) => g.values.map((v) => v.name)))];
  const top = o.yMax ?? Math.max(1e-9, ...o.groups.flatMap((g) => g.values.map((v) => v.hi ?? v.value))) * 1.05;
  const y = scale([0, top], [f.height - f.bottom, f.top]);
  const groupWidth = (f.width - f.left - f.right) / Math.max(1, o.groups.length);
  const barWidth = Math.max(2, (groupWidth * 0.8) / Math.max(1, names.length));
  const parts = [open('bars', o.title, `${names.join(', ')} for each of ${o.groups.map((g) => g.label).join(', ')}`, f)];
  parts.push(axes(f, (v) => v, y, [], ticks(0, top), '', o.yLabel));
  o.groups.forEach((g, gi) => {
    const gx = f.left + gi * groupWidth + groupWidth * 0.1;
    parts.push(`<g class="group" data-label="${escapeXml(g.label)}">`);
    g.values.forEach((v) => {
      const i = names.indexOf(v.name);
      const bx = gx + i * barWidth;
      parts.push(`<rect class="bar" data-name="${escapeXml(v.name)}" data-value="${v.value}" x="${bx.toFixed(1)}" y="${y(v.value).toFixed(1)}" width="${(barWidth - 1).toFixed(1)}" height="${(y(0) - y(v.value)).toFixed(1)}" fill="${PALETTE[i % PALETTE.length]}"><title>${escapeXml(`${g.label} · ${v.name}: ${fmt(v.value)}${v.lo !== undefined && v.hi !== undefined ? ` (95% ${fmt(v.lo)}–${fmt(v.hi)})` : ''}`)}</title></rect>`);
      if (v.lo !== undefined && v.hi !== undefined) {
        const cx = bx + (barWidth - 1) / 2;
        parts.push(`<line class="interval" x1="${cx.toFixed(1)}" y1="${y(v.lo).toFixed(1)}" x2="${cx.toFixed(1)}" y2="${y(v.hi).toFixed(1)}" stroke="#222"/>`);
      }
    });
    parts.push(`<text x="${(gx + groupWidth * 0.4).toFixed(1)}" y="${f.height - f.bottom + 14}" font-size="10" text-anchor="end" transform="rotate(-30 ${(gx + groupWidth * 0.4).toFixed(1)} ${f.height - f.bottom + 14})">${escapeXml(g.label)}</text></g>`);
  });
  parts.push(legend(f, names), '</svg>');
  return parts.join('');
}

/** Estimates with 95% intervals, one row each, around a reference line (a forest plot). */
export function intervalChart(o: { title: string; rows: { label: string; estimate: number; lo: number; hi: number }[]; xLabel: string; reference?: number }): string {
  const rowHeight = 26;
  const f = { ...FRAME, left: 170, height: FRAME.top + FRAME.bottom + rowHeight * Math.max(1, o.rows.length) };
  const values = o.rows.flatMap((r) => [r.lo, r.hi, r.estimate]).concat(o.reference ?? []);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = (hi - lo) * 0.08 || 0.5;
  const x = scale([lo - pad, hi + pad], [f.left, f.width - f.right]);
  const parts = [open('intervals', o.title, o.rows.map((r) => `${r.label}: ${fmt(r.estimate)} (${fmt(r.lo)} to ${fmt(r.hi)})`).join('; '), f)];
  parts.push(axes(f, x, (v) => v, ticks(lo - pad, hi + pad), [], o.xLabel, ''));
  if (o.reference !== undefined) parts.push(`<line x1="${x(o.reference)}" y1="${f.top}" x2="${x(o.reference)}" y2="${f.height - f.bottom}" stroke="#999" stroke-dasharray="4 3"/>`);
  o.rows.forEach((r, i) => {
    const cy = f.top + rowHeight * i + rowHeight / 2;
    parts.push(
      `<g class="row" data-label="${escapeXml(r.label)}" data-estimate="${r.estimate}" data-lo="${r.lo}" data-hi="${r.hi}"><text x="${f.left - 8}" y="${cy + 4}" font-size="11" text-anchor="end">${escapeXml(r.label)}</text>` +
        `<line x1="${x(r.lo).toFixed(1)}" y1="${cy}" x2="${x(r.hi).toFixed(1)}" y2="${cy}" stroke="${PALETTE[0]}" stroke-width="2"/><circle cx="${x(r.estimate).toFixed(1)}" cy="${cy}" r="4" fill="${PALETTE[0]}"/></g>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
