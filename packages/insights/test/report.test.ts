// The HTML report's renderer (packages/insights/src/report): every chart draws the numbers it is given (read back
// from the SVG's data attributes and geometry), the file is self-contained (no script, no external resource),
// labels are escaped, and what is missing says so.
import { renderReport, type ReportData } from '../src/report/report';
import { ticks } from '../src/report/svg';

const prop = (x: number, n: number) => ({ x, n, p: x / n, lo: Math.max(0, x / n - 0.1), hi: Math.min(1, x / n + 0.1) });
const course = (estimate: number | null) => ({
  courseId: 'coding-basics',
  skill: 'coding',
  status: estimate === null ? 'not-enough-data' : 'ok',
  minPerVariant: 20,
  sequentialTest: { method: 'normal-mixture SPRT', alpha: 0.05 },
  variants: [
    { variant: 'control', n: 40, withPost: 30, gain: { mean: 0.1, ci95: [-0.05, 0.25] as [number, number] }, exitRate: prop(12, 40) },
    { variant: 'video', n: 41, withPost: 31, gain: { mean: 0.6, ci95: [0.4, 0.8] as [number, number] }, exitRate: prop(25, 41) },
  ],
  comparisons: [
    estimate === null
      ? { status: 'not-enough-data', control: 'control', treatment: 'video' }
      : { status: 'ok', control: 'control', treatment: 'video', ancova: { estimate, ci95: [estimate - 0.2, estimate + 0.2] as [number, number], p: 0.001 }, sequential: { alwaysValidP: 0.01, confidenceSequence: [estimate - 0.3, estimate + 0.3] as [number, number], reject: true } },
  ],
});

const DATA: ReportData = {
  generatedAt: '2026-12-07T10:00:00.000Z',
  source: 'http://127.0.0.1:3000',
  blueprints: [
    {
      blueprint: { id: 'general-placement', version: 3 },
      theta: [-1, 0, 1],
      skills: [
        { skill: 'math', items: 20, maxItems: 12, cuts: { expert: 0.8 }, bestTestInformation: [4, 9, 4], conditionalSe: [0.5, 0.3333, 0.5] },
        { skill: 'coding', items: 0, maxItems: 12, cuts: {}, bestTestInformation: [0, 0, 0], conditionalSe: [null, null, null] },
      ],
    },
  ],
  errors: {
    engine: 'duckdb',
    responses: 300,
    rule: 'flag rule',
    errors: [{ skill: 'math', errorTag: 'sign-error', count: 30, shareOfErrors: prop(30, 90), rate: prop(30, 120), byBand: [1, 2, 3, 4, 5].map((band) => ({ band, ...prop(6 - band, 24) })), peakBand: 1, flag: null, exampleItems: [{ itemId: 'm-1' }] }],
  },
  itemHealth: { calibrationId: 'cal-1', calibratedAt: '2026-12-06T00:00:00Z', items: [{ itemId: 'm-1', skill: 'math', status: 'active', n: 300, flags: ['dif', 'misfit'], health: { pValue: 0.5, pointBiserial: 0.3 } }, { itemId: 'm-2', skill: 'math', status: 'active', n: 300, flags: [] }] },
  courses: [{ latest: course(0.5), looks: [{ at: '2026-12-01T00:00:00Z', report: course(null) }, { at: '2026-12-04T00:00:00Z', report: course(0.4) }, { at: '2026-12-07T00:00:00Z', report: course(0.5) }] }],
  notes: ['course other: HTTP 404 course_not_found'],
};

const html = renderReport(DATA);

test('self-contained: no script, no external reference, one document with a title and the notes', () => {
  expect(html.startsWith('<!doctype html>')).toBe(true);
  expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|href="(?!#)/i);
  expect(html).toContain('<title>Theta training report</title>');
  expect(html).toContain('course other: HTTP 404 course_not_found');
});

test('the SE chart draws each skill\'s values; a skill with no items draws no line', () => {
  const math = /<path class="series" data-name="math" data-y="([^"]+)" d="([^"]*)"/.exec(html)!;
  expect(JSON.parse(math[1]!.replace(/&quot;/g, '"'))).toEqual([0.5, 0.3333, 0.5]);
  // three points, the middle (smaller SE) drawn higher up than the ends: y grows downwards in SVG
  const ys = [...math[2]!.matchAll(/[ML][\d.]+ ([\d.]+)/g)].map((m) => Number(m[1]));
  expect(ys).toHaveLength(3);
  expect(ys[1]).toBeGreaterThan(ys[0]!);
  const coding = /<path class="series" data-name="coding" data-y="[^"]+" d="([^"]*)"/.exec(html)!;
  expect(coding[1]).toBe('');
});

test('error tags: one bar per ability band with its rate, and the table row', () => {
  const group = /<g class="group" data-label="math · sign-error">(.*?)<\/g>/.exec(html)![1]!;
  const bars = [...group.matchAll(/data-name="band (\d)" data-value="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
  expect(bars).toEqual([1, 2, 3, 4, 5].map((band) => [band, (6 - band) / 24]));
  expect(group.match(/class="interval"/g)).toHaveLength(5);
  expect(html).toContain('<td>sign-error</td><td>30</td><td>33.3%</td>');
});

test('item health: flagged items counted per flag, unflagged items left out of the table', () => {
  expect(html).toMatch(/<g class="group" data-label="dif"><rect class="bar" data-name="items" data-value="1"/);
  expect(html).toMatch(/<g class="group" data-label="misfit"><rect class="bar" data-name="items" data-value="1"/);
  expect(html).toContain('<td>m-1</td>');
  expect(html).not.toContain('<td>m-2</td>');
});

test('courses: each variant\'s gain with its interval, and the effect over the looks with its confidence sequence', () => {
  expect(html).toMatch(/<g class="row" data-label="video \(n 31\)" data-estimate="0.6" data-lo="0.4" data-hi="0.8">/);
  const section = html.slice(html.indexOf('video − control: adjusted effect over time'));
  const series = (name: string) => JSON.parse(new RegExp(`data-name="${name}" data-y="([^"]+)"`).exec(section)![1]!.replace(/&quot;/g, '"')) as (number | null)[];
  expect(series('estimate')).toEqual([null, 0.4, 0.5]);
  expect(series('always-valid lower')).toEqual([null, 0.4 - 0.3, 0.5 - 0.3]);
  expect(series('always-valid upper')).toEqual([null, 0.4 + 0.3, 0.5 + 0.3]);
});

test('labels are escaped: a hostile skill name cannot open a tag', () => {
  const hostile = renderReport({ ...DATA, blueprints: [{ ...DATA.blueprints[0]!, skills: [{ ...DATA.blueprints[0]!.skills[0]!, skill: '<script>alert(1)</script>' }] }] });
  expect(hostile).not.toContain('<script>');
  expect(hostile).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
});

test('missing parts say so', () => {
  const empty = renderReport({ ...DATA, blueprints: [], errors: null, itemHealth: null, courses: [], notes: [] });
  expect(empty).toContain('No calibration has completed yet.');
  expect(empty).toContain('No course was asked for.');
  expect(empty.match(/<svg /g)).toBeNull();
});

test('axis ticks are round numbers covering the range', () => {
  expect(ticks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  expect(ticks(-4, 4, 8)).toEqual([-4, -3, -2, -1, 0, 1, 2, 3, 4]);
});
