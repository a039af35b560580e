// The training report (npm run report; docs/insights.md "Pictures"): one self-contained HTML file — inline CSS and
// SVG, no script, no external resource — drawn from exactly what the insight endpoints return, so every picture
// has its data behind a route: blueprint information (GET /v1/blueprints/{id}/information), common errors by
// ability band (GET /v1/insights/errors), item health (GET /v1/items/health), course variants and their effect
// over time (GET /v1/insights/courses/{id}, one call per look).

import { escapeXml, groupedBars, intervalChart, lineChart } from './svg';

interface Proportion {
  x: number;
  n: number;
  p: number;
  lo: number;
  hi: number;
}

export interface BlueprintCurves {
  blueprint: { id: string; version: number };
  theta: number[];
  skills: { skill: string; items: number; maxItems: number; cuts: { generalist?: number; expert?: number }; bestTestInformation: number[]; conditionalSe: (number | null)[] }[];
}

export interface ErrorsView {
  engine: string;
  responses: number;
  rule: string;
  errors: { skill: string; errorTag: string; count: number; shareOfErrors: Proportion; rate: Proportion; byBand: (Proportion & { band: number })[]; peakBand: number | null; flag: string | null; exampleItems: { itemId: string }[] }[];
}

export interface ItemHealthView {
  calibrationId: string;
  calibratedAt: string;
  items: { itemId: string; skill: string; status: string; n: number; flags: string[]; health?: { pValue: number; pointBiserial: number } }[];
}

interface Comparison {
  status: string;
  control: string;
  treatment: string;
  ancova?: { estimate: number; ci95: [number, number]; p: number };
  sequential?: { alwaysValidP: number; confidenceSequence: [number, number]; reject: boolean };
}

export interface CourseView {
  courseId: string;
  skill: string;
  status: string;
  minPerVariant: number;
  sequentialTest: { method: string; alpha: number };
  variants: { variant: string; n: number; withPost: number; gain: { mean: number; ci95: [number, number] } | null; exitRate: Proportion }[];
  comparisons: Comparison[];
}

export interface ReportData {
  generatedAt: string;
  source: string;
  blueprints: BlueprintCurves[];
  errors: ErrorsView | null;
  itemHealth: ItemHealthView | null;
  /** per course: the report at the last look, and one report per look (oldest first) for the effect over time */
  courses: { latest: CourseView; looks: { at: string; report: CourseView }[] }[];
  /** what could not be drawn, and why (e.g. no calibration has run yet) */
  notes: string[];
}

const pct = (p: number) => `${(100 * p).toFixed(1)}%`;
const num = (x: number, d = 2) => x.toFixed(d);

function table(headers: string[], rows: (string | number)[][]): string {
  const head = headers.map((h) => `<th scope="col">${escapeXml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeXml(String(c))}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

const figure = (svg: string, caption: string) => `<figure>${svg}<figcaption>${escapeXml(caption)}</figcaption></figure>`;

function blueprintSection(b: BlueprintCurves): string {
  const chart = lineChart({
    title: `${b.blueprint.id} v${b.blueprint.version}: conditional SE of the best test per skill`,
    x: b.theta,
    series: b.skills.map((s) => ({ name: s.skill, y: s.conditionalSe })),
    xLabel: 'θ',
    yLabel: 'SE (1/√information)',
  });
  const info = lineChart({
    title: `${b.blueprint.id} v${b.blueprint.version}: test information of the best test per skill`,
    x: b.theta,
    series: b.skills.map((s) => ({ name: s.skill, y: s.bestTestInformation })),
    xLabel: 'θ',
    yLabel: 'information',
  });
  const rows = b.skills.map((s) => [s.skill, s.items, s.maxItems, s.cuts.generalist ?? '—', s.cuts.expert ?? '—', num(Math.min(...s.conditionalSe.filter((v): v is number => v !== null)))]);
  return (
    `<section class="blueprint" data-blueprint="${escapeXml(b.blueprint.id)}"><h3>${escapeXml(b.blueprint.id)} (version ${b.blueprint.version})</h3>` +
    figure(chart, 'The SE an adaptive test reaches at each θ with the skill’s most informative items, up to its item cap: low where the pool is strong. Routing is most reliable where the SE is small near the cuts.') +
    figure(info, 'Test information of the same best tests (the reciprocal of the squared SE).') +
    table(['skill', 'active items', 'item cap', 'generalist cut', 'expert cut', 'smallest SE'], rows) +
    '</section>'
  );
}

function errorsSection(e: ErrorsView): string {
  const top = e.errors.slice(0, 8);
  if (top.length === 0) return `<p>No wrong answers with an error tag in this window (${e.responses} responses).</p>`;
  const chart = groupedBars({
    title: 'Error tags: rate by ability band (θ quintiles within the skill)',
    groups: top.map((t) => ({ label: `${t.skill} · ${t.errorTag}`, values: t.byBand.map((b) => ({ name: `band ${b.band}`, value: b.p, lo: b.lo, hi: b.hi })) })),
    yLabel: 'rate among responses to the items offering it',
    yMax: Math.min(1, Math.max(0.05, ...top.flatMap((t) => t.byBand.map((b) => b.hi))) * 1.05),
  });
  const rows = top.map((t) => [t.skill, t.errorTag, t.count, pct(t.shareOfErrors.p), `${pct(t.rate.p)} (${pct(t.rate.lo)}–${pct(t.rate.hi)})`, t.peakBand ?? '—', t.flag ?? '', t.exampleItems.map((i) => i.itemId).join(', ')]);
  return (
    figure(chart, `Band 1 is the weakest fifth of the responders in the skill, band 5 the strongest; bars are rates with 95% Wilson intervals. ${e.rule}`) +
    table(['skill', 'error tag', 'count', 'share of errors', 'rate (95%)', 'peak band', 'flag', 'example items'], rows) +
    `<p class="meta">${e.responses} responses, engine ${escapeXml(e.engine)}.</p>`
  );
}

function itemHealthSection(h: ItemHealthView): string {
  const flagged = h.items.filter((i) => i.flags.length > 0);
  const counts = new Map<string, number>();
  for (const i of flagged) for (const f of i.flags) counts.set(f, (counts.get(f) ?? 0) + 1);
  const chart = groupedBars({ title: 'Items needing attention, by flag', groups: [...counts].map(([flag, n]) => ({ label: flag, values: [{ name: 'items', value: n }] })), yLabel: 'items' });
  const rows = flagged.slice(0, 30).map((i) => [i.itemId, i.skill, i.status, i.n, i.flags.join(', '), i.health ? num(i.health.pValue) : '—', i.health ? num(i.health.pointBiserial) : '—']);
  return (
    (counts.size > 0 ? figure(chart, 'Flags of the latest calibration report (docs/item-health.md).') : '<p>No item is flagged.</p>') +
    table(['item', 'skill', 'status', 'n', 'flags', 'p-value', 'point-biserial'], rows) +
    `<p class="meta">Calibration ${escapeXml(h.calibrationId)} of ${escapeXml(h.calibratedAt)}.</p>`
  );
}

function courseSection(c: ReportData['courses'][number]): string {
  const { latest } = c;
  const withGain = latest.variants.filter((v) => v.gain !== null);
  const gains = withGain.length
    ? figure(
        intervalChart({ title: `${latest.courseId}: mean θ gain per variant`, rows: withGain.map((v) => ({ label: `${v.variant} (n ${v.gain ? v.withPost : 0})`, estimate: v.gain!.mean, lo: v.gain!.ci95[0], hi: v.gain!.ci95[1] })), xLabel: 'post − pre θ (95% interval)', reference: 0 }),
        'Mean gain of each variant with its t interval.',
      )
    : '<p>No variant has post-tests yet.</p>';
  const over = latest.comparisons.map((cmp) => {
    const series = c.looks.map(({ report }) => report.comparisons.find((x) => x.control === cmp.control && x.treatment === cmp.treatment));
    const est = series.map((s) => s?.ancova?.estimate ?? null);
    const lo = series.map((s) => s?.sequential?.confidenceSequence[0] ?? null);
    const hi = series.map((s) => s?.sequential?.confidenceSequence[1] ?? null);
    const x = c.looks.map((_, i) => i + 1);
    if (!est.some((v) => v !== null)) return `<p>${escapeXml(cmp.treatment)} vs ${escapeXml(cmp.control)}: not enough data yet (at least ${latest.minPerVariant} taskers with a post-test per variant).</p>`;
    return figure(
      lineChart({ title: `${cmp.treatment} − ${cmp.control}: adjusted effect over time`, x, series: [{ name: 'estimate', y: est.map((v) => (v === null ? null : v)) }, { name: 'always-valid lower', y: lo }, { name: 'always-valid upper', y: hi }], xLabel: `look (1 = ${c.looks[0]?.at.slice(0, 10) ?? ''})`, yLabel: 'θ difference' }),
      `ANCOVA estimate of the variant difference adjusted for pre-test θ, with its always-valid confidence sequence (${latest.sequentialTest.method}, α = ${latest.sequentialTest.alpha}): it may be read at every look.`,
    );
  });
  const rows = latest.variants.map((v) => [v.variant, v.n, v.withPost, v.gain ? `${num(v.gain.mean)} (${num(v.gain.ci95[0])} to ${num(v.gain.ci95[1])})` : '—', `${pct(v.exitRate.p)} (${pct(v.exitRate.lo)}–${pct(v.exitRate.hi)})`]);
  const verdicts = latest.comparisons.map((cmp) => [cmp.treatment, cmp.control, cmp.status, cmp.ancova ? `${num(cmp.ancova.estimate)} (${num(cmp.ancova.ci95[0])} to ${num(cmp.ancova.ci95[1])})` : '—', cmp.sequential ? num(cmp.sequential.alwaysValidP, 3) : '—', cmp.sequential ? (cmp.sequential.reject ? 'yes' : 'no') : '—']);
  return (
    `<section class="course" data-course="${escapeXml(latest.courseId)}"><h3>${escapeXml(latest.courseId)} (${escapeXml(latest.skill)}, ${escapeXml(latest.status)})</h3>` +
    gains +
    over.join('') +
    table(['variant', 'enrolled with pre-test', 'with post-test', 'mean gain (95%)', 'exit rate (95%)'], rows) +
    table(['treatment', 'control', 'status', 'adjusted difference (95%)', 'always-valid p', 'significant'], verdicts) +
    '</section>'
  );
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:980px;padding:0 1rem;color:#111}
h1{font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:1px solid #ccc}figure{margin:1rem 0}figcaption{color:#444;font-size:.9rem;max-width:640px}
table{border-collapse:collapse;margin:.8rem 0;font-size:.85rem}th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left}th{background:#f4f4f4}
.meta,.notes{color:#555;font-size:.85rem}svg{max-width:100%;height:auto}`;

export function renderReport(data: ReportData): string {
  const sections = [
    `<h2 id="blueprints">What each blueprint measures</h2>${data.blueprints.map(blueprintSection).join('') || '<p>No blueprint.</p>'}`,
    `<h2 id="errors">Common errors by ability band</h2>${data.errors ? errorsSection(data.errors) : '<p>Not available.</p>'}`,
    `<h2 id="item-health">Item health</h2>${data.itemHealth ? itemHealthSection(data.itemHealth) : '<p>No calibration has completed yet.</p>'}`,
    `<h2 id="courses">Courses: variants and their effect</h2>${data.courses.map(courseSection).join('') || '<p>No course was asked for.</p>'}`,
  ];
  const notes = data.notes.length ? `<ul class="notes">${data.notes.map((n) => `<li>${escapeXml(n)}</li>`).join('')}</ul>` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Theta training report</title><meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head><body><main><h1>Theta training report</h1><p class="meta">Generated ${escapeXml(data.generatedAt)} from ${escapeXml(data.source)}.</p>${notes}${sections.join('')}</main></body></html>\n`;
}
