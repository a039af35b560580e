// GET /v1/insights/errors through the local server: DuckDB over the local analytics dataset (what
// `npm run insights -- sync` writes). Authors and ops only; bad filters are 400s naming the field.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendResponses, createResponsesTable, localResponsesDir, openDuckDb, writeParquetDataset } from '@theta/insights';
import type { ResponseLogRecord } from '@theta/irt';
import { startLocalStack, type LocalStack } from '../support/local-stack';

let stack: LocalStack;
let dataDir: string;

/** 10 taskers: the two strongest (band 5) and the weakest choose B (slip) on i1; everyone else the key */
function records(): ResponseLogRecord[] {
  return Array.from({ length: 10 }, (_, t) => {
    const wrong = t === 0 || t >= 8;
    const at = `2026-12-0${1 + (t % 3)}T10:00:00.000Z`;
    return { line: t + 1, atMs: Date.parse(at), at, taskerId: `t${t}`, itemId: 'i1', score: wrong ? 0 : 1, answer: wrong ? 'B' : 'A', errorTag: wrong ? 'slip' : null, skill: 'math', thetaBefore: t / 2, seBefore: 0.3 };
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'theta-insights-e2e-'));
  process.env.THETA_DATA_DIR = dataDir;
  const c = await openDuckDb();
  await createResponsesTable(c);
  await appendResponses(c, records());
  await writeParquetDataset(c, localResponsesDir());
  c.closeSync();
  stack = await startLocalStack();
});

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const window = 'from=2026-12-01T00:00:00Z&to=2026-12-05T00:00:00Z';

test('authors and ops get the report from DuckDB; counts as planted', async () => {
  for (const as of ['author', 'ops'] as const) {
    const res = await stack.get(`/v1/insights/errors?skill=math&${window}`, { as });
    expect(res.status).toBe(200);
    const body = res.json<{ engine: string; responses: number; errors: { errorTag: string; count: number; byBand: { x: number; n: number }[] }[] }>();
    expect(body.engine).toBe('duckdb');
    expect(body.responses).toBe(10);
    expect(body.errors.map((e) => [e.errorTag, e.count])).toEqual([['slip', 3]]);
    expect(body.errors[0]!.byBand.map((b) => [b.x, b.n])).toEqual([[1, 2], [0, 2], [0, 2], [0, 2], [2, 2]]);
  }
  const otherSkill = await stack.get(`/v1/insights/errors?skill=coding&${window}`, { as: 'author' });
  expect(otherSkill.json<{ responses: number }>().responses).toBe(0);
});

test('taskers and onboarding get none of it', async () => {
  expect((await stack.get(`/v1/insights/errors?${window}`, { as: 'tasker' })).status).toBe(403);
  expect((await stack.get(`/v1/insights/errors?${window}`, { as: 'onboarding' })).status).toBe(403);
  expect((await stack.get('/v1/insights/errors')).status).toBe(401);
});

test('bad filters: 400 naming the field', async () => {
  const paths = async (query: string) =>
    (await stack.get(`/v1/insights/errors?${query}`, { as: 'author' })).json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path);
  expect(await paths('from=yesterday')).toEqual(['query.from']);
  expect(await paths('skill=Math!')).toEqual(['query.skill']);
  expect(await paths('from=2026-12-05T00:00:00Z&to=2026-12-01T00:00:00Z')).toEqual(['query.from']);
  expect(await paths('from=2024-01-01T00:00:00Z&to=2026-12-01T00:00:00Z')).toEqual(['query.from']);
  expect(await paths('limit=3')).toEqual(['query.limit']);
  expect(await paths('projectId=Apollo!')).toEqual(['query.projectId']);
});
