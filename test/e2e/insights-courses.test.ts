// GET /v1/insights/courses/{id} through the local server: DuckDB over the local analytics dataset, which
// `npm run insights -- sync` wrote from planted enrolment and measurement files (an effective variant +0.4 θ, an
// ineffective one 0, 150 taskers each, known by construction). Authors and ops only; unknown course 404; bad query 400.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { plantedCourseData } from '@theta/insights';
import { runInsightsCli } from '../../packages/insights/src/cli/main';
import { startLocalStack, type LocalStack } from '../support/local-stack';

let stack: LocalStack;
let dataDir: string;

const COURSE = {
  title: 'Coding, planted',
  skills: ['coding'],
  modules: [{ id: 'loops', title: 'Loops', quiz: { skill: 'coding' }, pass: { minTheta: 0.5 } }],
  variants: [
    { id: 'control', weight: 1 },
    { id: 'effective', weight: 1 },
    { id: 'ineffective', weight: 1 },
  ],
};
const window = 'from=2026-10-01T00:00:00Z&to=2027-01-01T00:00:00Z';

interface Comparison {
  status: string;
  control: string;
  treatment: string;
  ancova?: { estimate: number; ci95: [number, number]; p: number };
  sequential?: { alwaysValidP: number; confidenceSequence: [number, number]; reject: boolean; tau2: number; alpha: number };
  looks: { at: string; status: string; alwaysValidP: number | null }[];
}
interface Report {
  engine: string;
  status: string;
  enrolled: number;
  minPerVariant: number;
  sequentialTest: { tau: number; alpha: number; method: string };
  filters: { proficientTheta: number };
  variants: { variant: string; n: number; withPost: number; gain: { ci95: [number, number] } | null; exitRate: { n: number }; medianDaysToProficiency: number | null }[];
  control: string;
  comparisons: Comparison[];
  taskers: { total: number; shown: number; items: { taskerId: string; variant: string; rci: number }[] };
  gainsOverTime: { at: string; variants: { variant: string; n: number }[] }[];
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'theta-insights-courses-e2e-'));
  process.env.THETA_DATA_DIR = dataDir;
  const planted = plantedCourseData({ courseId: 'planted-course', skill: 'coding', gains: { control: 0, effective: 0.4, ineffective: 0 }, perVariant: 150, seed: 5 });
  const enrollments = join(dataDir, 'log.enrollments.jsonl');
  const measurements = join(dataDir, 'log.measurements.jsonl');
  writeFileSync(enrollments, planted.enrollments.map((e) => JSON.stringify(e)).join('\n'));
  writeFileSync(measurements, planted.measurements.map((m) => JSON.stringify(m)).join('\n'));
  let out = '';
  const code = await runInsightsCli(['sync', '--enrollments', enrollments, '--measurements', measurements], { out: (t) => (out += t), err: () => {}, env: { THETA_DATA_DIR: dataDir } });
  expect([code, out]).toEqual([0, expect.stringContaining('450 enrollments, 2250 measurements')]);
  stack = await startLocalStack();
  expect((await stack.put('/v1/courses/planted-course', COURSE, { as: 'author', sub: 'author-1' })).status).toBe(201);
  expect((await stack.put('/v1/courses/empty-course', COURSE, { as: 'author', sub: 'author-1' })).status).toBe(201);
});

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('authors and ops: the effective variant is significant, the ineffective one is not; the method is stated', async () => {
  for (const as of ['author', 'ops'] as const) {
    const res = await stack.get(`/v1/insights/courses/planted-course?${window}`, { as });
    expect(res.status).toBe(200);
    const body = res.json<Report>();
    expect(body).toMatchObject({ engine: 'duckdb', status: 'ok', enrolled: 450, minPerVariant: 20, control: 'control', sequentialTest: { tau: 0.3, alpha: 0.05 } });
    // the course's own bar: the module's minTheta
    expect(body.filters.proficientTheta).toBe(0.5);
    expect(body.variants.map((v) => [v.variant, v.n, v.withPost])).toEqual([['control', 150, 150], ['effective', 150, 150], ['ineffective', 150, 150]]);
    const [effective, ineffective] = body.comparisons;
    expect(effective).toMatchObject({ status: 'ok', control: 'control', treatment: 'effective', sequential: { reject: true, tau2: 0.09, alpha: 0.05 } });
    expect(effective!.ancova!.ci95[0]).toBeLessThan(0.4);
    expect(effective!.ancova!.ci95[1]).toBeGreaterThan(0.4);
    expect(effective!.sequential!.alwaysValidP).toBeLessThan(0.05);
    expect(ineffective).toMatchObject({ status: 'ok', treatment: 'ineffective', sequential: { reject: false } });
    expect(ineffective!.sequential!.confidenceSequence[0]).toBeLessThan(0);
    expect(ineffective!.sequential!.confidenceSequence[1]).toBeGreaterThan(0);
    expect(body.variants.find((v) => v.variant === 'effective')!.gain!.ci95[0]).toBeGreaterThan(0.2);
    expect(body.taskers).toMatchObject({ total: 450, shown: 50 });
    // the daily looks since the first enrolment, the last one at `to`: the always-valid p only ever falls
    const ps = effective!.looks.filter((l) => l.status === 'ok').map((l) => l.alwaysValidP!);
    expect(effective!.looks.at(-1)!.at).toBe('2027-01-01T00:00:00.000Z');
    expect(ps).toEqual([...ps].sort((a, b) => b - a));
    expect(ps.at(-1)).toBe(effective!.sequential!.alwaysValidP);
    expect(body.gainsOverTime.at(-1)!.variants.map((v) => [v.variant, v.n])).toEqual([['control', 150], ['effective', 150], ['ineffective', 150]]);
    const rci = body.taskers.items.map((t) => Math.abs(t.rci));
    expect(rci).toEqual([...rci].sort((a, b) => b - a));
  }
});

test('one pair, the tasker list size, and a course nobody is enrolled in yet: not enough data', async () => {
  const pair = (await stack.get(`/v1/insights/courses/planted-course?${window}&treatment=ineffective&control=effective&taskers=3`, { as: 'author' })).json<Report>();
  expect(pair.comparisons.map((c) => [c.control, c.treatment, c.sequential!.reject, Math.sign(c.ancova!.estimate)])).toEqual([['effective', 'ineffective', true, -1]]);
  expect(pair.taskers).toMatchObject({ total: 450, shown: 3 });
  const empty = (await stack.get(`/v1/insights/courses/empty-course?${window}`, { as: 'ops' })).json<Report>();
  expect(empty).toMatchObject({ status: 'not-enough-data', enrolled: 0 });
  expect(empty.variants.map((v) => [v.variant, v.n, v.exitRate.n])).toEqual([['control', 0, 0], ['effective', 0, 0], ['ineffective', 0, 0]]);
  expect(empty.comparisons.map((c) => c.status)).toEqual(['not-enough-data', 'not-enough-data']);
});

test('unknown course → 404; taskers and onboarding 403; no token 401', async () => {
  const missing = await stack.get(`/v1/insights/courses/no-such-course?${window}`, { as: 'author' });
  expect(missing.status).toBe(404);
  expect(missing.json<{ error: { code: string } }>().error.code).toBe('course_not_found');
  expect((await stack.get(`/v1/insights/courses/planted-course?${window}`, { as: 'tasker' })).status).toBe(403);
  expect((await stack.get(`/v1/insights/courses/planted-course?${window}`, { as: 'onboarding' })).status).toBe(403);
  expect((await stack.get(`/v1/insights/courses/planted-course?${window}`)).status).toBe(401);
});

test('bad query: 400 naming the field', async () => {
  const paths = async (query: string) => {
    const res = await stack.get(`/v1/insights/courses/planted-course?${query}`, { as: 'author' });
    expect(res.status).toBe(400);
    return res.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path);
  };
  expect(await paths('from=yesterday')).toEqual(['query.from']);
  expect(await paths('from=2026-12-05T00:00:00Z&to=2026-12-01T00:00:00Z')).toEqual(['query.from']);
  expect(await paths('taskers=-1')).toEqual(['query.taskers']);
  expect(await paths('proficientTheta=high')).toEqual(['query.proficientTheta']);
  expect(await paths('control=effective&treatment=effective')).toEqual(['query.treatment']);
  expect(await paths('control=nope')).toEqual(['query.control']);
  expect(await paths('treatment=Video!')).toEqual(['query.treatment']);
  expect(await paths('skill=math')).toEqual(['query.skill']);
  expect(await paths('limit=3')).toEqual(['query.limit']);
});

test('the OpenAPI document describes the route from the same schemas (query fields, the stated test, 404)', async () => {
  const doc = (await stack.get('/v1/openapi.json')).json<{ paths: Record<string, { get: { parameters: { name: string }[]; responses: Record<string, unknown> } }> }>();
  const op = doc.paths['/v1/insights/courses/{id}']!.get;
  expect(op.parameters.map((p) => p.name).sort()).toEqual(['control', 'from', 'id', 'proficientTheta', 'skill', 'taskers', 'to', 'treatment']);
  expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '404']));
  expect(JSON.stringify(op.responses['200'])).toContain('sequentialTest');
});
